import { lazy, Suspense, useState } from 'react';
import type { Order, OrderReturn, ReturnRequest } from '../../src/api/types.ts';
import { optionsLabel } from '../../src/catalog.ts';
import { canRequestReturn, returnableUnits, returnBodyOf, returnStatusText } from '../../src/returns.ts';
import { formatDate, Money } from './bits.tsx';
import { ErrorNotice, SuccessNotice } from './feedback.tsx';
import { TextAreaField, TextField } from './fields.tsx';

// The admin's receive and reject buttons are a chunk of their own: a shopper never loads them.
const ReturnActions = lazy(() =>
  import('../pages/admin/ReturnActions.tsx').then((module) => ({ default: module.ReturnActions })),
);

/**
 * A delivered order's returns: each with its status and refund, the admin's actions on a requested
 * one, and (for the owner, while units are left) the "Return items" form.
 */
export function OrderReturns({
  order,
  userId,
  admin,
  requestReturn,
  onChanged,
}: {
  order: Order;
  userId: string | undefined;
  admin: boolean;
  requestReturn: (body: ReturnRequest) => Promise<OrderReturn>;
  onChanged: (entry: OrderReturn) => void;
}) {
  if (order.returns.length === 0 && !canRequestReturn(order, userId)) return null;
  const itemOf = (variantId: string) => order.items.find((item) => item.variantId === variantId);
  return (
    <section aria-labelledby="returns-title">
      <h2 id="returns-title">Returns</h2>
      {order.returns.length > 0 && (
        <ul className="returns">
          {order.returns.map((entry) => (
            <li key={entry.returnId} data-status={entry.status}>
              <p>
                <strong>{returnStatusText[entry.status]}</strong> · refund{' '}
                <Money amount={entry.refundAmount} currency={order.currency} /> ·{' '}
                {formatDate(entry.createdAt)}
              </p>
              <ul>
                {entry.lines.map((line) => {
                  const item = itemOf(line.variantId);
                  const options = item?.options ? optionsLabel(item.options) : '';
                  return (
                    <li key={line.variantId}>
                      {line.quantity} × {item?.name ?? line.productId}
                      {options ? ` (${options})` : ''}
                    </li>
                  );
                })}
              </ul>
              {entry.rejectionReason && <p className="muted">Why: {entry.rejectionReason}</p>}
              {admin && entry.status === 'REQUESTED' && (
                <Suspense fallback={null}>
                  <ReturnActions orderId={order.orderId} entry={entry} onChanged={onChanged} />
                </Suspense>
              )}
            </li>
          ))}
        </ul>
      )}
      {order.refundedTotal > 0 && (
        <p>
          Refunded so far: <Money amount={order.refundedTotal} currency={order.currency} />
        </p>
      )}
      {canRequestReturn(order, userId) && (
        <ReturnForm order={order} requestReturn={requestReturn} onChanged={onChanged} />
      )}
    </section>
  );
}

function ReturnForm({
  order,
  requestReturn,
  onChanged,
}: {
  order: Order;
  requestReturn: (body: ReturnRequest) => Promise<OrderReturn>;
  onChanged: (entry: OrderReturn) => void;
}) {
  const left = returnableUnits(order);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{
    busy?: boolean;
    invalid?: string;
    error?: unknown;
    done?: OrderReturn;
  }>({});
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const made = returnBodyOf({ quantities, reason }, left);
    if ('error' in made) return setState({ invalid: made.error });
    setState({ busy: true });
    try {
      const created = await requestReturn(made.body);
      setQuantities({});
      setReason('');
      setState({ done: created });
      onChanged(created);
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="return-form-title" noValidate>
      <h3 id="return-form-title">Return items</h3>
      {order.items
        .filter((item) => (left.get(item.variantId) ?? 0) > 0)
        .map((item) => (
          <TextField
            key={item.variantId}
            label={`${item.name}${optionsLabel(item.options) ? ` (${optionsLabel(item.options)})` : ''}`}
            hint={`Up to ${left.get(item.variantId)}`}
            type="number"
            inputMode="numeric"
            min={0}
            max={left.get(item.variantId)}
            value={quantities[item.variantId] ?? ''}
            onChange={(change) => setQuantities({ ...quantities, [item.variantId]: change.target.value })}
          />
        ))}
      <TextAreaField
        label="Why are you returning it?"
        maxLength={500}
        value={reason}
        error={state.invalid}
        onChange={(change) => setReason(change.target.value)}
      />
      <button type="submit" disabled={state.busy}>
        Return items
      </button>
      {state.done && (
        <SuccessNotice>
          Return requested: we refund <Money amount={state.done.refundAmount} currency={order.currency} />{' '}
          once it arrives.
        </SuccessNotice>
      )}
      <ErrorNotice error={state.error} title="The return was not requested" />
    </form>
  );
}
