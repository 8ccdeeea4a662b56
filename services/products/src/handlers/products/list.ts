import { httpRoute } from '@shop/middleware';
import { paginationQuery } from '@shop/validation';
import { categorySlug } from '../../domain/product.ts';
import { catalog } from '../../wiring.ts';

export const listProductsQuery = paginationQuery.extend({ category: categorySlug.optional() });

/** GET /products: the catalog, or one category of it, a page at a time. */
export const handler = httpRoute({ query: listProductsQuery }, async ({ query }) => ({
  statusCode: 200,
  body: await catalog.list(query),
}));
