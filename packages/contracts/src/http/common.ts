import { MAX_FIELD_ERRORS } from '@shop/errors';
import { isoTimestamp, moneyAmount } from '@shop/validation';
import * as z from 'zod/mini';

// Pieces every service's HTTP contract is built from. Request schemas validate (and may trim or
// default); response schemas describe what the shop answers and never transform.

/** The most items one list page holds (`?limit=` is 1–100). */
export const MAX_PAGE_ITEMS = 100;

/** A list answer: `{ items, nextCursor }`; `nextCursor` is null on the last page. */
export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    items: z.array(item).check(z.maxLength(MAX_PAGE_ITEMS)),
    nextCursor: z
      .nullable(z.string().check(z.maxLength(2048), z.regex(/^[A-Za-z0-9_-]+$/)))
      .check(z.describe('Pass it back as `?cursor=` for the next page.')),
  });

/** One failing input field, named as the client sent it (`limit`, `shippingAddress.country`); `@shop/errors` bounds both. */
export const fieldError = z.object({
  field: z.string().check(z.maxLength(100)),
  message: z.string().check(z.maxLength(200)),
});
export type FieldError = z.infer<typeof fieldError>;

/** Every error answer: RFC 9457 problem+json. */
export const problem = z.object({
  /** A URI naming the kind of problem (`https://shop.example/problems/not-found`); switch on it. */
  type: z.url().check(z.maxLength(200)),
  title: z.string().check(z.maxLength(100)),
  status: z.number().check(z.int(), z.minimum(400), z.maximum(599)),
  detail: z.string().check(z.maxLength(1000)),
  errors: z
    .optional(z.array(fieldError).check(z.maxLength(MAX_FIELD_ERRORS)))
    .check(z.describe('At most 20; the detail says how many more failed.')),
});
export type Problem = z.infer<typeof problem>;

/**
 * What API Gateway itself answers when it refuses a request before any function runs: its JWT
 * authorizer (401), its throttle (429), a function that failed outright (500).
 */
export const gatewayError = z.object({
  message: z.enum(['Unauthorized', 'Too Many Requests', 'Internal Server Error']),
});
export type GatewayError = z.infer<typeof gatewayError>;

/** A timestamp as the shop answers it: ISO 8601 UTC (`2026-01-31T12:00:00.000Z`). */
export const timestamp = isoTimestamp;

/** An ISO 4217 currency code as the shop answers it. */
export const currency = z.string().check(z.regex(/^[A-Z]{3}$/), z.maxLength(3));

/** The largest price or total the shop stores, in minor units (a billion of the currency). */
export const MAX_AMOUNT = 1_000_000_000_00;

/** A price the shop answers: integer minor units, at most MAX_AMOUNT. */
export const amount = moneyAmount.check(z.maximum(MAX_AMOUNT));

/** A sum of prices (a line total, a subtotal, an order total): integer minor units, exact in every JSON client. */
export const totalAmount = moneyAmount.check(z.maximum(Number.MAX_SAFE_INTEGER));

/** A postal address (`{ line1, line2?, city, postalCode, country }`), as `@shop/validation` checks it. */
export type { Address } from '@shop/validation';

/** An id the shop made (a product's, an order's, a notification's): letters, digits, `-` and `_`, safe in a path. */
export const serverId = (maxLength: number) =>
  z.string().check(z.minLength(1), z.maxLength(maxLength), z.regex(/^[A-Za-z0-9_-]+$/));

/** A user's id: the Cognito `sub`. */
export const userId = serverId(128);

/** The shipping option a cart or order is priced with: its id, name and price (before any tax added). */
export const shippingChoice = z.object({
  shippingOptionId: serverId(64),
  name: z.string().check(z.maxLength(100)),
  price: amount,
});
