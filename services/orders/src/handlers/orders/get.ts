import { orderPath } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { knownStores, orders } from '../../wiring.ts';

/** GET /orders/{orderId}: the order of the request's store for its owner or the store's admin; 404 for anyone else. */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: orderPath },
  async ({ principal, store, path }) => ({
    statusCode: 200,
    body: await orders().find(path.orderId, actorOf(principal, store.storeId)),
  }),
);
