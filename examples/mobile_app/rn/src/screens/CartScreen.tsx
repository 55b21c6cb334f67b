import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { ActivityIndicator, Alert, FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { ApiClient } from '../api/client';

type CartItem = {
  sku: string;
  name: string;
  price: number;
  quantity: number;
  stock?: number;
};

type Props = {
  api: ApiClient;
  onCheckout: (total: number) => void;
  currency?: string;
};

const FREE_SHIPPING_FROM = 49;

const formatPrice = (value: number, currency: string) => `${value.toFixed(2)} ${currency}`;

export function CartScreen({ api, onCheckout, currency = 'EUR' }: Props) {
  const [items, setItems] = useState<CartItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const loadCart = useCallback(async () => {
    setLoading(true);
    try {
      const cart = await api.get<{ items: CartItem[] }>('/cart');
      setItems(cart?.items ?? []);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load your cart');
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    loadCart();
  }, [loadCart]);

  const subtotal = useMemo(
    () => items.reduce((sum, item) => sum + item.price * item.quantity, 0),
    [items],
  );
  const shipping = subtotal >= FREE_SHIPPING_FROM || items.length === 0 ? 0 : 4.9;

  const changeQuantity = (sku: string, delta: number) => {
    setItems((current) =>
      current
        .map((item) => {
          if (item.sku !== sku) {
            return item;
          }
          const next = item.quantity + delta;
          const max = item.stock ?? 99;
          return { ...item, quantity: Math.min(Math.max(next, 0), max) };
        })
        .filter((item) => item.quantity > 0),
    );
  };

  async function checkout() {
    if (items.length === 0) {
      Alert.alert('Your cart is empty');
      return;
    }
    try {
      await api.post('/cart/validate', { items });
      onCheckout(subtotal + shipping);
    } catch (e: any) {
      const message = e?.body?.errors?.join('\n') ?? e?.message ?? 'Unknown error';
      Alert.alert('Checkout failed', message);
    }
  }

  if (loading && items.length === 0) {
    return <ActivityIndicator style={styles.center} size="large" />;
  }

  return (
    <View style={styles.container}>
      {error && (
        <Pressable onPress={loadCart}>
          <Text style={styles.error}>{error} (tap to retry)</Text>
        </Pressable>
      )}
      <FlatList
        data={items}
        keyExtractor={(item) => item.sku}
        ListEmptyComponent={<Text style={styles.center}>Nothing here yet.</Text>}
        renderItem={({ item }) => (
          <View style={styles.row}>
            <Text style={styles.name}>{item.name}</Text>
            {item.stock !== undefined && item.stock < 3 && <Text style={styles.badge}>Only {item.stock} left</Text>}
            <Pressable onPress={() => changeQuantity(item.sku, -1)}><Text>−</Text></Pressable>
            <Text>{item.quantity}</Text>
            <Pressable onPress={() => changeQuantity(item.sku, 1)}><Text>+</Text></Pressable>
          </View>
        )}
      />
      <Text style={styles.total}>
        {shipping === 0 ? 'Free shipping' : `Shipping ${formatPrice(shipping, currency)}`}
      </Text>
      <Pressable style={styles.button} disabled={items.length === 0} onPress={checkout}>
        <Text style={styles.buttonText}>Pay {formatPrice(subtotal + shipping, currency)}</Text>
      </Pressable>
    </View>
  );
}

const styles = StyleSheet.create({
  container: { flex: 1, padding: 16 },
  center: { flex: 1, textAlign: 'center', marginTop: 40 },
  error: { color: '#b00020', marginBottom: 8 },
  row: { flexDirection: 'row', alignItems: 'center', paddingVertical: 8 },
  name: { flex: 1, fontSize: 16 },
  badge: { color: '#e65100', marginRight: 8 },
  total: { fontSize: 16, marginVertical: 12 },
  button: { backgroundColor: '#1565c0', borderRadius: 8, padding: 14 },
  buttonText: { color: 'white', textAlign: 'center', fontWeight: '600' },
});
