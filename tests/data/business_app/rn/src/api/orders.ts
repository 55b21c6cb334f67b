import { api } from './client';
import analytics from '@react-native-firebase/analytics';

export const ORDER_PAGE_LIMIT = 25;

export type OrderStatus = 'draft' | 'paid' | 'shipped' | 'delivered';

export interface Order {
  id: string;
  status: OrderStatus;
  totalCents: number;
}

export async function listOrders(cursor?: string): Promise<Order[]> {
  const res = await api.get<Order[]>('/v2/orders', { params: { cursor, limit: ORDER_PAGE_LIMIT } });
  return res.data;
}

export async function cancelOrder(id: string, reason: string): Promise<void> {
  if (reason.trim().length < 10) {
    throw new Error('Please tell us why (10 characters or more)');
  }
  await api.patch(`/v2/orders/${id}`, { status: 'cancelled', reason });
  await analytics().logEvent('order_cancelled', { id });
}

export async function reorder(id: string): Promise<Order | undefined> {
  try {
    const res = await api.post<Order>(`/v2/orders/${id}/reorder`);
    return res.data;
  } catch (e: any) {
    if (e?.response?.status === 410) {
      return undefined;
    }
    throw e;
  }
}

export function downloadInvoice(id: string) {
  return fetch(`https://api.shopkit.example/v2/orders/${id}/invoice`, { method: 'GET', headers: { Accept: 'application/pdf' } })
    .then((res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.blob();
    });
}

export function statusLabel(status: OrderStatus): string {
  switch (status) {
    case 'draft': return 'Draft';
    case 'paid': return 'Paid';
    default: return status;
  }
}

// Decoys below: similar calls on objects that are not HTTP clients.
const params = new URLSearchParams('a=1');
export const firstParam = params.get('a');
const headers = new Map([['x', '1']]);
headers.delete('x');
