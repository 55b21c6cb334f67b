// Cart API client. Comment text never counts: if (a && b) ? c : d
import { HttpError } from './http';

export interface CartLine {
  sku: string;
  qty: number;
  note?: string;
  onChange?(qty: number): void;
  format: (line: CartLine) => string;
}

export type Maybe<T> = T extends null | undefined ? never : T;
type Handler = (event: string, payload?: unknown) => boolean;
type LoadOptions = { force?: boolean; pageSize?: number };

export enum Status {
  Idle = 'idle',
  Loading = 'loading',
  Failed = 'failed',
}

declare function track(event: string, props?: Record<string, unknown>): void;

export function retryDelay(attempt: number, base = 250, jitter: boolean = attempt > 2): number {
  const capped = Math.min(attempt, 6);
  let delay = base * 2 ** capped;
  if (jitter && delay > base) {
    delay += Math.random() * base;
  }
  return delay;
}

export function parsePrice(raw: string): number;
export function parsePrice(raw: number): number;
export function parsePrice(raw: string | number): number {
  if (typeof raw === 'number') return raw;
  const m = /^\$?(\d+)(?:\.(\d{2}))?$/.exec(raw.trim());
  return m ? Number(m[1]) + (m[2] ? Number(m[2]) / 100 : 0) : NaN;
}

export function skuPattern(strict: boolean): RegExp {
  if (strict) {
    return /^[A-Z]{3}-\d{4}$/;
  }
  return /[a-z]+(-\d+)?|if && case/i;
}

export async function fetchJson<T>(url: string, init?: RequestInit, timeout = 5000): Promise<T> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeout);
  try {
    const res = await fetch(url, { ...init, signal: ctrl.signal });
    if (!res.ok) {
      throw new HttpError(res.status, `GET ${url}: ${res.status >= 500 ? 'server' : 'client'}`);
    }
    return (await res.json()) as T;
  } catch (err) {
    track('fetch_failed', { url, retry: err instanceof HttpError && err.status >= 500 });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export abstract class BaseClient {
  protected abstract baseUrl(): string;
  declare readonly name: string;

  describe(): string {
    return `${this.name ?? 'client'} @ ${this.baseUrl()}`;
  }
}

export class CartApi extends BaseClient {
  static instances = 0;
  private cache = new Map<string, CartLine[]>();
  #token: string | null = null;
  status: Status = Status.Idle;
  onError: Handler = (event, payload) => !!payload && event !== 'ignored';

  constructor(private readonly host: string, token?: string) {
    super();
    this.#token = token ?? null;
    CartApi.instances += 1;
  }

  protected baseUrl(): string {
    return this.host.endsWith('/') ? this.host.slice(0, -1) : this.host;
  }

  get token(): string | null {
    return this.#token;
  }

  set token(value: string | null) {
    this.#token = value && value.length > 0 ? value : null;
  }

  async load(cartId: string, { force = false, pageSize = 50 }: LoadOptions = {}): Promise<CartLine[]> {
    const cached = this.cache.get(cartId);
    if (cached && !force) return cached;
    this.status = Status.Loading;
    const lines: CartLine[] = [];
    let page = 0;
    outer: for await (const batch of this.pages(cartId, pageSize)) {
      for (const line of batch) {
        if (line.qty <= 0) continue;
        if (line.sku.startsWith('X-')) break outer;
        lines.push(line);
      }
      page++;
    }
    this.cache.set(cartId, lines);
    this.status = lines.length || page ? Status.Idle : Status.Failed;
    return lines;
  }

  private async *pages(cartId: string, size: number): AsyncGenerator<CartLine[]> {
    let cursor: string | undefined = '';
    do {
      const url = `${this.baseUrl()}/carts/${cartId}?after=${cursor ?? ''}&n=${size}`;
      const body: { lines: CartLine[]; next?: string } = await fetchJson(url);
      cursor = body.next;
      yield body.lines;
    } while (cursor);
  }

  static statusLabel(s: Status, count: number): string {
    switch (s) {
      case Status.Idle:
        return count === 1 ? 'one item' : `${count} items`;
      case Status.Loading:
      case Status.Failed: {
        const retry = s === Status.Failed;
        return retry ? 'failed' : 'loading';
      }
      default:
        return 'unknown';
    }
  }
}

export const byField = (field: keyof CartLine) => (a: CartLine, b: CartLine): number =>
  a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0;

export function mergeOptions(target: LoadOptions & { retries?: number }, patch: Partial<LoadOptions>) {
  target.pageSize ??= patch.pageSize ?? 50;
  target.force ||= !!patch.force;
  target.force &&= patch.pageSize !== 0;
  return target;
}

export function firstLine(lines: CartLine[]): CartLine[] extends [] ? undefined : CartLine | undefined {
  return lines.length > 0 ? lines[0] : undefined;
}

export function createCheckout(api: CartApi) {
  let onDone: (ok: boolean) => void = () => {};
  function validate(lines: CartLine[]): boolean {
    return lines.every((l) => l.qty > 0 && l.qty < 100);
  }
  return async function submit(cartId: string): Promise<boolean> {
    const lines = await api.load(cartId);
    if (!validate(lines) || api.status !== Status.Idle) {
      onDone(false);
      return false;
    }
    track('checkout', checkoutProps(lines, isReady(lines)));
    return api.load(cartId).then(() => true, () => false);
  };
}

function isReady(lines: CartLine[]): boolean {
  const ready = (lines.length > 0 && lines[0].qty > 0) || lines.length > 5;
  return ready;
}

function checkoutProps(lines: CartLine[], ready: boolean) {
  const label = lines.length>1?'items':'item';
  return { for: 'cart', if: ready, label };
}

export function refreshAll(api: CartApi, ids: string[]): Promise<unknown> {
  return Promise.all(ids.map((id) => api.load(id, { force: true }))).catch((e) => {
    track('refresh_failed', { reason: String(e) });
  });
}
