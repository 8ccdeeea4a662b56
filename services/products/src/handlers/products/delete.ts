import { productPath } from '@shop/contracts';
import { httpRoute, noContent } from '@shop/middleware';
import { catalogWrites, knownStores } from '../../wiring.ts';

/**
 * DELETE /products/{productId} (the store's admins): the product leaves the store's catalog;
 * reservations still release. Another store's product is 404.
 */
export const handler = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: productPath },
  async ({ path, store, correlationId }) => {
    await catalogWrites().remove(store.storeId, path.productId, { correlationId });
    return noContent();
  },
);
