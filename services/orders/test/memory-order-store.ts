import type { EventEnvelope } from '@shop/events';
import type { StoredOrder } from '../src/domain/order.ts';
import { OrderChangedError, type OrderStore } from '../src/domain/order-store.ts';

/** An in-memory OrderStore with the DynamoDB store's guarantees (create once, conditional changes). */
export function memoryOrderStore() {
  const orders = new Map<string, StoredOrder>();
  const sent: EventEnvelope[] = [];
  const sentIds = new Set<string>();
  const record = (events: EventEnvelope[]) => {
    for (const event of events) {
      if (sentIds.has(event.id)) continue;
      sentIds.add(event.id);
      sent.push(event);
    }
  };
  const store: OrderStore & { orders: Map<string, StoredOrder>; sent: EventEnvelope[] } = {
    orders,
    sent,
    async find(orderId) {
      const order = orders.get(orderId);
      return order && structuredClone(order);
    },
    async create(order, events) {
      if (orders.has(order.orderId)) return false;
      orders.set(order.orderId, structuredClone(order));
      record(events);
      return true;
    },
    async apply(change, events) {
      const order = orders.get(change.orderId);
      if (order?.status !== change.from) throw new OrderChangedError(change.orderId);
      order.status = change.to;
      order.updatedAt = change.at;
      order.history.push({
        status: change.to,
        at: change.at,
        ...(change.reason ? { reason: change.reason } : {}),
      });
      if (change.reason) order.reason = change.reason;
      if (change.payment) order.payment = change.payment;
      record(events);
    },
    async applyNow(change, events) {
      await store.apply(change, events);
    },
    async send(events) {
      record(events);
    },
    async recordPayment(orderId, payment) {
      const order = orders.get(orderId);
      if (order) order.payment = payment;
    },
    async recordStockReleased() {},
    async listOfUser() {
      return { items: [], nextCursor: null };
    },
    async listAll() {
      return { items: [], nextCursor: null };
    },
  };
  return store;
}
