import { orderPath } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { knownStores, orders } from '../../wiring.ts';

/** POST /orders/{orderId}/cancel (owner or the store's admin): CANCELLED from PENDING or CONFIRMED, else 409. */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: orderPath },
  async ({ principal, store, path }) => ({
    statusCode: 200,
    body: await orders().cancel(path.orderId, actorOf(principal, store.storeId)),
  }),
);
