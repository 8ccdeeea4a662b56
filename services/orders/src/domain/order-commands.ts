import type { OrderStatus } from '@shop/contracts';
import { ForbiddenError, NotFoundError } from '@shop/errors';
import type { Actor } from './actor.ts';
import { move, type Order, type PaymentRecord, type StoredOrder, toOrderView } from './order.ts';
import { releaseRequest, statusEvent } from './order-events.ts';
import { type OrderPage, type OrderQuery, type OrderStore, retryingRaces } from './order-store.ts';

/**
 * What customers and admins do with orders through the API: cancel, ship and deliver, and find and
 * list. Every transition is a conditional write on the status it was decided from; when a racing
 * writer (the saga, another request) got there first, the order is read again and the decision made
 * afresh.
 */
export function orderCommands(deps: {
  store: OrderStore;
  now?: () => Date;
  /** How many times a decision is retried after losing a race; default 5. */
  attempts?: number;
}) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const attempts = deps.attempts ?? 5;

  // Another user's order, and any order of another store (whoever asks), is answered exactly like a
  // missing one: 404, never 403, so an order id says nothing outside its store.
  async function visibleOrder(orderId: string, actor: Actor): Promise<StoredOrder> {
    const order = await store.find(orderId);
    if (!order || order.storeId !== actor.storeId || (order.userId !== actor.userId && !actor.admin))
      throw new NotFoundError(`No order has the id "${orderId}".`);
    return order;
  }

  async function advance(orderId: string, actor: Actor, to: OrderStatus): Promise<Order> {
    return retryingRaces(async () => {
      const order = await visibleOrder(orderId, actor);
      const { order: moved, change } = move(order, to, { at: now() });
      await store.apply(change, [statusEvent(moved)]);
      return toOrderView(moved);
    }, attempts);
  }

  return {
    /**
     * Cancel (owner or the store's admin) from PENDING or CONFIRMED: release the stock; an authorized payment is
     * marked REFUND_PENDING in the same write, and refunded by the saga's `orderEnded` on
     * the OrderCancelled event, which the outbox delivers and the queue retries until the refund is
     * recorded.
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
      }, attempts);
    },

    /** Ship (the store's admin; the route checks): CONFIRMED → SHIPPED. */
    ship: (orderId: string, actor: Actor) => advance(orderId, actor, 'SHIPPED'),

    /** Deliver (the store's admin; the route checks): SHIPPED → DELIVERED. */
    deliver: (orderId: string, actor: Actor) => advance(orderId, actor, 'DELIVERED'),

    /** One order of the actor's store for its owner or the store's admin; 404 for anyone else. */
    async find(orderId: string, actor: Actor): Promise<Order> {
      return toOrderView(await visibleOrder(orderId, actor));
    },

    /**
     * The caller's own orders in the actor's store, or (the store's admin, scope `all`) every user's
     * orders of that store; newest first.
     */
    async list(actor: Actor, query: OrderQuery & { scope: 'own' | 'all' }): Promise<OrderPage> {
      if (query.scope === 'own') return store.listOfUser(actor.storeId, actor.userId, query);
      if (!actor.admin) throw new ForbiddenError("Only the store's admins may list every order.");
      return store.listAll(actor.storeId, query);
    },
  };
}

export type OrderCommands = ReturnType<typeof orderCommands>;
