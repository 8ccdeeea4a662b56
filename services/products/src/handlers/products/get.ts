import { productPath } from '@shop/contracts';
import { NotFoundError } from '@shop/errors';
import { httpRoute, json } from '@shop/middleware';
import { catalogCache, catalogReads, knownStores } from '../../wiring.ts';

/** GET /products/{productId}: one product of the request's store, or 404 (deleted, or another store's). */
export const handler = httpRoute(
  { stores: knownStores, path: productPath, cache: catalogCache },
  async ({ path, store }) => {
    const found = await catalogReads().find(store.storeId, path.productId);
    if (!found) throw new NotFoundError(`No product has the id "${path.productId}".`);
    return json(200, found);
  },
);
