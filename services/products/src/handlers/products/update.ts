import { productPatchBody, productPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { catalog, knownStores } from '../../wiring.ts';

/**
 * PATCH /products/{productId} (the store's admins): changes the given fields of a product of the
 * request's store (another store's is 404); `stock` sets what can be sold from now on.
 */
export const handler = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: productPath, body: productPatchBody },
  async ({ path, body, store, correlationId }) =>
    json(200, await catalog().update(store.storeId, path.productId, body, { correlationId })),
);
