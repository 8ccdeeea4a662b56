import { checkoutBody, idempotencyHeaders } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { idempotencyKeyDigest, requestFingerprint } from '../src/domain/checkout.ts';

const shippingAddress = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

describe('the checkout body', () => {
  it('defaults the payment method to card_ok', () => {
    expect(checkoutBody.parse({ shippingAddress }).paymentMethod).toBe('card_ok');
  });

  it('refuses unknown fields and an unknown payment method; the address may come from the cart', () => {
    expect(checkoutBody.safeParse({ shippingAddress, total: 1 }).success).toBe(false);
    // v1.1: without an address the checkout uses the cart's (PUT /cart/delivery), else it is a 400.
    expect(checkoutBody.safeParse({}).success).toBe(true);
    expect(checkoutBody.safeParse({ shippingAddress: { city: 'x' } }).success).toBe(false);
    expect(checkoutBody.safeParse({ shippingAddress, paymentMethod: 'cash' }).success).toBe(false);
  });
});

describe('the Idempotency-Key header', () => {
  it('takes 1 to 255 characters', () => {
    expect(idempotencyHeaders.safeParse({ 'idempotency-key': 'k'.repeat(255) }).success).toBe(true);
    expect(idempotencyHeaders.safeParse({ 'idempotency-key': 'k'.repeat(256) }).success).toBe(false);
    expect(idempotencyHeaders.safeParse({ 'idempotency-key': '' }).success).toBe(false);
    expect(idempotencyHeaders.safeParse({}).success).toBe(false);
  });

  it('is stored as a digest short enough for a sort key whatever its characters', () => {
    expect(idempotencyKeyDigest('ü'.repeat(255))).toHaveLength(43);
  });
});

describe('the request fingerprint', () => {
  const body = checkoutBody.parse({ shippingAddress });

  it('is the same for the same request however it was spelled', () => {
    const respelled = checkoutBody.parse({
      paymentMethod: 'card_ok',
      shippingAddress: { country: 'US', postalCode: '12345', city: ' Springfield ', line1: '1 Main St' },
    });

    expect(requestFingerprint(respelled)).toBe(requestFingerprint(body));
  });

  it('differs for another address or payment method', () => {
    const fingerprint = requestFingerprint(body);

    expect(requestFingerprint({ ...body, paymentMethod: 'card_declined' })).not.toBe(fingerprint);
    expect(
      requestFingerprint({ ...body, shippingAddress: { ...shippingAddress, city: 'Shelbyville' } }),
    ).not.toBe(fingerprint);
  });
});
