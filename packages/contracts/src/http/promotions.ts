import { isoTimestamp, paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { promotion, promotionProblems, promotionType } from '../promotions.ts';
import { amount, page } from './common.ts';

// The promotion routes (API.md "Money at checkout"): orders' `/promotions` for a store's admins, and
// carts' `/cart/promotion` for a customer. The store is the request's (`X-Store-Id`).

/** A code as typed: letters, digits, `-` and `_`; compared case-insensitively (kept upper case). */
const code = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(32),
    z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only'),
    z.toUpperCase(),
  );

/** `{code}` of a promotion route, in any case. */
export const promotionPath = z.object({ code });
export type PromotionPath = z.infer<typeof promotionPath>;

const count = z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000_000));
/** A percent takes 1–100 off; a fixed amount at least one minor unit; free shipping nothing else. */
const value = amount;

/** POST /promotions: the code is the key (409 when taken); `value` may be left out for free shipping. */
export const newPromotionBody = z
  .strictObject({
    code,
    type: promotionType,
    value: z._default(value, 0),
    startsAt: z.optional(isoTimestamp),
    endsAt: z.optional(isoTimestamp),
    usageLimit: z.optional(count),
    perCustomerLimit: z.optional(count),
    minSubtotal: z.optional(amount),
  })
  .check(
    z.superRefine((body, context) => {
      for (const { path, message } of promotionProblems(body))
        context.addIssue({ code: 'custom', message, path, input: body });
    }),
  );
export type NewPromotion = z.infer<typeof newPromotionBody>;
/** The POST /promotions body as a client sends it. */
export type NewPromotionInput = z.input<typeof newPromotionBody>;

/**
 * PATCH /promotions/{code}: any field but the code, at least one; `null` removes an optional one. The
 * terms after the change are checked as a create's are.
 */
export const promotionPatchBody = z
  .strictObject({
    type: z.optional(promotionType),
    value: z.optional(value),
    startsAt: z.optional(z.nullable(isoTimestamp)),
    endsAt: z.optional(z.nullable(isoTimestamp)),
    usageLimit: z.optional(z.nullable(count)),
    perCustomerLimit: z.optional(z.nullable(count)),
    minSubtotal: z.optional(z.nullable(amount)),
  })
  .check(
    z.refine((patch) => Object.values(patch).some((field) => field !== undefined), {
      message: 'give at least one field to change',
    }),
  );
export type PromotionPatch = z.infer<typeof promotionPatchBody>;

/** GET /promotions query: `limit` and `cursor`. */
export const listPromotionsQuery = paginationQuery;
export type ListPromotionsQuery = z.infer<typeof listPromotionsQuery>;

/** GET /promotions: the store's promotions by code, each with its `timesUsed`. */
export const promotionPage = page(promotion);
export type PromotionPage = z.infer<typeof promotionPage>;

/** PUT /cart/promotion: the code as the customer typed it (any case). */
export const cartPromotionBody = z.strictObject({
  code: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
});
export type CartPromotionBody = z.infer<typeof cartPromotionBody>;
