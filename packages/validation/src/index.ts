import { type FieldError, ValidationError } from '@shop/errors';
import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale, and without one every issue reads "Invalid input": keep zod's English
// messages, which the problem answers' `errors` carry to clients (unless a locale was chosen already).
if (!z.config().localeError) z.config(en());

/** `?limit=`: a query-string integer 1..100, 20 when absent. */
export const limitParam = z._default(
  z.coerce
    .number({ error: 'Must be a whole number from 1 to 100' })
    .check(
      z.int('Must be a whole number from 1 to 100'),
      z.minimum(1, 'Must be a whole number from 1 to 100'),
      z.maximum(100, 'Must be a whole number from 1 to 100'),
    ),
  20,
);

/** `?cursor=`: the opaque `nextCursor` of the previous page (base64url, as `encodeCursor` makes it). */
export const cursorParam = z.optional(
  z.string().check(z.minLength(1), z.maxLength(2048), z.regex(/^[A-Za-z0-9_-]*$/, 'Invalid cursor')),
);

/** The query of every list route: `?limit=&cursor=`. */
export const paginationQuery = z.object({ limit: limitParam, cursor: cursorParam });
export type PaginationQuery = z.infer<typeof paginationQuery>;

// A code's length is stated for the OpenAPI document; the pattern already holds it, so a wrong code
// gets one message (`abort`), not two.

/** ISO 4217 currency code, `USD` when absent. */
export const currencyCode = z._default(
  z
    .string()
    .check(
      z.regex(/^[A-Z]{3}$/, { message: 'Must be an ISO 4217 code of 3 uppercase letters', abort: true }),
      z.maxLength(3),
    ),
  'USD',
);

/** Money in integer minor units (`1999` = 19.99). */
export const moneyAmount = z.number().check(z.int(), z.minimum(0));

/** ISO 3166-1 alpha-2 country code, uppercase. */
export const countryCode = z.string().check(
  z.regex(/^[A-Z]{2}$/, {
    message: 'Must be an ISO 3166-1 alpha-2 code of 2 uppercase letters',
    abort: true,
  }),
  z.maxLength(2),
);

/** A postal address; unknown fields are rejected. */
export const address = z.strictObject({
  line1: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  line2: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  city: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  postalCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
  country: countryCode,
});
export type Address = z.infer<typeof address>;

/** An ISO 8601 UTC timestamp such as `2026-01-31T12:00:00.000Z`. */
export const isoTimestamp = z.iso.datetime().check(z.maxLength(30));

/** Encodes a DynamoDB `LastEvaluatedKey` as an opaque URL-safe `nextCursor`. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

const cursorError = (cause?: unknown) =>
  new ValidationError('Invalid cursor.', [{ field: 'cursor', message: 'Invalid cursor' }], { cause });

/**
 * Decodes a `?cursor=` back into a key; a malformed or tampered cursor is a 400 naming `cursor`.
 * Pass the key's schema so a forged key is refused here rather than by DynamoDB as a 5xx.
 */
export function decodeCursor(cursor: string): Record<string, unknown>;
export function decodeCursor<S extends z.ZodMiniType<Record<string, unknown>>>(
  cursor: string,
  schema: S,
): z.infer<S>;
export function decodeCursor(cursor: string, schema?: z.ZodMiniType): unknown {
  let key: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw cursorError(error);
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw cursorError();
  if (!schema) return key;
  const result = schema.safeParse(key);
  if (!result.success) throw cursorError(result.error);
  return result.data;
}

/**
 * Turns a ZodError into field errors named as the client sees them: the path inside the body or
 * query joined with dots (`shippingAddress.country`, `items.0.quantity`, `limit`), with an optional
 * prefix; unknown keys are listed one by one under their own name.
 */
export function fieldErrorsFromZod(error: z.core.$ZodError, prefix?: string): FieldError[] {
  const join = (path: PropertyKey[]) =>
    [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: join([...issue.path, key]), message: 'Unknown field' }));
    }
    return [{ field: join(issue.path) || prefix || '(root)', message: issue.message }];
  });
}
