import React, { useEffect, useState } from 'react';
import { ActivityIndicator, Button, Image, Text, View } from 'react-native';
import remoteConfig from '@react-native-firebase/remote-config';
import { getProduct, addToCart, Product } from '../api/client';
import { segment } from '../analytics/segment';

const MAX_QUANTITY = 10;
const REVIEW_PREVIEW_LIMIT = 3;

type LoadState = 'loading' | 'ready' | 'error';

export default function ProductScreen({ route, navigation }: any) {
  const { id } = route.params;
  const [product, setProduct] = useState<Product | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [load, setLoad] = useState<LoadState>('loading');
  const showReviews = remoteConfig().getValue('reviews_enabled').asBoolean();

  useEffect(() => {
    getProduct(id)
      .then((p) => {
        setProduct(p);
        setLoad('ready');
        segment.track('Product Viewed', { id });
      })
      .catch(() => setLoad('error'));
  }, [id]);

  function increment() {
    if (quantity >= MAX_QUANTITY) return;
    setQuantity(quantity + 1);
  }

  function decrement() {
    if (quantity <= 1) return;
    setQuantity(quantity - 1);
  }

  async function onAdd() {
    if (product == null) return;
    await addToCart(product.id, quantity);
    segment.track('Product Added', { id: product.id, quantity });
    navigation.navigate('Cart');
  }

  if (load === 'loading') return <ActivityIndicator />;
  if (load === 'error') return <Text>Could not load this product.</Text>;

  return (
    <View>
      <Image source={{ uri: `https://cdn.shopkit.example/p/${id}.jpg` }} />
      <Text>{product?.name}</Text>
      <Text>{((product?.priceCents ?? 0) / 100).toFixed(2)} €</Text>
      <Button title="-" onPress={decrement} />
      <Text>{quantity}</Text>
      <Button title="+" onPress={increment} />
      <Button title="Add to cart" onPress={onAdd} />
      {showReviews && <Button title="Reviews" onPress={() => navigation.push('Reviews', { id, limit: REVIEW_PREVIEW_LIMIT })} />}
    </View>
  );
}
