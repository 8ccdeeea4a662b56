import { useState } from 'react';
import { type Order, type OrderStatus, orderStatuses } from '../../src/api/types.ts';
import { hrefFor } from '../../src/routes.ts';
import { formatDate, Money, PageTitle, StatusBadge } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { Link } from '../router.tsx';
import { useShop } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';

export function OrdersPage() {
  const { api } = useShop();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [more, setMore] = useState<{ items: Order[]; cursor: string | null; error?: unknown }>();
  const first = useAsync(async () => {
    setMore(undefined);
    return api.listOrders({ status: status || undefined, limit: 20 });
  }, [api, status]);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await api.listOrders({ status: status || undefined, limit: 20, cursor });
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
    } catch (error) {
      setMore({ items: more?.items ?? [], cursor, error });
    }
  };
  return (
    <>
      <PageTitle>Your orders</PageTitle>
      <div className="field inline-field">
        <label htmlFor="order-status">Show</label>
        <select
          id="order-status"
          value={status}
          onChange={(event) => setStatus(event.target.value as OrderStatus | '')}
        >
          <option value="">All orders</option>
          {orderStatuses.map((value) => (
            <option key={value} value={value}>
              {value.charAt(0) + value.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {first.loading && <Loading label="Loading your orders…" />}
      <ErrorNotice error={first.error} title="Your orders could not be loaded" />
      {!first.loading && !first.error && items.length === 0 && (
        <p>
          No orders yet. <Link to="/">Browse the catalog</Link>
        </p>
      )}
      <ul className="list">
        {items.map((order) => (
          <li key={order.orderId} className="card order-card">
            <Link to={hrefFor({ page: 'order', orderId: order.orderId })}>Order {order.orderId}</Link>
            <StatusBadge status={order.status} />
            <span className="muted">{formatDate(order.createdAt)}</span>
            <span>
              {order.items.reduce((sum, line) => sum + line.quantity, 0)} items ·{' '}
              <Money amount={order.total} currency={order.currency} />
            </span>
          </li>
        ))}
      </ul>
      <ErrorNotice error={more?.error} />
      {cursor && (
        <p className="center">
          <button type="button" onClick={loadMore}>
            Show older orders
          </button>
        </p>
      )}
    </>
  );
}
