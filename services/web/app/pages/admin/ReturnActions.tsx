import { useState } from 'react';
import type { OrderReturn } from '../../../src/api/types.ts';
import { ErrorNotice } from '../../components/feedback.tsx';
import { TextField } from '../../components/fields.tsx';
import { useShop } from '../../shop-context.tsx';

/** The store admin's answer to a requested return: receive it (restock and refund follow) or reject it. */
export function ReturnActions({
  orderId,
  entry,
  onChanged,
}: {
  orderId: string;
  entry: OrderReturn;
  onChanged: (entry: OrderReturn) => void;
}) {
  const { api } = useShop();
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy?: boolean; error?: unknown }>({});
  const run = async (call: () => Promise<OrderReturn>) => {
    setState({ busy: true });
    try {
      onChanged(await call());
      setState({});
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <div className="actions">
      <button
        type="button"
        disabled={state.busy}
        onClick={() => run(() => api.receiveReturn(orderId, entry.returnId))}
      >
        Mark received
      </button>
      <TextField
        label="Reason to reject"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
      />
      <button
        type="button"
        className="secondary"
        disabled={state.busy || reason.trim() === ''}
        onClick={() => run(() => api.rejectReturn(orderId, entry.returnId, reason.trim()))}
      >
        Reject
      </button>
      <ErrorNotice error={state.error} title="The return was not changed" />
    </div>
  );
}
