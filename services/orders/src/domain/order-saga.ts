import {
  type CheckoutRequested,
  type OrderCancelled,
  type OrderRejected,
  type StockReleased,
  type StockReservationFailed,
  type StockReserved,
  storeOf,
} from '@shop/contracts';
import {
  causedEventId,
  holdsNoStock,
  move,
  newOrder,
  type PaymentRecord,
  rejectionOfRefusal,
  reservedAtOrderPrices,
  type StoredOrder,
} from './order.ts';
import { releaseRequest, reservationRequest, statusEvent } from './order-events.ts';
import { OrderChangedError, type OrderStore, retryingRaces } from './order-store.ts';
import type { PaymentProvider } from './payment.ts';
import type { PromotionUses } from './promotion-uses.ts';

/** A reply arrived for an order whose checkout has not been handled yet; redelivery will find it. */
export class OrderNotYetPlacedError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} does not exist yet`);
    this.name = 'OrderNotYetPlacedError';
  }
}

/** What the saga reports to metrics. */
export interface OrderMetrics {
  confirmed(checkoutToConfirmationMs: number): void;
  rejected(reason: string): void;
}

const quietMetrics: OrderMetrics = { confirmed: () => {}, rejected: () => {} };

/**
 * The order saga (docs/order-flow.md): how an order reacts to the events it hears, from the checkout
 * request to products' replies and its own cancellation's refund. Every transition is a conditional
 * write on the status it was decided from; when a racing writer (a cancel) got there first, the order
 * is read again and the decision made afresh.
 */
export function orderSaga(deps: {
  store: OrderStore;
  payments: PaymentProvider;
  /** Counts an order's promotion use at confirmation and gives it back; none: orders carry no codes. */
  promotions?: PromotionUses;
  metrics?: OrderMetrics;
  now?: () => Date;
  /** How many times a decision is retried after losing a race; default 5. */
  attempts?: number;
}) {
  const { store, payments } = deps;
  const metrics = deps.metrics ?? quietMetrics;
  const now = deps.now ?? (() => new Date());
  const attempts = deps.attempts ?? 5;

  /**
   * The order a reply is about, in the reply's store. A reply naming another store than the order's
   * decides nothing: it is treated as a reply for an order not placed (redelivered, then dead-lettered).
   */
  async function placedOrder(orderId: string, storeId: string): Promise<StoredOrder> {
    const order = await store.find(orderId);
    if (!order || order.storeId !== storeId) throw new OrderNotYetPlacedError(orderId);
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

  return {
    /** CheckoutRequested: the PENDING order, OrderPlaced and the reservation request, once per order. */
    async placeOrder(checkout: CheckoutRequested): Promise<boolean> {
      const order = newOrder(checkout, now());
      if (await store.create(order, [statusEvent(order), reservationRequest(order)])) return true;
      // A repeat (redelivered, maybe because the publish after the write failed): publish again what
      // placing it published, under the same ids. An order that moved on had them delivered already.
      const placed = await store.find(order.orderId);
      if (placed?.status === 'PENDING') await store.send([statusEvent(placed), reservationRequest(placed)]);
      return false;
    },

    /**
     * StockReserved: authorize payment and confirm, or reject and give the stock back (the card was
     * declined, or the reservation does not hold the order's prices).
     */
    async stockReserved(event: StockReserved): Promise<void> {
      await retryingRaces(async () => {
        const order = await placedOrder(event.data.orderId, storeOf(event.data));
        if (holdsNoStock(order.status)) {
          // The order let go of its stock (cancelled, rejected) before this reservation landed: free it,
          // and refund an authorization a cancel overtook (below) if that refund was cut short. A
          // rejection this very reply caused (redelivered) is announced again, under its own id.
          await store.send([
            ...(order.status === 'REJECTED' ? [statusEvent(order)] : []),
            releaseRequest(order, `ORDER_${order.status}`, causedEventId('release', event.id)),
          ]);
          await finishRefund(order);
          return;
        }
        // Confirmed by an earlier handling of this reply: its event again, in case that publish failed.
        if (order.status === 'CONFIRMED') await store.send([statusEvent(order)]);
        if (order.status !== 'PENDING') return;
        if (!reservedAtOrderPrices(order, event.data)) {
          const { order: rejected, change } = move(order, 'REJECTED', { at: now(), reason: 'PRICE_CHANGED' });
          await store.applyNow(change, [statusEvent(rejected), releaseRequest(rejected, 'PRICE_CHANGED')]);
          metrics.rejected('PRICE_CHANGED');
          return;
        }
        // The promotion's use is counted before the payment, so a refused code never holds a charge;
        // a declined payment gives it back with the rejection (OrderRejected, `orderEnded`).
        const refusal = await deps.promotions?.claimFor(order);
        if (refusal) {
          const { order: rejected, change } = move(order, 'REJECTED', { at: now(), reason: refusal });
          await store.applyNow(change, [statusEvent(rejected), releaseRequest(rejected, refusal)]);
          metrics.rejected(refusal);
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
          await store.applyNow(change, [statusEvent(rejected), releaseRequest(rejected, 'PAYMENT_DECLINED')]);
          metrics.rejected('PAYMENT_DECLINED');
          return;
        }
        const payment: PaymentRecord = {
          authorizationId: authorization.authorizationId,
          status: 'AUTHORIZED',
        };
        const { order: confirmed, change } = move(order, 'CONFIRMED', { at: now(), payment });
        try {
          await store.applyNow(change, [statusEvent(confirmed)]);
        } catch (error) {
          // The order moved on (a cancel won): this authorization must not stay held. Recorded first, so
          // the redelivered reply finishes the refund if this one is cut short. Unless the winner was a
          // copy of this reply handled at the same moment: then the order holds this very authorization.
          const winner = error instanceof OrderChangedError ? await store.find(order.orderId) : undefined;
          const twin =
            winner?.status === 'CONFIRMED' &&
            winner.payment?.authorizationId === authorization.authorizationId;
          if (error instanceof OrderChangedError && !twin) {
            const refunding: PaymentRecord = { ...payment, status: 'REFUND_PENDING' };
            await store.recordPayment(order.orderId, refunding);
            await finishRefund({ ...order, payment: refunding });
          }
          throw error;
        }
        metrics.confirmed(Date.parse(change.at) - Date.parse(order.checkoutAt));
      }, attempts);
    },

    /**
     * StockReservationFailed: a PENDING order is rejected, holding nothing: PRICE_CHANGED when a line's
     * price is no longer the catalog's, else OUT_OF_STOCK. Rejected, not repriced: the payment must
     * authorize the total the customer saw, and an order's money never changes after checkout; the
     * cart keeps the lines and shows the new price, so the customer checks out again knowingly.
     */
    async stockReservationFailed(event: StockReservationFailed): Promise<void> {
      await retryingRaces(async () => {
        const order = await placedOrder(event.data.orderId, storeOf(event.data));
        // Rejected by an earlier handling of this refusal: its event again, in case that publish failed.
        if (order.status === 'REJECTED') await store.send([statusEvent(order)]);
        // Any other status already decided the order (a refusal after a cancel's release is expected).
        if (order.status !== 'PENDING') return;
        const reason = rejectionOfRefusal(event.data.reason);
        const { order: rejected, change } = move(order, 'REJECTED', { at: now(), reason });
        await store.applyNow(change, [statusEvent(rejected)]);
        metrics.rejected(reason);
      }, attempts);
    },

    /** StockReleased: the order (of that store) holds no stock any more. */
    async stockReleased(event: StockReleased): Promise<void> {
      const order = await store.find(event.data.orderId);
      if (order && order.storeId === storeOf(event.data))
        await store.recordStockReleased(order.orderId, event.occurredAt);
    },

    /**
     * OrderCancelled, OrderRejected (of that store), from one read of the order: a cancel's refund of
     * the payment it left REFUND_PENDING, then the promotion use the order holds goes back (once: the
     * claim is removed with it), so `timesUsed` counts only orders that stay confirmed.
     */
    async orderEnded(event: OrderCancelled | OrderRejected): Promise<void> {
      const order = await store.find(event.data.orderId);
      if (!order || order.storeId !== storeOf(event.data)) return;
      if (event.type === 'OrderCancelled') await finishRefund(order);
      await deps.promotions?.releaseFor(order);
    },
  };
}

export type OrderSaga = ReturnType<typeof orderSaga>;
