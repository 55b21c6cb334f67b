export const MAX_ITEMS_PER_ORDER = 50;
export const MIN_QUANTITY = 1;

export enum OrderStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Paid = 'paid',
  Shipped = 'shipped',
  Cancelled = 'cancelled',
}

export interface CartItem { sku: string; quantity: number; priceCents: number }

export interface CartState {
  items: CartItem[];
  status: OrderStatus;
  error?: string;
}

type Action =
  | { type: 'cart/add'; item: CartItem }
  | { type: 'cart/remove'; sku: string }
  | { type: 'cart/checkout' }
  | { type: 'cart/paid' }
  | { type: 'cart/failed'; error: string };

export const initialState: CartState = { items: [], status: OrderStatus.Draft };

export function cartReducer(state: CartState = initialState, action: Action): CartState {
  switch (action.type) {
    case 'cart/add': {
      if (action.item.quantity < MIN_QUANTITY) return state;
      if (state.items.length >= MAX_ITEMS_PER_ORDER) {
        return { ...state, error: 'Cart is full' };
      }
      return { ...state, items: [...state.items, action.item] };
    }
    case 'cart/remove':
      return { ...state, items: state.items.filter((i) => i.sku !== action.sku) };
    case 'cart/checkout':
      if (state.items.length === 0) return { ...state, error: 'Cart is empty' };
      return { ...state, status: OrderStatus.Submitted };
    case 'cart/paid':
      return { ...state, status: OrderStatus.Paid, items: [] };
    case 'cart/failed':
      return { ...state, status: OrderStatus.Draft, error: action.error };
    default:
      return state;
  }
}

export function cartTotalCents(items: CartItem[]): number {
  return items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0);
}

// case 'cart/clear': was merged into 'cart/remove'
export const describe = (s: CartState) => `status=${s.status} case 'cart/add': ${s.items.length}`;
