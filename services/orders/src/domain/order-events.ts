import { ORDERS_SOURCE, stockReleaseRequested, stockReservationRequested } from '@shop/contracts';
import { createEvent, type EventEnvelope } from '@shop/events';
import { causedEventId, eventOfStatus, linesToReserve, type StoredOrder, snapshotOf } from './order.ts';

// Every event an order causes carries the correlation id of the checkout that started it.
const meta = (order: StoredOrder) => ({ source: ORDERS_SOURCE, correlationId: order.correlationId });

// An order reaches each status at most once, so (order, status) names its event for good: whoever
// sends it again (a redelivered message republishing what its first handling published) sends the
// same id, and consumers drop the repeat.
const withId = (event: EventEnvelope, id: string): EventEnvelope => ({ ...event, id });

/** The event announcing the status the order has now (OrderPlaced, OrderConfirmed, ...). */
export const statusEvent = (order: StoredOrder): EventEnvelope =>
  withId(
    createEvent(eventOfStatus[order.status], snapshotOf(order), meta(order)),
    causedEventId(`status:${order.status}`, order.orderId),
  );

/** Asks products to reserve the order's lines, in its store, at the prices the customer saw (once per order). */
export const reservationRequest = (order: StoredOrder): EventEnvelope =>
  withId(
    createEvent(
      stockReservationRequested,
      {
        storeId: order.storeId,
        orderId: order.orderId,
        lines: linesToReserve(order),
        currency: order.currency,
      },
      meta(order),
    ),
    causedEventId('reserve', order.orderId),
  );

/**
 * Asks products to give back what the order holds; by default under the id of the order's move to
 * its current status, `id` when a repeat of another cause must send the same event.
 */
export function releaseRequest(order: StoredOrder, reason: string, id?: string): EventEnvelope {
  const event = createEvent(
    stockReleaseRequested,
    { storeId: order.storeId, orderId: order.orderId, reason },
    meta(order),
  );
  return withId(event, id ?? causedEventId(`release:${order.status}`, order.orderId));
}
