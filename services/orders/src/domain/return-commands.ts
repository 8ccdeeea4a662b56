import { randomUUID } from 'node:crypto';
import { type ReturnReceived, storeOf } from '@shop/contracts';
import { NotFoundError } from '@shop/errors';
import type { Actor } from './actor.ts';
import type { StoredOrder } from './order.ts';
import { type OrderStore, retryingRaces } from './order-store.ts';
import type { PaymentProvider } from './payment.ts';
import {
  type OrderReturn,
  type ReturnRequest,
  type ReturnStore,
  receiveReturn,
  recordRefund,
  rejectReturn,
  requestReturn,
} from './returns.ts';

/**
 * What the return routes do. Each reads the order, decides with the rules of
 * `returns.ts`, and writes conditioned on the `returnsVersion` it read; a racing writer (another
 * request, the refund) makes it read again and decide afresh, so five concurrent receives make one
 * RECEIVED and one ReturnReceived, and the other four answer the return as it then is.
 */
export function returnCommands(deps: {
  orders: Pick<OrderStore, 'find'>;
  returns: ReturnStore;
  now?: () => Date;
  newReturnId?: () => string;
  /** How many times a decision is retried after losing a race; default 8 (receives come in bursts). */
  attempts?: number;
}) {
  const { orders, returns } = deps;
  const now = deps.now ?? (() => new Date());
  const newReturnId = deps.newReturnId ?? (() => randomUUID());
  const attempts = deps.attempts ?? 8;

  // Another store's order, and (for the request) another user's, is answered like a missing one.
  async function orderOf(orderId: string, actor: Actor, who: 'owner' | 'admin'): Promise<StoredOrder> {
    const order = await orders.find(orderId);
    const allowed = who === 'owner' ? order?.userId === actor.userId : actor.admin;
    if (!order || order.storeId !== actor.storeId || !allowed)
      throw new NotFoundError(`No order has the id "${orderId}".`);
    return order;
  }

  return {
    /** POST /orders/{orderId}/returns (the owner): a REQUESTED return, or 409 (see `requestReturn`). */
    async request(
      orderId: string,
      actor: Actor,
      request: ReturnRequest,
      store: { returnWindowDays: number },
    ): Promise<OrderReturn> {
      const returnId = newReturnId();
      return retryingRaces(async () => {
        const order = await orderOf(orderId, actor, 'owner');
        const { change, created } = requestReturn(order, request, {
          returnId,
          now: now(),
          returnWindowDays: store.returnWindowDays,
        });
        await returns.write(change, []);
        return created;
      }, attempts);
    },

    /** POST .../returns/{returnId}/receive (the store's admin): RECEIVED with ReturnReceived, once. */
    async receive(orderId: string, returnId: string, actor: Actor): Promise<OrderReturn> {
      return retryingRaces(async () => {
        const order = await orderOf(orderId, actor, 'admin');
        const { entry, change, events } = receiveReturn(order, returnId, now());
        if (change) await returns.write(change, events);
        return entry;
      }, attempts);
    },

    /** POST .../returns/{returnId}/reject (the store's admin): REJECTED from REQUESTED, else 409. */
    async reject(orderId: string, returnId: string, actor: Actor, reason: string): Promise<OrderReturn> {
      return retryingRaces(async () => {
        const order = await orderOf(orderId, actor, 'admin');
        const { entry, change } = rejectReturn(order, returnId, reason, now());
        await returns.write(change, []);
        return entry;
      }, attempts);
    },
  };
}

export type ReturnCommands = ReturnType<typeof returnCommands>;

/**
 * ReturnReceived (RefundsQueue): refunds the return's amount on the order's authorization, keyed by
 * the return (the provider answers a repeat with the same refund, and tells the returns of one order
 * apart), then records REFUNDED with ReturnRefunded. A crash between the two is finished by the
 * redelivery, which refunds under the same key and records; a return already REFUNDED is left. Apart
 * from the route commands, so the refunds consumer bundles none of the request rules.
 */
export function returnRefunds(deps: {
  orders: Pick<OrderStore, 'find'>;
  returns: ReturnStore;
  payments: PaymentProvider;
  now?: () => Date;
  attempts?: number;
}) {
  const { orders, returns, payments } = deps;
  const now = deps.now ?? (() => new Date());
  const attempts = deps.attempts ?? 8;
  return {
    async refund(event: ReturnReceived): Promise<void> {
      const { orderId, returnId } = event.data;
      await retryingRaces(async () => {
        const order = await orders.find(orderId);
        if (!order || order.storeId !== storeOf(event.data)) return;
        const entry = order.returns?.find((candidate) => candidate.returnId === returnId);
        if (entry?.status !== 'RECEIVED') return;
        // Nothing to pay back (a line that cost nothing), or no payment to refund: recorded as refunded.
        const refundId =
          entry.refundAmount > 0 && order.payment
            ? (
                await payments.refund({
                  authorizationId: order.payment.authorizationId,
                  amount: entry.refundAmount,
                  currency: order.currency,
                  idempotencyKey: returnId,
                })
              ).refundId
            : undefined;
        const recorded = recordRefund(order, returnId, refundId, now());
        if (recorded) await returns.write(recorded.change, recorded.events);
      }, attempts);
    },
  };
}

export type ReturnRefunds = ReturnType<typeof returnRefunds>;
