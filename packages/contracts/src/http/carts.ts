import { address } from '@shop/validation';
import * as z from 'zod/mini';
import { paymentMethod } from '../orders.ts';
import { skuSchema, variantIdSchema, variantOptions } from '../variants.ts';
import { amount, currency, serverId, shippingChoice, totalAmount } from './common.ts';

// The carts service's routes: one cart per customer, and the checkout that turns it into an order.

/** The most of one variant a cart may hold. */
export const MAX_QUANTITY = 99;
/** The most distinct variants one cart may hold (an order's reservation is one DynamoDB transaction). */
export const MAX_CART_LINES = 50;

/** How many of a variant: 1–MAX_QUANTITY. */
export const quantity = z.number().check(z.int(), z.minimum(1), z.maximum(MAX_QUANTITY));

/** `{productId}` in a cart item route's path. */
export const itemPath = z.object({ productId: z.string().check(z.minLength(1), z.maxLength(64)) });
export type ItemPath = z.infer<typeof itemPath>;

/** `{variantId}` in a cart variant route's path (PUT/DELETE /cart/variants/{variantId}, issue 16). */
export const cartVariantPath = z.object({ variantId: z.string().check(z.minLength(1), z.maxLength(96)) });
export type CartVariantPath = z.infer<typeof cartVariantPath>;

/**
 * The path of a route that changes one cart line, by product (`/cart/items/{productId}`) or by variant
 * (`/cart/variants/{variantId}`): one function serves both routes of a verb, and its path names
 * exactly one of the two. (Not a `z.union`: that would add its code to every carts bundle.)
 */
export const cartLinePath = z
  .object({
    productId: z.optional(itemPath.shape.productId),
    variantId: z.optional(cartVariantPath.shape.variantId),
  })
  .check(
    z.refine(
      (path) => (path.productId === undefined) !== (path.variantId === undefined),
      'names either a productId or a variantId',
    ),
  );
export type CartLinePath = z.infer<typeof cartLinePath>;

/** PUT /cart/items/{productId} and PUT /cart/variants/{variantId} body: the quantity replaces the previous one. */
export const itemBody = z.strictObject({ quantity });
export type ItemBody = z.infer<typeof itemBody>;

/** A shipping option's id as a request names it. */
const shippingOptionId = z.string().check(z.minLength(1), z.maxLength(64));

/**
 * POST /cart/checkout body; unknown fields (a price, a total, a user) are refused. `shippingAddress`
 * may be left out when the cart has one (PUT /cart/delivery); `shippingOptionId` names the shipping
 * (without it: the cheapest option serving the country).
 */
export const checkoutBody = z.strictObject({
  shippingAddress: z.optional(address),
  shippingOptionId: z.optional(shippingOptionId),
  paymentMethod: z._default(paymentMethod, 'card_ok'),
});
export type CheckoutBody = z.infer<typeof checkoutBody>;
/** The checkout body as a client sends it (`paymentMethod` may be left out). */
export type CheckoutInput = z.input<typeof checkoutBody>;

/** PUT /cart/delivery body: where the cart goes, and how (without an option: the cheapest for the country). */
export const deliveryBody = z.strictObject({
  shippingAddress: address,
  shippingOptionId: z.optional(shippingOptionId),
});
export type DeliveryBody = z.infer<typeof deliveryBody>;

/** The `Idempotency-Key` header (1–255 characters), required; header names are lower case here. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().check(z.minLength(1), z.maxLength(255)),
});
export type IdempotencyHeaders = z.infer<typeof idempotencyHeaders>;

/** A cart line as the customer sees it, priced from the products read model. */
export const cartItem = z.object({
  productId: serverId(64),
  name: z.string().check(z.maxLength(200)),
  /** The variant the line holds (a one-variant product's is the product's id), its SKU and option values. */
  variantId: variantIdSchema,
  sku: skuSchema,
  options: variantOptions,
  quantity,
  unitPrice: amount,
  /** The line's share of the promotion's discount (v1.1). */
  discount: totalAmount,
  /** The tax of the line: contained in it (tax included) or added to it (v1.1). */
  tax: totalAmount,
  /** quantity × unitPrice less the discount, plus the tax where it is added. */
  lineTotal: totalAmount,
});
export type CartItem = z.infer<typeof cartItem>;

/**
 * The cart: `{ items, subtotal, currency }` (USD while it holds nothing priced), with v1.1's money:
 * the lines' `lineTotal` plus `shippingTotal` is `total`, to the unit.
 */
export const cart = z.object({
  items: z.array(cartItem).check(z.maxLength(MAX_CART_LINES)),
  /** Σ quantity × unitPrice. */
  subtotal: totalAmount,
  discountTotal: totalAmount,
  /** The shipping with its tax; 0 until the cart has a delivery address (or the shipping is free). */
  shippingTotal: totalAmount,
  taxTotal: totalAmount,
  total: totalAmount,
  promotionCode: z.optional(z.string().check(z.maxLength(64))),
  shippingOption: z.optional(shippingChoice),
  /** Where the cart goes (PUT /cart/delivery); the tax is the destination's, else the store's country. */
  shippingAddress: z.optional(address),
  currency,
});
export type Cart = z.infer<typeof cart>;

/** What a checkout answers, the first time and on every replay of its key. */
export const checkoutAccepted = z.object({
  orderId: serverId(128),
  status: z.literal('PENDING'),
});
export type CheckoutAccepted = z.infer<typeof checkoutAccepted>;
