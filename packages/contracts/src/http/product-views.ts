import * as z from 'zod/mini';
import { storeIdSchema } from '../stores.ts';
import {
  MAX_OPTIONS,
  MAX_VARIANTS,
  productOption,
  skuSchema,
  variantIdSchema,
  variantOptions,
} from '../variants.ts';
import { amount, currency, page, serverId, timestamp } from './common.ts';
import { categorySlug, MAX_STOCK } from './products.ts';

// What the products service answers: a product with its variants and rating, a page, the facets.

/** GET /products/facets answer: categories with how many products each, and the price range, of what the filters select. */
export const productFacets = z.object({
  // A store's categories: bounded for the document (a shop has far fewer).
  categories: z
    .array(z.object({ value: categorySlug, count: z.number().check(z.int(), z.minimum(0)) }))
    .check(z.maxLength(10_000)),
  /** Lowest and highest product price (minor units) selected; both null when nothing is. */
  priceRange: z.object({ min: z.nullable(amount), max: z.nullable(amount) }),
});
export type ProductFacets = z.infer<typeof productFacets>;

/** A variant as the API shows it. */
export const variant = z.object({
  variantId: variantIdSchema,
  sku: skuSchema,
  options: variantOptions,
  price: amount,
  /** What can still be sold of this variant (reserved units are not in it). */
  stock: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK)),
});
export type Variant = z.infer<typeof variant>;

/** A product's rating from its reviews: `average` to one decimal, 0 while `count` is 0. */
export const productRating = z.object({
  average: z.number().check(z.minimum(0), z.maximum(5)),
  count: z.number().check(z.int(), z.minimum(0)),
});
export type ProductRating = z.infer<typeof productRating>;

/** A product as the API shows it; `stock` is what can still be sold (reserved units are not in it). */
export const product = z.object({
  productId: serverId(64),
  /** The store whose catalog holds the product (issue 15); a product of another store is 404 here. */
  storeId: storeIdSchema,
  name: z.string().check(z.maxLength(200)),
  description: z.string().check(z.maxLength(4000)),
  category: categorySlug,
  price: amount,
  currency,
  stock: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK)),
  imageUrl: z.optional(z.url().check(z.maxLength(2048))),
  /** A flash-sale product: its stock is split over shards (still one `stock` here, their sum). */
  hot: z.optional(z.boolean()),
  /** Its options (none for a v1 product); `price` is its lowest variant price and `stock` their sum. */
  options: z.array(productOption).check(z.maxLength(MAX_OPTIONS)),
  /** What it sells: exactly one variant (the product's id, price and stock) for a product without options. */
  variants: z.array(variant).check(z.minLength(1), z.maxLength(MAX_VARIANTS)),
  rating: productRating,
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Product = z.infer<typeof product>;

/** GET /products answer. */
export const productPage = page(product);
export type ProductPage = z.infer<typeof productPage>;
