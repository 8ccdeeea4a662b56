import { orderCancelled, orderRejected, returnReceived } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { config, returnRefunds, saga } from '../../wiring.ts';

/**
 * The RefundsQueue consumer (this service's own topic): OrderCancelled refunds the payment a cancel
 * left REFUND_PENDING; OrderCancelled and OrderRejected give back the order's promotion use (each
 * once: both steps are safe to run again); ReturnReceived refunds the return. A failure is
 * retried by the queue, then dead-lettered and alarmed.
 */
export const handler = sqsEventConsumer({
  events: [orderCancelled, orderRejected, returnReceived],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    // A received return: its refund, keyed by the return, then REFUNDED with ReturnRefunded.
    if (event.type === 'ReturnReceived') return returnRefunds().refund(event);
    await saga().orderEnded(event);
  },
});
