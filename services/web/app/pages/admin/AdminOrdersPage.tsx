import { useState } from 'react';
import { type Order, type OrderStatus, orderStatuses } from '../../../src/api/types.ts';
import { adminActions } from '../../../src/order-status.ts';
import { hrefFor } from '../../../src/routes.ts';
import { formatDate, Money, PageTitle, StatusBadge, shortId } from '../../components/bits.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/feedback.tsx';
import { ManagedStoreSwitch } from '../../components/stores.tsx';
import { Link, navigate } from '../../router.tsx';
import { useShop } from '../../shop-context.tsx';
import { useAsync } from '../../use-async.ts';

const actionLabels = { ship: 'Ship', deliver: 'Deliver', cancel: 'Cancel' } as const;

export function AdminOrdersPage({ status }: { status?: OrderStatus | undefined }) {
  const { api } = useShop();
  const [more, setMore] = useState<{ items: Order[]; cursor: string | null }>();
  const [notice, setNotice] = useState<string>();
  const [action, setAction] = useState<{ busy?: string; error?: unknown }>({});
  const first = useAsync(async () => {
    setMore(undefined);
    return api.listAllOrders({ status, limit: 50 });
  }, [api, status]);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);

  const replace = (order: Order) => {
    if (first.data) {
      first.setData({
        ...first.data,
        items: first.data.items.map((item) => (item.orderId === order.orderId ? order : item)),
      });
    }
    if (more)
      setMore({ ...more, items: more.items.map((item) => (item.orderId === order.orderId ? order : item)) });
  };
  const act = async (order: Order, kind: 'ship' | 'deliver' | 'cancel') => {
    setAction({ busy: order.orderId });
    setNotice(undefined);
    try {
      const calls = { ship: api.shipOrder, deliver: api.deliverOrder, cancel: api.cancelOrder };
      const updated = await calls[kind](order.orderId);
      replace(updated);
      setNotice(`Order ${order.orderId} is now ${updated.status.toLowerCase()}.`);
      setAction({});
    } catch (error) {
      setAction({ error });
    }
  };
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await api.listAllOrders({ status, limit: 50, cursor });
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
    } catch (error) {
      setAction({ error });
    }
  };

  return (
    <>
      <PageTitle>Orders</PageTitle>
      <ManagedStoreSwitch />
      <div className="field inline-field">
        <label htmlFor="admin-order-status">Status</label>
        <select
          id="admin-order-status"
          value={status ?? ''}
          onChange={(event) =>
            navigate(
              hrefFor({
                page: 'admin-orders',
                status: (event.target.value || undefined) as OrderStatus | undefined,
              }),
            )
          }
        >
          <option value="">All statuses</option>
          {orderStatuses.map((value) => (
            <option key={value} value={value}>
              {value.charAt(0) + value.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <ErrorNotice error={action.error} title="The order was not changed" />
      {first.loading && <Loading label="Loading orders…" />}
      <ErrorNotice error={first.error} title="The orders could not be loaded" />
      {first.data && items.length === 0 && (
        <p>No orders{status ? ` with status ${status.toLowerCase()}` : ''}.</p>
      )}
      {items.length > 0 && (
        <table className="table admin-table">
          <caption className="visually-hidden">Orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Customer</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((order) => (
              <tr key={order.orderId} data-order-id={order.orderId}>
                <th scope="row">
                  <Link to={hrefFor({ page: 'order', orderId: order.orderId })} title={order.orderId}>
                    {shortId(order.orderId)}
                  </Link>
                </th>
                <td data-label="Placed">{formatDate(order.createdAt)}</td>
                <td data-label="Customer" title={order.userId}>
                  {shortId(order.userId)}
                </td>
                <td data-label="Total">
                  <Money amount={order.total} currency={order.currency} />
                </td>
                <td data-label="Status">
                  <StatusBadge status={order.status} />
                </td>
                <td>
                  <div className="row-actions">
                    {adminActions(order.status).map((kind) => (
                      <button
                        key={kind}
                        type="button"
                        className={kind === 'cancel' ? 'button-small secondary' : 'button-small'}
                        disabled={action.busy === order.orderId}
                        onClick={() => act(order, kind)}
                      >
                        {actionLabels[kind]}
                        <span className="visually-hidden"> order {order.orderId}</span>
                      </button>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <p className="center">
          <button type="button" onClick={loadMore}>
            Show more orders
          </button>
        </p>
      )}
    </>
  );
}
