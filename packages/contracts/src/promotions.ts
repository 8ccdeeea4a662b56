import { defineEvent, type EventOf } from '@shop/events';
import { isoTimestamp, moneyAmount } from '@shop/validation';
import * as z from 'zod/mini';
import { storeIdSchema } from './stores.ts';

// A store's promotion codes (API.md v1.1 "Money at checkout"). Orders owns them, since it counts their
// uses when an order is confirmed; carts keeps a copy from PromotionChanged to price a cart with one.

/** What a promotion takes off: a percent (1–100) or a fixed amount of the goods, or the shipping. */
export const promotionType = z.enum(['percent', 'fixed', 'free_shipping']);
export type PromotionType = z.infer<typeof promotionType>;

/** A code as stored and compared: codes are case-insensitive, so the upper-case spelling is the key. */
export const canonicalCode = (code: string): string => code.trim().toUpperCase();

const minorUnits = moneyAmount.check(z.maximum(1_000_000_000_00));
const count = z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000_000));

/** A promotion as the shop answers it and PromotionChanged carries it. */
export const promotion = z.object({
  /** Upper case; a customer may type it in any case. */
  code: z.string().check(z.minLength(1), z.maxLength(32), z.regex(/^[A-Z0-9_-]+$/)),
  type: promotionType,
  /** percent: 1–100; fixed: minor units of the store's currency; free_shipping: 0. */
  value: minorUnits,
  startsAt: z.optional(isoTimestamp),
  endsAt: z.optional(isoTimestamp),
  /** How many confirmed orders may use it in all. */
  usageLimit: z.optional(count),
  /** How many confirmed orders of one customer may use it. */
  perCustomerLimit: z.optional(count),
  /** The goods (before discount) must come to at least this much. */
  minSubtotal: z.optional(minorUnits),
  /** Confirmed orders holding a use: counted at confirmation, given back on rejection or cancel. */
  timesUsed: z.number().check(z.int(), z.minimum(0)),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Promotion = z.infer<typeof promotion>;

/**
 * Orders → order-events topic: a promotion of a store was created, changed, used, given back or
 * deleted (`deleted`). `version` grows with every change, so a copy keeps the highest it has seen.
 */
export const promotionChanged = defineEvent(
  'PromotionChanged',
  1,
  z.object({
    storeId: storeIdSchema,
    version: z.number().check(z.int(), z.minimum(1)),
    promotion,
    deleted: z.optional(z.boolean()),
  }),
);
export type PromotionChanged = EventOf<typeof promotionChanged>;

/** Why a promotion does not apply now, or undefined when it does (the window, the subtotal, the uses). */
export function promotionRefusal(
  promo: Pick<Promotion, 'startsAt' | 'endsAt' | 'minSubtotal' | 'usageLimit' | 'timesUsed' | 'code'>,
  subtotal: number,
  now: Date,
): string | undefined {
  const at = now.getTime();
  if (promo.startsAt && at < Date.parse(promo.startsAt))
    return `The code ${promo.code} has not started yet (from ${promo.startsAt}).`;
  if (promo.endsAt && at >= Date.parse(promo.endsAt)) return `The code ${promo.code} has expired.`;
  if (promo.usageLimit !== undefined && promo.timesUsed >= promo.usageLimit)
    return `The code ${promo.code} is used up.`;
  if (promo.minSubtotal !== undefined && subtotal < promo.minSubtotal)
    return `The code ${promo.code} needs goods worth at least ${promo.minSubtotal} (minor units); the cart has ${subtotal}.`;
  return undefined;
}

/** The fields that make a promotion, as a create or a patch leaves them. */
type PromotionTerms = Pick<Promotion, 'type' | 'value'> & Partial<Pick<Promotion, 'startsAt' | 'endsAt'>>;

/** What is wrong with a promotion's terms, each with its field; empty when nothing is. */
export function promotionProblems(terms: PromotionTerms): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (terms.type === 'percent' && (terms.value < 1 || terms.value > 100))
    problems.push({ path: ['value'], message: 'a percent is 1 to 100' });
  if (terms.type === 'fixed' && terms.value < 1)
    problems.push({ path: ['value'], message: 'a fixed amount is at least 1 (minor units)' });
  if (terms.type === 'free_shipping' && terms.value !== 0)
    problems.push({ path: ['value'], message: 'free shipping takes no value (0)' });
  if (terms.startsAt && terms.endsAt && Date.parse(terms.endsAt) <= Date.parse(terms.startsAt))
    problems.push({ path: ['endsAt'], message: 'must be after startsAt' });
  return problems;
}
