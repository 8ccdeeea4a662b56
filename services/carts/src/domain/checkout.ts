import { createHash } from 'node:crypto';
import {
  type CheckoutAccepted,
  type CheckoutBody,
  checkoutBody,
  type OrderLine,
  type PaymentMethod,
  variantOfLine,
} from '@shop/contracts';
import type { Address } from '@shop/validation';
import type { Cart } from './cart.ts';
import type { Delivery, PricedCart, PricedLine, PricingStore } from './pricing.ts';

// The checkout's body and answer are the HTTP contract's (`@shop/contracts`).
export type { CheckoutAccepted, CheckoutBody };

/** How long a key answers with its first checkout; after that it starts a new one. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * A fingerprint of the request as validated (defaults applied, fields in schema order), so a replay
 * that differs only in spelling — an omitted default, other key order or whitespace around a city —
 * is the same request, and any real difference is another one (422).
 */
export function requestFingerprint(body: {
  shippingAddress?: Address | undefined;
  shippingOptionId?: string | undefined;
  paymentMethod: PaymentMethod;
}): string {
  const canonical = checkoutBody.parse(body);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

/** The key as stored: a digest, so any 255 characters fit a DynamoDB sort key. */
export const idempotencyKeyDigest = (key: string): string =>
  createHash('sha256').update(key, 'utf8').digest('base64url');

/**
 * A priced line as CheckoutRequested carries it to orders. A product's own one variant (its id and SKU
 * the product's, no options) goes exactly as before variants, since a line without variant fields
 * means that one; any other variant goes with its variantId, SKU and options.
 */
export function orderLineOf({
  productId,
  name,
  variantId,
  sku,
  options,
  quantity,
  unitPrice,
  discount,
  tax,
  lineTotal,
}: PricedLine): OrderLine {
  const itself = variantOfLine({ productId });
  const plain = variantId === itself.variantId && sku === itself.sku && Object.keys(options).length === 0;
  return {
    productId,
    name,
    ...(plain ? {} : { variantId, sku, options }),
    quantity,
    unitPrice,
    discount,
    tax,
    lineTotal,
  };
}

/**
 * Where a checkout goes: the body's address, else the cart's delivery; the body's shipping option,
 * else the cart's when the address is the cart's too (else the cheapest for the address's country).
 */
export function deliveryOf(cart: Cart, body: CheckoutBody): Delivery | undefined {
  if (body.shippingAddress)
    return { shippingAddress: body.shippingAddress, shippingOptionId: body.shippingOptionId };
  if (!cart.delivery) return undefined;
  return { ...cart.delivery, ...(body.shippingOptionId ? { shippingOptionId: body.shippingOptionId } : {}) };
}

/** The money of the priced cart as CheckoutRequested carries it to the order, fixed from then on. */
export function moneyOf(priced: PricedCart, store: PricingStore | undefined) {
  return {
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    shippingTotal: priced.shippingTotal,
    taxTotal: priced.taxTotal,
    ...(priced.promotionCode ? { promotionCode: priced.promotionCode } : {}),
    ...(priced.shippingOption ? { shippingOption: priced.shippingOption } : {}),
    taxIncluded: store?.taxIncluded ?? false,
  };
}
