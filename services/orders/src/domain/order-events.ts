import { ORDERS_SOURCE, stockReleaseRequested, stockReservationRequested } from '@shop/contracts';
import { createEvent, type EventEnvelope } from '@shop/events';
import { eventOfStatus, linesToReserve, type StoredOrder, snapshotOf } from './order.ts';

// Every event an order causes carries the correlation id of the checkout that started it.
const meta = (order: StoredOrder) => ({ source: ORDERS_SOURCE, correlationId: order.correlationId });

/** The event announcing the status the order has now (OrderPlaced, OrderConfirmed, ...). */
export const statusEvent = (order: StoredOrder): EventEnvelope =>
  createEvent(eventOfStatus[order.status], snapshotOf(order), meta(order));

/** Asks products to reserve the order's lines at the prices the customer saw. */
export const reservationRequest = (order: StoredOrder): EventEnvelope =>
  createEvent(
    stockReservationRequested,
    { orderId: order.orderId, lines: linesToReserve(order), currency: order.currency },
    meta(order),
  );

/** Asks products to give back what the order holds; `id` when a repeat must send the same event. */
export function releaseRequest(order: StoredOrder, reason: string, id?: string): EventEnvelope {
  const event = createEvent(stockReleaseRequested, { orderId: order.orderId, reason }, meta(order));
  return id ? { ...event, id } : event;
}
