import { type HttpError, ValidationError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  address,
  countryCode,
  currencyCode,
  decodeCursor,
  encodeCursor,
  fieldErrorsFromZod,
  isoTimestamp,
  moneyAmount,
  paginationQuery,
} from '../src/index.ts';

describe('paginationQuery', () => {
  it('turns the query-string limit into a number and defaults it to 20', () => {
    expect(paginationQuery.parse({ limit: '5' })).toEqual({ limit: 5 });
    expect(paginationQuery.parse({})).toEqual({ limit: 20 });
  });

  it.each(['0', '101', '2.5', 'abc'])('rejects limit %s', (limit) => {
    expect(paginationQuery.safeParse({ limit }).success).toBe(false);
  });
});

describe('the shared value schemas', () => {
  it('accept valid values and reject invalid ones', () => {
    expect(currencyCode.parse(undefined)).toBe('USD');
    expect(currencyCode.safeParse('usd').success).toBe(false);
    expect(moneyAmount.safeParse(1999).success).toBe(true);
    expect(moneyAmount.safeParse(19.99).success).toBe(false);
    expect(moneyAmount.safeParse(-1).success).toBe(false);
    expect(countryCode.safeParse('DE').success).toBe(true);
    expect(countryCode.safeParse('de').success).toBe(false);
    expect(isoTimestamp.safeParse('2026-01-31T12:00:00.000Z').success).toBe(true);
    expect(isoTimestamp.safeParse('yesterday').success).toBe(false);
  });

  it('gives a wrong country or currency code one message, not one per check', () => {
    const valid = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
    for (const country of ['DEU', 'de', 'D']) {
      const result = address.safeParse({ ...valid, country });
      expect(result.error?.issues.map((issue) => issue.message)).toEqual([
        'Must be an ISO 3166-1 alpha-2 code of 2 uppercase letters',
      ]);
    }
    expect(currencyCode.safeParse('EURO').error?.issues).toHaveLength(1);
    expect(currencyCode.parse(undefined)).toBe('USD');
  });

  it('rejects unknown address fields', () => {
    const valid = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
    expect(address.parse(valid)).toEqual(valid);
    expect(address.safeParse({ ...valid, userId: 'u1' }).success).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trip a DynamoDB key', () => {
    const key = { pk: 'USER#1', sk: 'ORDER#2026', n: 3 };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each(['%%%', 'bm90IGpzb24', encodeCursor([] as never), Buffer.from('42').toString('base64url')])(
    'answer 400 naming the cursor field for the malformed cursor %s',
    (cursor) => {
      let error: unknown;
      try {
        decodeCursor(cursor);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as HttpError).errors).toEqual([{ field: 'cursor', message: 'Invalid cursor' }]);
    },
  );

  it('are bounded in the query: 1–2048 base64url characters, anything else a 400 on `cursor`', () => {
    const long = encodeCursor({ pk: 'x'.repeat(1400) });
    expect(long.length).toBeLessThanOrEqual(2048);
    expect(paginationQuery.parse({ cursor: long }).cursor).toBe(long);
    for (const cursor of ['a'.repeat(2049), 'abc=', 'a b', '']) {
      const result = paginationQuery.safeParse({ cursor });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['cursor']);
    }
  });

  it('refuse a tampered key that does not match the key schema', () => {
    const keySchema = z.strictObject({ pk: z.string(), sk: z.string() });
    expect(decodeCursor(encodeCursor({ pk: 'a', sk: 'b' }), keySchema)).toEqual({ pk: 'a', sk: 'b' });
    expect(() => decodeCursor(encodeCursor({ pk: { S: 'x' }, sk: 'b' }), keySchema)).toThrow(ValidationError);
  });
});

describe('fieldErrorsFromZod', () => {
  it('names nested fields as the client sent them, and lists each unknown field', () => {
    const schema = z.strictObject({ shippingAddress: address, quantity: z.number() });
    const result = schema.safeParse({
      shippingAddress: { line1: 'x', city: 'y', postalCode: 'z', country: 'de' },
      quantity: 'one',
      price: 1,
      userId: 'u',
    });
    expect(result.success).toBe(false);
    const fields = fieldErrorsFromZod((result as { error: z.core.$ZodError }).error).map((e) => e.field);
    expect(fields.sort()).toEqual(['price', 'quantity', 'shippingAddress.country', 'userId']);
  });

  it("gives zod's English messages, which zod/mini does not load by itself", () => {
    const schema = z.strictObject({ shippingAddress: address, quantity: z.number() });
    const result = schema.safeParse({
      shippingAddress: { line1: 'x'.repeat(201), city: '', postalCode: 'z', country: 'DE' },
      quantity: 'one',
      price: 1,
    });
    expect(fieldErrorsFromZod((result as { error: z.core.$ZodError }).error)).toEqual([
      { field: 'shippingAddress.line1', message: 'Too big: expected string to have <=200 characters' },
      { field: 'shippingAddress.city', message: 'Too small: expected string to have >=1 characters' },
      { field: 'quantity', message: 'Invalid input: expected number, received string' },
      { field: 'price', message: 'Unknown field' },
    ]);
    expect(paginationQuery.safeParse({ limit: 'abc' }).error?.issues[0]?.message).toBe(
      'Must be a whole number from 1 to 100',
    );
  });

  it('prepends a prefix when given', () => {
    const result = z.object({ limit: z.number() }).safeParse({});
    expect(fieldErrorsFromZod((result as { error: z.core.$ZodError }).error, 'query')[0]?.field).toBe(
      'query.limit',
    );
  });
});
