import { listOrdersQuery } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { knownStores, orders } from '../../wiring.ts';

/**
 * GET /orders: the caller's own orders in the request's store, newest first; `?scope=all` every
 * user's orders of the store (its admins, else 403). A cursor is good only in the store it came from.
 */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, query: listOrdersQuery },
  async ({ principal, store, query }) => ({
    statusCode: 200,
    body: await orders().list(actorOf(principal, store.storeId), query),
  }),
);
