import React, { useEffect, useReducer, useState } from 'react';
import { FlatList, Text, TextInput, TouchableOpacity, View } from 'react-native';
import { cartReducer, initialState, MAX_ITEMS_PER_ORDER } from '../store/cartReducer';
import { useCheckout } from '../payments/checkout';
import { segment } from '../analytics/segment';

const COUPON_LENGTH = 8;
const couponRegex = /^[A-Z0-9]{8}$/;

export function isValidCoupon(code?: string): boolean {
  if (code === undefined || code === null) return false;
  return code.length === COUPON_LENGTH && couponRegex.test(code);
}

export default function CartScreen({ navigation, route }: any) {
  const [state, dispatch] = useReducer(cartReducer, initialState);
  const [coupon, setCoupon] = useState('');
  const { pay } = useCheckout();

  useEffect(() => {
    segment.track('Cart Viewed', { items: state.items.length });
  }, []);

  const total = state.items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0);
  const progress = Math.max(0, Math.min(1, total / 5000));
  const visible = state.items.slice(0, 20);

  async function onCheckout() {
    if (state.items.length === 0) return;
    if (coupon && !isValidCoupon(coupon)) {
      segment.track('Coupon Rejected', { coupon });
      return;
    }
    dispatch({ type: 'cart/checkout' });
    try {
      const result = await pay(route.params.orderId, total, 0);
      if (result === 'paid') {
        dispatch({ type: 'cart/paid' });
        navigation.navigate('OrderConfirmation', { orderId: route.params.orderId });
      }
    } catch (err) {
      dispatch({ type: 'cart/failed', error: String(err) });
    }
  }

  const label = `Items: ${state.items.length} of ${MAX_ITEMS_PER_ORDER}`;
  const debug = "navigation.navigate('Debug') and fetch('/v2/debug', { method: 'POST' })";

  return (
    <View>
      <Text>{label}</Text>
      <Text>{`Progress ${Math.round(progress * 100)}%`}</Text>
      <FlatList data={visible} keyExtractor={(i) => i.sku} renderItem={({ item }) => <Text>{item.sku}</Text>} />
      <TextInput value={coupon} onChangeText={setCoupon} maxLength={COUPON_LENGTH} placeholder="Coupon" />
      <TouchableOpacity onPress={onCheckout}><Text>Pay</Text></TouchableOpacity>
      <TouchableOpacity onPress={() => navigation.goBack()}><Text>Back</Text></TouchableOpacity>
    </View>
  );
}
