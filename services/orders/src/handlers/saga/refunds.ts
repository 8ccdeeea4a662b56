import { orderCancelled } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { config, saga } from '../../wiring.ts';

/**
 * The RefundsQueue consumer (OrderCancelled from this service's own topic): refunds the payment a
 * cancel left REFUND_PENDING. A failed refund is retried by the queue, then dead-lettered and alarmed.
 */
export const handler = sqsEventConsumer({
  events: [orderCancelled],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: (event) => saga().refundCancelledOrder(event),
});
