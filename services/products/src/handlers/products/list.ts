import { httpRoute } from '@shop/middleware';
import { paginationQuery } from '@shop/validation';
import * as z from 'zod';
import { categorySlug } from '../../domain/product.ts';
import { catalog } from '../../wiring.ts';

export const listProductsQuery = paginationQuery.extend({
  category: categorySlug.optional(),
  q: z.string().trim().min(1).max(200).optional(),
});

/** GET /products: the catalog, one category of it, or a word search (within a category), a page at a time. */
export const handler = httpRoute({ query: listProductsQuery }, async ({ query }) => ({
  statusCode: 200,
  body: await catalog().list(query),
}));
