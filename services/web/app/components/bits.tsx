import { useEffect } from 'react';
import type { OrderStatus } from '../../src/api/types.ts';
import { formatMoney } from '../../src/money.ts';
import { statusNames } from '../../src/order-status.ts';
import { useShop } from '../shop-context.tsx';

/** An amount in its currency, written the way the store's country writes money (e.g. 19,99 € in DE). */
export function Money({ amount, currency }: { amount: number; currency: string }) {
  const { locale } = useShop();
  return <span className="money">{formatMoney(amount, currency, locale)}</span>;
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{statusNames[status]}</span>;
}

/** The page's heading; also names the browser tab. Focus moves here after an in-app navigation. */
export function PageTitle({ children }: { children: string }) {
  useEffect(() => {
    document.title = `${children} · The Shop`;
  }, [children]);
  return (
    <h1 id="page-title" tabIndex={-1}>
      {children}
    </h1>
  );
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 14)}…` : id;
}
