import { paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { storeIdSchema } from '../stores.ts';
import { amount, currency, MAX_AMOUNT, page, serverId, timestamp } from './common.ts';

// The products service's routes: the catalog, read by anyone, changed by admins.

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

/** GET /products query: a category, a word search (within a category), a page at a time. */
export const listProductsQuery = z.extend(paginationQuery, {
  category: z.optional(categorySlug),
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

const iso4217 = new Set(Intl.supportedValuesOf('currency'));

// The fields an admin may set, each validated once here; create and patch differ only in what is required.
const productName = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200));
const productDescription = z.string().check(z.trim(), z.maxLength(4000));
const productCurrency = z.string().check(
  z.regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code of 3 uppercase letters', abort: true }),
  z.maxLength(3),
  z.refine((code) => iso4217.has(code), 'must be an ISO 4217 currency code'),
);
/** Money in integer minor units, bounded well inside JavaScript's safe integers. */
const price = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_AMOUNT));
const stock = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK));
const imageUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).check(z.maxLength(2048));
/**
 * A product expected to sell faster than one DynamoDB item takes writes (a flash sale): its stock is
 * split over shards so reservations spread over partitions. Once hot, a product stays hot.
 */
const hot = z.optional(z.boolean());

/**
 * POST /products: unknown fields are refused, so no client sets an id, its store, timestamps or anything
 * else. Without `currency` the product is priced in its store's currency (`main`: USD, as in v1).
 */
export const newProductBody = z.strictObject({
  name: productName,
  description: productDescription,
  category: categorySlug,
  price,
  currency: z.optional(productCurrency),
  stock,
  imageUrl: z.optional(imageUrl),
  hot,
});
export type NewProduct = z.infer<typeof newProductBody>;
/** The POST /products body as a client sends it (`currency` may be left out). */
export type NewProductInput = z.input<typeof newProductBody>;

/** PATCH /products/{productId}: any of the create fields, at least one. */
export const productPatchBody = z
  .strictObject({
    name: z.optional(productName),
    description: z.optional(productDescription),
    category: z.optional(categorySlug),
    price: z.optional(price),
    currency: z.optional(productCurrency),
    stock: z.optional(stock),
    imageUrl: z.optional(imageUrl),
    // A product can be made hot, not cold again: its reservations hold units of its shards.
    hot: z.optional(z.literal(true)),
  })
  .check(
    z.refine((patch) => Object.values(patch).some((value) => value !== undefined), {
      message: 'give at least one field to change',
    }),
  );
export type ProductPatch = z.infer<typeof productPatchBody>;
export type ProductPatchInput = z.input<typeof productPatchBody>;

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
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Product = z.infer<typeof product>;

/** GET /products answer. */
export const productPage = page(product);
export type ProductPage = z.infer<typeof productPage>;
