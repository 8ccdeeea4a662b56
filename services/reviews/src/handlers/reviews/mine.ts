import { reviewProductPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { knownStores, reviews } from '../../wiring.ts';

/** GET /reviews/mine/{productId}: the caller's own review of a product of the request's store (404 none). */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: reviewProductPath },
  async ({ principal, store, path }) =>
    json(200, await reviews().mine(store.storeId, path.productId, principal.userId)),
);
