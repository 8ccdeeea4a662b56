import { listProductsQuery } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { catalog, catalogCache } from '../../wiring.ts';

/** GET /products: the catalog, one category of it, or a word search (within a category), a page at a time. */
export const handler = httpRoute({ query: listProductsQuery, cache: catalogCache }, async ({ query }) => ({
  statusCode: 200,
  body: await catalog().list(query),
}));
