import { useEffect } from 'react';
import { formatDate, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { Link } from '../router.tsx';
import { useShop } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';

const typeLabels: Record<string, string> = {
  WELCOME: 'Welcome',
  ORDER_CONFIRMED: 'Order confirmed',
  ORDER_REJECTED: 'Order rejected',
  ORDER_CANCELLED: 'Order cancelled',
  ORDER_SHIPPED: 'Order shipped',
  ORDER_DELIVERED: 'Order delivered',
};

export function NotificationsPage() {
  const { api, store } = useShop();
  const list = useAsync(() => api.listNotifications({ limit: 50 }), [api]);
  // Emails follow order events by a moment: look again every 5 s while the page is open.
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && list.reload(), 5_000);
    return () => clearInterval(timer);
  }, [list.reload]);
  const items = list.data?.items ?? [];
  return (
    <>
      <PageTitle>Your emails</PageTitle>
      <p className="muted">
        Every email {store?.name ?? 'the shop'} sent you, newest first.{' '}
        <button type="button" className="link-button" onClick={list.reload}>
          Refresh
        </button>
      </p>
      {list.loading && !list.data && <Loading label="Loading your emails…" />}
      <ErrorNotice error={list.error} title="Your emails could not be loaded" />
      {list.data && items.length === 0 && <p>No emails yet.</p>}
      <ul className="list">
        {items.map((item) => (
          <li key={item.notificationId} className="card notification" data-type={item.type}>
            <p className="notification-head">
              <span className="badge">{typeLabels[item.type] ?? item.type}</span>
              <span className="muted">{formatDate(item.createdAt)}</span>
            </p>
            <h2 className="card-title">{item.subject}</h2>
            <p className="muted">
              To {item.to} · {item.status.toLowerCase()}
              {item.orderId && (
                <>
                  {' · '}
                  <Link to={`/orders/${encodeURIComponent(item.orderId)}`}>Order {item.orderId}</Link>
                </>
              )}
            </p>
            <details>
              <summary>Read the email</summary>
              <pre className="email-body">{item.body}</pre>
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
