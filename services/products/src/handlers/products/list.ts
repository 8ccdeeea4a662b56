import { listProductsQuery } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { catalog } from '../../wiring.ts';

/** GET /products: the catalog, one category of it, or a word search (within a category), a page at a time. */
export const handler = httpRoute({ query: listProductsQuery }, async ({ query }) => ({
  statusCode: 200,
  body: await catalog().list(query),
}));
