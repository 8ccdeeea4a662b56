import { listProductsQuery } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { catalog, catalogCache, knownStores } from '../../wiring.ts';

/**
 * GET /products: the request's store's catalog, one category of it, or a word search (within a
 * category), a page at a time; a cursor of another store is a 400.
 */
export const handler = httpRoute(
  { stores: knownStores, query: listProductsQuery, cache: catalogCache },
  async ({ query, store }) => json(200, await catalog().list(store.storeId, query)),
);
