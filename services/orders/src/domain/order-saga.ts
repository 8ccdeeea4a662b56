import {
  type CheckoutRequested,
  ORDERS_SOURCE,
  type OrderCancelled,
  type OrderStatus,
  type StockReleased,
  type StockReservationFailed,
  type StockReserved,
  stockReleaseRequested,
  stockReservationRequested,
} from '@shop/contracts';
import { ConflictError, ForbiddenError, NotFoundError } from '@shop/errors';
import { createEvent, type EventEnvelope } from '@shop/events';
import {
  causedEventId,
  eventOfStatus,
  holdsNoStock,
  linesToReserve,
  move,
  newOrder,
  type Order,
  type PaymentRecord,
  rejectionOfRefusal,
  reservedAtOrderPrices,
  type StatusChange,
  type StoredOrder,
  snapshotOf,
  toOrderView,
} from './order.ts';
import type { PaymentProvider } from './payment.ts';

/** A page of orders, newest first, as the API answers it. */
export type OrderPage = { items: Order[]; nextCursor: string | null };

export type OrderQuery = { status?: OrderStatus | undefined; limit: number; cursor?: string | undefined };

/** The order's status was no longer the change's `from` when it was written: a racing writer won. */
export class OrderChangedError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} changed while it was being updated`);
    this.name = 'OrderChangedError';
  }
}

/** A reply arrived for an order whose checkout has not been handled yet; redelivery will find it. */
export class OrderNotYetPlacedError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} does not exist yet`);
    this.name = 'OrderNotYetPlacedError';
  }
}

/** Where orders live; every write goes with its events, in one transaction (the outbox). */
export interface OrderStore {
  find(orderId: string): Promise<StoredOrder | undefined>;
  /** Stores a new order with its events; false (and nothing written) when the order already exists. */
  create(order: StoredOrder, events: EventEnvelope[]): Promise<boolean>;
  /** Applies the change with its events if the order is still in `change.from`, else throws OrderChangedError. */
  apply(change: StatusChange, events: EventEnvelope[]): Promise<void>;
  /** Sends events that record no change of the order; an id already sent is not sent again. */
  send(events: EventEnvelope[]): Promise<void>;
  /** Records the payment's latest state (a refund), whatever the order's status. */
  recordPayment(orderId: string, payment: PaymentRecord): Promise<void>;
  /** Notes that products reports the order holding no stock any more. */
  recordStockReleased(orderId: string, at: string): Promise<void>;
  listOfUser(userId: string, query: OrderQuery): Promise<OrderPage>;
  listAll(query: OrderQuery): Promise<OrderPage>;
}

/** What the saga reports to metrics. */
export interface OrderMetrics {
  confirmed(checkoutToConfirmationMs: number): void;
  rejected(reason: string): void;
}

/** Who acts on an order through the API. */
export type Actor = { userId: string; admin: boolean };

const quietMetrics: OrderMetrics = { confirmed: () => {}, rejected: () => {} };

/**
 * The order saga and the order routes' rules (docs/order-flow.md): every transition is a conditional
 * write on the status it was decided from; when a racing writer got there first, the order is read
 * again and the decision made afresh.
 */
export function orderSaga(deps: {
  store: OrderStore;
  payments: PaymentProvider;
  metrics?: OrderMetrics;
  now?: () => Date;
  /** How many times a decision is retried after losing a race; default 5. */
  attempts?: number;
}) {
  const { store, payments } = deps;
  const metrics = deps.metrics ?? quietMetrics;
  const now = deps.now ?? (() => new Date());
  const attempts = deps.attempts ?? 5;

  const meta = (order: StoredOrder) => ({ source: ORDERS_SOURCE, correlationId: order.correlationId });
  const statusEvent = (order: StoredOrder): EventEnvelope =>
    createEvent(eventOfStatus[order.status], snapshotOf(order), meta(order));
  const reservationRequest = (order: StoredOrder): EventEnvelope =>
    createEvent(
      stockReservationRequested,
      { orderId: order.orderId, lines: linesToReserve(order), currency: order.currency },
      meta(order),
    );
  const releaseRequest = (order: StoredOrder, reason: string, id?: string): EventEnvelope => {
    const event = createEvent(stockReleaseRequested, { orderId: order.orderId, reason }, meta(order));
    return id ? { ...event, id } : event;
  };

  async function retryingRaces<T>(decide: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await decide();
      } catch (error) {
        if (!(error instanceof OrderChangedError)) throw error;
        if (attempt >= attempts)
          throw new ConflictError('The order changed meanwhile; try again.', { cause: error });
      }
    }
  }

  async function placedOrder(orderId: string): Promise<StoredOrder> {
    const order = await store.find(orderId);
    if (!order) throw new OrderNotYetPlacedError(orderId);
    return order;
  }

  // Another user's order is answered exactly like a missing one.
  async function visibleOrder(orderId: string, actor: Actor): Promise<StoredOrder> {
    const order = await store.find(orderId);
    if (!order || (order.userId !== actor.userId && !actor.admin))
      throw new NotFoundError(`No order has the id "${orderId}".`);
    return order;
  }

  /**
   * Completes a refund the order has recorded as REFUND_PENDING (nothing otherwise). The provider
   * answers a repeated refund of one authorization with the same refund, so a retry after a crash
   * between the refund and its record refunds once.
   */
  async function finishRefund(order: StoredOrder): Promise<void> {
    const payment = order.payment;
    if (payment?.status !== 'REFUND_PENDING') return;
    const { refundId } = await payments.refund({
      authorizationId: payment.authorizationId,
      amount: order.total,
      currency: order.currency,
    });
    await store.recordPayment(order.orderId, { ...payment, status: 'REFUNDED', refundId });
  }

  async function advance(orderId: string, actor: Actor, to: OrderStatus): Promise<Order> {
    return retryingRaces(async () => {
      const order = await visibleOrder(orderId, actor);
      const { order: moved, change } = move(order, to, { at: now() });
      await store.apply(change, [statusEvent(moved)]);
      return toOrderView(moved);
    });
  }

  return {
    /** CheckoutRequested: the PENDING order, OrderPlaced and the reservation request, once per order. */
    async placeOrder(checkout: CheckoutRequested): Promise<boolean> {
      const order = newOrder(checkout, now());
      return store.create(order, [statusEvent(order), reservationRequest(order)]);
    },

    /**
     * StockReserved: authorize payment and confirm, or reject and give the stock back (the card was
     * declined, or the reservation does not hold the order's prices).
     */
    async stockReserved(event: StockReserved): Promise<void> {
      await retryingRaces(async () => {
        const order = await placedOrder(event.data.orderId);
        if (holdsNoStock(order.status)) {
          // The order let go of its stock (cancelled, rejected) before this reservation landed: free it,
          // and refund an authorization a cancel overtook (below) if that refund was cut short.
          await store.send([
            releaseRequest(order, `ORDER_${order.status}`, causedEventId('release', event.id)),
          ]);
          await finishRefund(order);
          return;
        }
        if (order.status !== 'PENDING') return;
        if (!reservedAtOrderPrices(order, event.data)) {
          const { order: rejected, change } = move(order, 'REJECTED', { at: now(), reason: 'PRICE_CHANGED' });
          await store.apply(change, [statusEvent(rejected), releaseRequest(rejected, 'PRICE_CHANGED')]);
          metrics.rejected('PRICE_CHANGED');
          return;
        }
        const authorization = await payments.authorize({
          orderId: order.orderId,
          amount: order.total,
          currency: order.currency,
          method: order.paymentMethod,
        });
        if (!authorization.approved) {
          const { order: rejected, change } = move(order, 'REJECTED', {
            at: now(),
            reason: 'PAYMENT_DECLINED',
          });
          await store.apply(change, [statusEvent(rejected), releaseRequest(rejected, 'PAYMENT_DECLINED')]);
          metrics.rejected('PAYMENT_DECLINED');
          return;
        }
        const payment: PaymentRecord = {
          authorizationId: authorization.authorizationId,
          status: 'AUTHORIZED',
        };
        const { order: confirmed, change } = move(order, 'CONFIRMED', { at: now(), payment });
        try {
          await store.apply(change, [statusEvent(confirmed)]);
        } catch (error) {
          // The order moved on (a cancel won): this authorization must not stay held. Recorded first, so
          // the redelivered reply finishes the refund if this one is cut short.
          if (error instanceof OrderChangedError) {
            const refunding: PaymentRecord = { ...payment, status: 'REFUND_PENDING' };
            await store.recordPayment(order.orderId, refunding);
            await finishRefund({ ...order, payment: refunding });
          }
          throw error;
        }
        metrics.confirmed(Date.parse(change.at) - Date.parse(order.checkoutAt));
      });
    },

    /**
     * StockReservationFailed: a PENDING order is rejected, holding nothing: PRICE_CHANGED when a line's
     * price is no longer the catalog's, else OUT_OF_STOCK. Rejected, not repriced: the payment must
     * authorize the total the customer saw, and an order's money never changes after checkout; the
     * cart keeps the lines and shows the new price, so the customer checks out again knowingly.
     */
    async stockReservationFailed(event: StockReservationFailed): Promise<void> {
      await retryingRaces(async () => {
        const order = await placedOrder(event.data.orderId);
        // Any other status already decided the order (a refusal after a cancel's release is expected).
        if (order.status !== 'PENDING') return;
        const reason = rejectionOfRefusal(event.data.reason);
        const { order: rejected, change } = move(order, 'REJECTED', { at: now(), reason });
        await store.apply(change, [statusEvent(rejected)]);
        metrics.rejected(reason);
      });
    },

    /** StockReleased: the order holds no stock any more. */
    async stockReleased(event: StockReleased): Promise<void> {
      const order = await store.find(event.data.orderId);
      if (order) await store.recordStockReleased(order.orderId, event.occurredAt);
    },

    /**
     * Cancel (owner or admin) from PENDING or CONFIRMED: release the stock; an authorized payment is
     * marked REFUND_PENDING in the same write, and refunded by `refundCancelledOrder` on the
     * OrderCancelled event, which the outbox delivers and the queue retries until the refund is recorded.
     */
    async cancel(orderId: string, actor: Actor): Promise<Order> {
      return retryingRaces(async () => {
        const order = await visibleOrder(orderId, actor);
        const reason = order.userId === actor.userId ? 'CANCELLED_BY_CUSTOMER' : 'CANCELLED_BY_ADMIN';
        const refunding: PaymentRecord | undefined =
          order.payment?.status === 'AUTHORIZED' ? { ...order.payment, status: 'REFUND_PENDING' } : undefined;
        const { order: cancelled, change } = move(order, 'CANCELLED', {
          at: now(),
          reason,
          ...(refunding ? { payment: refunding } : {}),
        });
        await store.apply(change, [statusEvent(cancelled), releaseRequest(cancelled, reason)]);
        return toOrderView(cancelled);
      });
    },

    /** OrderCancelled: refund the payment the cancel left REFUND_PENDING; nothing for any other order. */
    async refundCancelledOrder(event: OrderCancelled): Promise<void> {
      const order = await store.find(event.data.orderId);
      if (order) await finishRefund(order);
    },

    /** Ship (admin): CONFIRMED → SHIPPED. */
    ship: (orderId: string, actor: Actor) => advance(orderId, actor, 'SHIPPED'),

    /** Deliver (admin): SHIPPED → DELIVERED. */
    deliver: (orderId: string, actor: Actor) => advance(orderId, actor, 'DELIVERED'),

    /** One order for its owner or an admin; 404 for anyone else. */
    async find(orderId: string, actor: Actor): Promise<Order> {
      return toOrderView(await visibleOrder(orderId, actor));
    },

    /** The caller's own orders, or (admin, scope `all`) every user's; newest first. */
    async list(actor: Actor, query: OrderQuery & { scope: 'own' | 'all' }): Promise<OrderPage> {
      if (query.scope === 'own') return store.listOfUser(actor.userId, query);
      if (!actor.admin) throw new ForbiddenError('Only admins may list every order.');
      return store.listAll(query);
    },
  };
}

export type OrderSaga = ReturnType<typeof orderSaga>;
