import { useEffect, useState } from 'react';
import type { Order } from '../../src/api/types.ts';
import { optionsLabel } from '../../src/catalog.ts';
import { adminActions, describeReason, isCancellable, statusDescriptions } from '../../src/order-status.ts';
import { trackOrder } from '../../src/order-tracking.ts';
import { administers } from '../../src/stores.ts';
import { formatDate, Money, PageTitle, StatusBadge } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { OrderReturns } from '../components/returns.tsx';
import { Totals } from '../components/totals.tsx';
import { Link } from '../router.tsx';
import { useShop, useUser } from '../shop-context.tsx';

export function OrderPage({ orderId }: { orderId: string }) {
  const { api, reloadCart, storeId } = useShop();
  const user = useUser();
  const [order, setOrder] = useState<Order | undefined>();
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<unknown>();
  const [action, setAction] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const [run, setRun] = useState(0);

  // Live status: ask every second while PENDING (a 404 right after checkout means "not made yet").
  // biome-ignore lint/correctness/useExhaustiveDependencies: `run` restarts tracking after an action
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    trackOrder({
      load: () => api.getOrder(orderId),
      onUpdate: (next) => {
        setWaiting(next === undefined);
        if (next) setOrder(next);
      },
      signal: controller.signal,
    }).catch((reason: unknown) => !controller.signal.aborted && setError(reason));
    return () => controller.abort();
  }, [api, orderId, run]);

  // The cart is emptied once the order is confirmed; refresh the header's count when it settles.
  const status = order?.status;
  useEffect(() => {
    if (status && status !== 'PENDING') void reloadCart();
  }, [status, reloadCart]);

  const act = async (kind: 'cancel' | 'ship' | 'deliver') => {
    setAction({ busy: true });
    try {
      const calls = { cancel: api.cancelOrder, ship: api.shipOrder, deliver: api.deliverOrder };
      setOrder(await calls[kind](orderId));
      setAction({ busy: false });
      setRun((count) => count + 1);
    } catch (reason) {
      setAction({ busy: false, error: reason });
    }
  };

  if (!order) {
    return (
      <>
        <PageTitle>{`Order ${orderId}`}</PageTitle>
        {!error && <Loading label={waiting ? 'Your order is being created…' : 'Loading the order…'} />}
        <ErrorNotice error={error} title="The order could not be loaded" />
      </>
    );
  }
  const admin =
    user && administers(user.groups, storeId)
      ? adminActions(order.status).filter((kind) => kind !== 'cancel')
      : [];
  return (
    <>
      <PageTitle>{`Order ${order.orderId}`}</PageTitle>
      <section className="order-status" aria-labelledby="status-title">
        <h2 id="status-title">Status</h2>
        <p aria-live="polite" className="status-line" data-status={order.status}>
          <StatusBadge status={order.status} /> <span>{statusDescriptions[order.status]}</span>
          {order.status === 'PENDING' && <span className="spinner" aria-hidden="true" />}
        </p>
        {describeReason(order.reason) && <p>{describeReason(order.reason)}</p>}
        <ErrorNotice error={error} title="The status could not be refreshed" />
        <div className="actions">
          {isCancellable(order.status) && (
            <button type="button" className="secondary" disabled={action.busy} onClick={() => act('cancel')}>
              Cancel order
            </button>
          )}
          {admin.includes('ship') && (
            <button type="button" disabled={action.busy} onClick={() => act('ship')}>
              Mark shipped
            </button>
          )}
          {admin.includes('deliver') && (
            <button type="button" disabled={action.busy} onClick={() => act('deliver')}>
              Mark delivered
            </button>
          )}
          <button type="button" className="link-button" onClick={() => setRun((count) => count + 1)}>
            Refresh
          </button>
        </div>
        <ErrorNotice error={action.error} title="The order was not changed" />
      </section>
      <section aria-labelledby="items-title">
        <h2 id="items-title">Items</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Quantity</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((line) => (
              <tr key={line.variantId ?? line.productId}>
                <th scope="row">
                  {line.name}
                  {line.options && optionsLabel(line.options) && (
                    <div className="muted">{optionsLabel(line.options)}</div>
                  )}
                </th>
                <td data-label="Quantity">{line.quantity}</td>
                <td data-label="Total">
                  <Money amount={line.lineTotal} currency={order.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Totals priced={order} currency={order.currency} />
      </section>
      <OrderReturns
        order={order}
        userId={user?.userId}
        admin={Boolean(user && administers(user.groups, storeId))}
        requestReturn={(body) => api.requestReturn(orderId, body)}
        onChanged={() => setRun((count) => count + 1)}
      />
      <section aria-labelledby="ship-title">
        <h2 id="ship-title">Shipping to</h2>
        <address>
          {order.shippingAddress.line1}
          <br />
          {order.shippingAddress.line2 && (
            <>
              {order.shippingAddress.line2}
              <br />
            </>
          )}
          {order.shippingAddress.postalCode} {order.shippingAddress.city}
          <br />
          {order.shippingAddress.country}
        </address>
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol className="history">
          {order.history.map((step) => (
            <li key={`${step.status}-${step.at}`}>
              <StatusBadge status={step.status} /> {formatDate(step.at)}
              {step.reason ? ` — ${describeReason(step.reason)}` : ''}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link to="/orders">All your orders</Link> · <Link to="/notifications">Your emails</Link>
      </p>
    </>
  );
}
