import { orderPath } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { knownStores, orders } from '../../wiring.ts';

/** POST /orders/{orderId}/deliver (the store's admins): SHIPPED → DELIVERED, else 409; another store's order is 404. */
export const handler = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: orderPath },
  async ({ principal, store, path }) => ({
    statusCode: 200,
    body: await orders().deliver(path.orderId, actorOf(principal, store.storeId)),
  }),
);
