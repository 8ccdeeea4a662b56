import { paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { MAX_AMOUNT } from './common.ts';

// The products service's routes: the catalog, read by anyone. What admins send is in product-admin.ts
// and what the API answers in product-views.ts, so a function bundles (and builds at init) only the
// schemas it uses.

/** Category slugs are lower-case words joined by dashes, e.g. `home-and-kitchen`. */
export const categorySlug = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "home-and-kitchen"'),
  );

/** The most units of one product the catalog holds. */
export const MAX_STOCK = 1_000_000_000;

/** `{productId}` in a product route's path. */
export const productPath = z.object({ productId: z.string().check(z.minLength(1), z.maxLength(64)) });
export type ProductPath = z.infer<typeof productPath>;

/**
 * `sort=` of GET /products (API.md "Catalog queries"): `name` (A–Z, the v1 order) when absent; `price`
 * lowest first, `-price` highest first, `newest` first, `rating` highest average first.
 */
export const productSort = z.enum(['name', 'price', '-price', 'newest', 'rating']);
export type ProductSort = z.infer<typeof productSort>;

/** A search: 1–200 characters of words. */
const searchText = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** A price bound of a query, in minor units. */
const priceBound = z.coerce
  .number({ error: 'must be a whole number of minor units, 0 or more' })
  .check(z.int('must be a whole number of minor units'), z.minimum(0), z.maximum(MAX_AMOUNT));

/**
 * GET /products query: a category, a word search (within a category), a sort, a price range and only
 * what is in stock, all combinable, a page at a time. A cursor is bound to its sort and filters.
 */
export const listProductsQuery = z
  .extend(paginationQuery, {
    category: z.optional(categorySlug),
    q: z.optional(searchText),
    sort: z.optional(productSort),
    minPrice: z.optional(priceBound),
    maxPrice: z.optional(priceBound),
    inStock: z.optional(
      z.pipe(
        z.enum(['true', 'false']),
        z.transform((value) => value === 'true'),
      ),
    ),
  })
  .check(
    z.refine(
      (query) =>
        query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice,
      {
        message: 'must not be above maxPrice',
        path: ['minPrice'],
      },
    ),
  );
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

/** GET /products/facets query: the filters whose selection the facets describe. */
export const productFacetsQuery = z.object({
  category: z.optional(categorySlug),
  q: z.optional(searchText),
});
export type ProductFacetsQuery = z.infer<typeof productFacetsQuery>;

export const variantPath = z.object({
  productId: z.string().check(z.minLength(1), z.maxLength(64)),
  variantId: z.string().check(z.minLength(1), z.maxLength(96)),
});
export type VariantPath = z.infer<typeof variantPath>;
