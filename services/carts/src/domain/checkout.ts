import { createHash } from 'node:crypto';
import { type CheckoutAccepted, type CheckoutBody, checkoutBody, type PaymentMethod } from '@shop/contracts';
import type { Address } from '@shop/validation';

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
