import axios, { AxiosError } from 'axios';
import AsyncStorage from '@react-native-async-storage/async-storage';
import * as Keychain from 'react-native-keychain';

export const API_TIMEOUT_MS = 15000;
export const MAX_PAGE_SIZE = 100;

export const api = axios.create({
  baseURL: 'https://api.shopkit.example',
  timeout: API_TIMEOUT_MS,
});

api.interceptors.request.use(async (config) => {
  const credentials = await Keychain.getGenericPassword();
  if (credentials) {
    config.headers = { ...config.headers, 'Authorization': `Bearer ${credentials.password}` };
  }
  return config;
});

export interface Product { id: string; name: string; priceCents: number }

export async function listProducts(page: number): Promise<Product[]> {
  if (page < 1) throw new Error('page starts at 1');
  const res = await api.get<Product[]>('/v2/products', { params: { page, size: MAX_PAGE_SIZE } });
  return res.data;
}

export async function getProduct(id: string): Promise<Product> {
  const res = await api.get(`/v2/products/${id}`);
  return res.data;
}

export async function addToCart(productId: string, quantity: number) {
  return api.post('/v2/cart/items', { productId, quantity });
}

export async function updateAddress(addressId: string, body: object) {
  return axios.put(`https://api.shopkit.example/v2/users/me/addresses/${addressId}`, body);
}

export async function deleteAccount() {
  return api.delete('/v2/users/me');
}

export async function login(email: string, password: string): Promise<string> {
  const res = await fetch('https://api.shopkit.example/v2/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status === 401) {
    throw new Error('Wrong email or password');
  }
  const { token, refreshToken } = await res.json();
  await Keychain.setGenericPassword(email, token);
  await AsyncStorage.setItem('refresh_token', refreshToken);
  return token;
}

export async function refreshSession(): Promise<string | null> {
  const refresh = await AsyncStorage.getItem('refresh_token');
  if (refresh === null) return null;
  try {
    const res = await api.post('/v2/auth/refresh', { refresh });
    await AsyncStorage.setItem('session_token', res.data.token);
    return res.data.token;
  } catch (err) {
    const status = (err as AxiosError).response?.status;
    if (status === 403) {
      await logout();
    }
    return null;
  }
}

export async function logout() {
  await AsyncStorage.removeItem('refresh_token');
  await Keychain.resetGenericPassword();
}

export function fetchStoreHours(storeId: string) {
  return fetch(`https://api.shopkit.example/v2/stores/${storeId}/hours`)
    .then((r) => r.json())
    .catch(() => ({ open: false }));
}

// api.get('/v1/legacy-products') was removed with the v1 API.
const HELP = "Use api.post('/v2/cart/items') to add items";
const cache = new Map<string, string>();
export const cachedName = (id: string) => cache.get('product:' + id);
