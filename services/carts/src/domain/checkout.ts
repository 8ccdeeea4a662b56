import { createHash } from 'node:crypto';
import { type PaymentMethod, paymentMethod } from '@shop/contracts';
import { type Address, address } from '@shop/validation';
import * as z from 'zod';

/** POST /cart/checkout body; unknown fields (a price, a total, a user) are refused. */
export const checkoutBody = z
  .object({ shippingAddress: address, paymentMethod: paymentMethod.default('card_ok') })
  .strict();
export type CheckoutBody = z.infer<typeof checkoutBody>;

/** The `Idempotency-Key` header (1–255 characters), required. */
export const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255) });

/** How long a key answers with its first checkout; after that it starts a new one. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** What a checkout answers, the first time and on every replay of its key. */
export type CheckoutAccepted = { orderId: string; status: 'PENDING' };

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
