import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { CartApi, CartLine, Status } from './api';

type Props = {
  api: CartApi;
  cartId: string;
  title?: string;
  onCheckout?: (total: number) => void;
};

interface RowProps {
  line: CartLine;
  onRemove?(sku: string): void;
  highlight?: boolean;
}

const currency = (n: number, code = 'EUR'): string => `${n < 0 ? '-' : ''}${Math.abs(n).toFixed(2)} ${code}`;

export const pick = <T,>(items: T[], index?: number): T | undefined =>
  index !== undefined && index >= 0 ? items[index] : items[0];

function sortBy<K extends keyof CartLine>(lines: CartLine[], key: K): CartLine[] {
  return [...lines].sort((a, b) => (a[key] > b[key] ? 1 : a[key] < b[key] ? -1 : 0));
}

function CartRow({ line, onRemove, highlight = false }: RowProps) {
  const label = line.note ? `${line.sku} (${line.note})` : line.sku;
  return (
    <li className={highlight ? 'row row--hot' : 'row'}>
      <span>{label}</span>
      <p>Don't remove it if unsure && on sale?</p>
      {line.qty > 1 && <b>x{line.qty}</b>}
      {onRemove && (
        <button onClick={() => onRemove(line.sku)} disabled={line.qty === 0 || !highlight}>
          Remove
        </button>
      )}
      <small>It's kept for 30 days</small>
    </li>
  );
}

export default function CartScreen({ api, cartId, title = 'Your cart', onCheckout }: Props) {
  const [lines, setLines] = useState<CartLine[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    api.load(cartId).then((fresh) => {
      if (!cancelled) setLines(sortBy(fresh, 'sku'));
    });
    return () => {
      cancelled = true;
    };
  }, [api, cartId]);

  const total = useMemo(() => lines.reduce((sum, l) => sum + (l.qty > 0 ? l.qty * 10 : 0), 0), [lines]);

  const remove = useCallback(async (sku: string) => {
    const next = lines.filter((l) => l.sku !== sku);
    setLines(next);
    if (next.length === 0 && onCheckout) {
      onCheckout(0);
    } else if (!next.some((l) => l.sku === selected)) {
      setSelected(undefined);
    }
  }, [lines, onCheckout, selected]);

  if (api.status === Status.Loading) {
    return <p className="spinner">Loading… if slow, please wait</p>;
  }

  return (
    <section>
      <h1>{title}</h1>
      {error ? <p role="alert">{error}</p> : null}
      <ul>
        {lines.map((line) => (
          <CartRow key={line.sku} line={line} onRemove={remove} highlight={line.sku === selected} />
        ))}
      </ul>
      <footer className="total">{currency(total)}{lines.length > 9 ? '+' : ''}</footer>
      <>
        {pick(lines)?.note ?? <i>No notes</i>}
      </>
      <button onClick={() => (total > 0 ? onCheckout?.(total) : setError('empty'))}>Pay</button>
    </section>
  );
}
