import { useStripe } from '@stripe/stripe-react-native';
import analytics from '@react-native-firebase/analytics';
import { api } from '../api/client';

export const MAX_TIP_PERCENT = 25;
const minimumChargeCents = 50;

export function useCheckout() {
  const { initPaymentSheet, presentPaymentSheet } = useStripe();

  async function pay(orderId: string, amountCents: number, tipPercent: number) {
    if (amountCents < minimumChargeCents) {
      throw new Error('Amount below the minimum charge');
    }
    if (tipPercent > MAX_TIP_PERCENT) {
      throw new Error('Tip too high');
    }
    const { data } = await api.post(`/v2/orders/${orderId}/payment-sheet`, { tipPercent });
    const { error: initError } = await initPaymentSheet({
      merchantDisplayName: 'ShopKit',
      paymentIntentClientSecret: data.clientSecret,
      allowsDelayedPaymentMethods: false,
    });
    if (initError) throw new Error(initError.message);
    const { error } = await presentPaymentSheet();
    if (error) {
      if (error.code === 'Canceled') return 'cancelled';
      await analytics().logEvent('payment_failed', { code: error.code });
      return 'failed';
    }
    await analytics().logEvent('purchase', { value: amountCents / 100, currency: 'EUR' });
    return 'paid';
  }

  return { pay };
}
