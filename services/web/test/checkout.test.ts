import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../src/api/problem.ts';
import {
  createCheckoutAttempts,
  deliverableAddress,
  deliveryEstimate,
  fingerprint,
  isRetryable,
  newIdempotencyKey,
  normalizeAddress,
  shippingCountry,
} from '../src/checkout.ts';

const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
const apiError = (status: number) => new ApiError({ type: 'about:blank', title: 't', status, detail: 'd' });

describe('newIdempotencyKey', () => {
  it('makes a version 4 UUID', () => {
    expect(newIdempotencyKey()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('makes a different key every time', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(100);
  });
});

describe('fingerprint', () => {
  it('is the same for equal bodies whatever the key order', () => {
    expect(fingerprint({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      fingerprint({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
  });

  it('differs when a value differs, and ignores undefined fields', () => {
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint({ a: 1, b: undefined })).toBe(fingerprint({ a: 1 }));
  });
});

describe('isRetryable', () => {
  it('retries what may have reached the server: network errors, 5xx, 429', () => {
    expect(isRetryable(new NetworkError('offline'))).toBe(true);
    expect(isRetryable(apiError(503))).toBe(true);
    expect(isRetryable(apiError(429))).toBe(true);
  });

  it('does not retry answers that are final', () => {
    for (const status of [400, 401, 404, 409, 422]) expect(isRetryable(apiError(status))).toBe(false);
  });
});

describe('createCheckoutAttempts', () => {
  const counter = () => {
    let n = 0;
    return () => `key-${++n}`;
  };
  const body = { shippingAddress: address, paymentMethod: 'card_ok' as const };

  it('reuses the key when the same attempt is retried after a network error', () => {
    const attempts = createCheckoutAttempts(counter());
    const first = attempts.keyFor(body);
    attempts.settle(new NetworkError('offline'));
    expect(attempts.keyFor({ paymentMethod: 'card_ok', shippingAddress: { ...address } })).toBe(first);
  });

  it('reuses the key after a 5xx', () => {
    const attempts = createCheckoutAttempts(counter());
    const first = attempts.keyFor(body);
    attempts.settle(apiError(500));
    expect(attempts.keyFor(body)).toBe(first);
  });

  it('starts a new attempt after a success', () => {
    const attempts = createCheckoutAttempts(counter());
    expect(attempts.keyFor(body)).toBe('key-1');
    attempts.settle();
    expect(attempts.openKey()).toBeUndefined();
    expect(attempts.keyFor(body)).toBe('key-2');
  });

  it('starts a new attempt after a final refusal such as an empty cart', () => {
    const attempts = createCheckoutAttempts(counter());
    attempts.keyFor(body);
    attempts.settle(apiError(409));
    expect(attempts.keyFor(body)).toBe('key-2');
  });

  it('starts a new attempt when the body changes, so the server never sees one key with two bodies (422)', () => {
    const attempts = createCheckoutAttempts(counter());
    attempts.keyFor(body);
    attempts.settle(new NetworkError('offline'));
    expect(attempts.keyFor({ ...body, paymentMethod: 'card_declined' })).toBe('key-2');
  });
});

describe('normalizeAddress', () => {
  it('trims, uppercases the country and drops an empty second line', () => {
    expect(
      normalizeAddress({
        line1: ' 1 Main St ',
        line2: '  ',
        city: ' X ',
        postalCode: ' 1 ',
        country: ' us ',
      }),
    ).toEqual({
      line1: '1 Main St',
      city: 'X',
      postalCode: '1',
      country: 'US',
    });
  });

  it('keeps a second line that has text', () => {
    expect(normalizeAddress({ ...address, line2: 'Flat 2' }).line2).toBe('Flat 2');
  });
});

describe('shippingCountry', () => {
  it('is the form’s country once it is two letters, uppercased', () => {
    expect(shippingCountry({ country: ' de ' })).toBe('DE');
    expect(shippingCountry({ country: 'US' })).toBe('US');
  });

  it('is undefined while the country is empty, one letter, or not letters', () => {
    for (const country of ['', 'D', 'DEU', '1A', 'D-']) expect(shippingCountry({ country })).toBeUndefined();
  });
});

describe('deliverableAddress', () => {
  it('is the normalized address once every required field is filled', () => {
    expect(deliverableAddress({ ...address, line2: ' ', country: 'us' })).toEqual(address);
  });

  it('is undefined while a required field is blank or the country is not a code yet', () => {
    for (const field of ['line1', 'city', 'postalCode', 'country'] as const) {
      expect(deliverableAddress({ ...address, [field]: '  ' }), field).toBeUndefined();
    }
    expect(deliverableAddress({ ...address, country: 'U' })).toBeUndefined();
  });
});

describe('deliveryEstimate', () => {
  it('says the days in words', () => {
    expect(deliveryEstimate(0)).toBe('same day');
    expect(deliveryEstimate(1)).toBe('1 day');
    expect(deliveryEstimate(5)).toBe('5 days');
  });
});
