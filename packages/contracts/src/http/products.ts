import { paginationQuery } from '@shop/validation';
import * as z from 'zod';
import { amount, currency, MAX_AMOUNT, page, serverId, timestamp } from './common.ts';

// The products service's routes: the catalog, read by anyone, changed by admins.

/** Category slugs are lower-case words joined by dashes, e.g. `home-and-kitchen`. */
export const categorySlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "home-and-kitchen"');

/** The most units of one product the catalog holds. */
export const MAX_STOCK = 1_000_000_000;

/** `{productId}` in a product route's path. */
export const productPath = z.object({ productId: z.string().min(1).max(64) });
export type ProductPath = z.infer<typeof productPath>;

/** GET /products query: a category, a word search (within a category), a page at a time. */
export const listProductsQuery = paginationQuery.extend({
  category: categorySlug.optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

const iso4217 = new Set(Intl.supportedValuesOf('currency'));

// The fields an admin may set, each validated once here; create and patch differ only in what is required.
const productName = z.string().trim().min(1, 'must not be empty').max(200);
const productDescription = z.string().trim().max(4000);
const productCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code of 3 uppercase letters', abort: true })
  .max(3)
  .refine((code) => iso4217.has(code), 'must be an ISO 4217 currency code');
/** Money in integer minor units, bounded well inside JavaScript's safe integers. */
const price = z.number().int().min(0).max(MAX_AMOUNT);
const stock = z.number().int().min(0).max(MAX_STOCK);
const imageUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048);
/**
 * A product expected to sell faster than one DynamoDB item takes writes (a flash sale): its stock is
 * split over shards so reservations spread over partitions. Once hot, a product stays hot.
 */
const hot = z.boolean().optional();

/** POST /products: unknown fields are refused, so no client sets an id, timestamps or anything else. */
export const newProductBody = z
  .object({
    name: productName,
    description: productDescription,
    category: categorySlug,
    price,
    currency: productCurrency.default('USD'),
    stock,
    imageUrl: imageUrl.optional(),
    hot,
  })
  .strict();
export type NewProduct = z.infer<typeof newProductBody>;
/** The POST /products body as a client sends it (`currency` may be left out). */
export type NewProductInput = z.input<typeof newProductBody>;

/** PATCH /products/{productId}: any of the create fields, at least one. */
export const productPatchBody = z
  .object({
    name: productName.optional(),
    description: productDescription.optional(),
    category: categorySlug.optional(),
    price: price.optional(),
    currency: productCurrency.optional(),
    stock: stock.optional(),
    imageUrl: imageUrl.optional(),
    // A product can be made hot, not cold again: its reservations hold units of its shards.
    hot: z.literal(true).optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'give at least one field to change',
  });
export type ProductPatch = z.infer<typeof productPatchBody>;
export type ProductPatchInput = z.input<typeof productPatchBody>;

/** A product as the API shows it; `stock` is what can still be sold (reserved units are not in it). */
export const product = z.object({
  productId: serverId(64),
  name: z.string().max(200),
  description: z.string().max(4000),
  category: categorySlug,
  price: amount,
  currency,
  stock: z.number().int().min(0).max(MAX_STOCK),
  imageUrl: z.url().max(2048).optional(),
  /** A flash-sale product: its stock is split over shards (still one `stock` here, their sum). */
  hot: z.boolean().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Product = z.infer<typeof product>;

/** GET /products answer. */
export const productPage = page(product);
export type ProductPage = z.infer<typeof productPage>;
