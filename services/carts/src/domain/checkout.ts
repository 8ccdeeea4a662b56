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
import type { PricedLine } from './pricing.ts';

// The checkout's body and answer are the HTTP contract's (`@shop/contracts`).
export type { CheckoutAccepted, CheckoutBody };

/** How long a key answers with its first checkout; after that it starts a new one. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * A fingerprint of the request as validated (defaults applied, fields in schema order), so a replay
 * that differs only in spelling — an omitted default, other key order or whitespace around a city —
 * is the same request, and any real difference is another one (422).
 */
export function requestFingerprint(body: { shippingAddress: Address; paymentMethod: PaymentMethod }): string {
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
}: PricedLine): OrderLine {
  const itself = variantOfLine({ productId });
  const plain = variantId === itself.variantId && sku === itself.sku && Object.keys(options).length === 0;
  return { productId, name, ...(plain ? {} : { variantId, sku, options }), quantity, unitPrice };
}
