import { paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { serverId } from './common.ts';

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
 * `sort=` of GET /products (API.md "Catalog queries"): `name` (A–Z, the v1 order) when absent. Not in
 * listProductsQuery yet: each sort needs an index of its own first (issue 16).
 */
export const productSort = z.enum(['name', 'price', '-price', 'newest', 'rating']);
export type ProductSort = z.infer<typeof productSort>;

/** A search: 1–200 characters of words. */
const searchText = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** GET /products query: a category, a word search (within a category), a page at a time. */
export const listProductsQuery = z.extend(paginationQuery, {
  category: z.optional(categorySlug),
  q: z.optional(searchText),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

/** GET /products/facets query: the filters whose selection the facets describe. */
export const productFacetsQuery = z.object({
  category: z.optional(categorySlug),
  q: z.optional(searchText),
});
export type ProductFacetsQuery = z.infer<typeof productFacetsQuery>;

// Variants (issue 16): up to 3 options of up to 50 values each, and one variant per combination sold.
/** The most options a product has (size, colour, material). */
export const MAX_OPTIONS = 3;
/** The most values one option has. */
export const MAX_OPTION_VALUES = 50;
/** The most variants one product sells (every combination of its options at most once). */
export const MAX_VARIANTS = 100;

const optionName = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
const optionValue = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));

/** One option of a product: its name and the values a variant may take. */
export const productOption = z.object({
  name: optionName,
  values: z.array(optionValue).check(z.minLength(1), z.maxLength(MAX_OPTION_VALUES)),
});
export type ProductOption = z.infer<typeof productOption>;

/** A variant's option values by option name: `{ "Size": "M", "Colour": "Blue" }`. */
export const variantOptions = z.record(optionName, optionValue);
export type VariantOptions = z.infer<typeof variantOptions>;

/** A stock-keeping unit, unique per store: letters, digits, `.`, `_`, `-`. */
export const skuSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
    z.maxLength(64),
  );

/**
 * A variant's id. A one-variant product's variant has the product's id; a variant of a product with
 * options is `<productId>_<suffix>`, so every route finds its product from the id alone.
 */
export const variantIdSchema = serverId(96);
/** The product a variant id belongs to (see variantIdSchema). */
export const productIdOfVariant = (variantId: string): string => variantId.split('_')[0] as string;

/**
 * What a line of a message names of its variant, each optional so a message from before variants
 * still parses (absent: the product's one variant, whose id and SKU are the product's, no options).
 */
export const variantLabel = z.object({
  variantId: z.optional(z.string().check(z.minLength(1), z.maxLength(96))),
  sku: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  options: z.optional(z.record(z.string().check(z.maxLength(40)), z.string().check(z.maxLength(40)))),
});
export type VariantLabel = z.infer<typeof variantLabel>;

/** The variant a message's line names: its own fields, else the product's one variant. */
export const variantOfLine = (line: { productId: string } & VariantLabel) => ({
  variantId: line.variantId ?? line.productId,
  sku: line.sku ?? line.productId,
  options: line.options ?? {},
});

/** `{productId}/variants/{variantId}` in a variant route's path. */
export const variantPath = z.object({
  productId: z.string().check(z.minLength(1), z.maxLength(64)),
  variantId: z.string().check(z.minLength(1), z.maxLength(96)),
});
export type VariantPath = z.infer<typeof variantPath>;
