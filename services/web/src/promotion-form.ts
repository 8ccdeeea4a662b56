// The admin's promotion form (API.md "Money at checkout"): what the fields hold, what they mean to
// POST /promotions (a percent, or an amount in the store's currency as minor units; local dates and
// times as ISO instants), and a promotion's terms in words for the list and the cart.
import type { NewPromotion, Promotion, PromotionType } from './api/types.ts';
import { parseAmount } from './checkout-settings-form.ts';
import { formatMoney } from './money.ts';

export type PromotionField =
  | 'code'
  | 'type'
  | 'value'
  | 'startsAt'
  | 'endsAt'
  | 'usageLimit'
  | 'perCustomerLimit'
  | 'minSubtotal';
export type PromotionFields = Record<PromotionField, string>;

export const blankPromotion: PromotionFields = {
  code: '',
  type: 'percent',
  value: '',
  startsAt: '',
  endsAt: '',
  usageLimit: '',
  perCustomerLimit: '',
  minSubtotal: '',
};

const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** A `datetime-local` value (the admin's own time zone) as an ISO instant; undefined if not one. */
function instantOf(input: string): string | undefined {
  const at = new Date(input);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** A whole number of at least 1, or undefined. */
function countOf(input: string): number | undefined {
  return /^\d{1,9}$/.test(input) && Number(input) >= 1 ? Number(input) : undefined;
}

/** What the admin typed, checked: the POST /promotions body, or the problem per field. */
export function promotionToSend(
  fields: PromotionFields,
  currency: string,
): { ok: true; body: NewPromotion } | { ok: false; problems: Partial<Record<PromotionField, string>> } {
  const problems: Partial<Record<PromotionField, string>> = {};
  const code = fields.code.trim().toUpperCase();
  if (!CODE.test(code)) problems.code = 'Enter 1–32 letters, digits, "-" or "_", e.g. SUMMER10';
  const type = fields.type as PromotionType;
  let value = 0;
  if (type === 'percent') {
    const percent = fields.value.trim();
    value = Number(percent);
    if (!/^\d{1,3}$/.test(percent) || value < 1 || value > 100)
      problems.value = 'Enter a whole percent, 1 to 100';
  } else if (type === 'fixed') {
    const amount = parseAmount(fields.value, currency);
    if (amount === undefined || amount < 1) problems.value = `Enter an amount such as 5.00 (${currency})`;
    else value = amount;
  }
  const optional: Partial<NewPromotion> = {};
  const startsAt = fields.startsAt.trim();
  if (startsAt) {
    const at = instantOf(startsAt);
    if (at) optional.startsAt = at;
    else problems.startsAt = 'Enter a date and time, or leave it empty';
  }
  const endsAt = fields.endsAt.trim();
  if (endsAt) {
    const at = instantOf(endsAt);
    if (!at) problems.endsAt = 'Enter a date and time, or leave it empty';
    else if (optional.startsAt && at <= optional.startsAt) problems.endsAt = 'Must be after the start';
    else optional.endsAt = at;
  }
  for (const field of ['usageLimit', 'perCustomerLimit'] as const) {
    const text = fields[field].trim();
    if (!text) continue;
    const count = countOf(text);
    if (count === undefined) problems[field] = 'Enter a whole number of at least 1, or leave it empty';
    else optional[field] = count;
  }
  const minimum = fields.minSubtotal.trim();
  if (minimum) {
    const amount = parseAmount(minimum, currency);
    if (amount === undefined)
      problems.minSubtotal = `Enter an amount such as 50.00 (${currency}), or leave it empty`;
    else optional.minSubtotal = amount;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, body: { code, type, value, ...optional } };
}

/** `10 % off`, `$5.00 off`, `Free shipping`, with the conditions: for the list and the cart. */
export function promotionTerms(promotion: Promotion, currency: string, locale = 'en-US'): string {
  const what =
    promotion.type === 'percent'
      ? `${promotion.value} % off`
      : promotion.type === 'fixed'
        ? `${formatMoney(promotion.value, currency, locale)} off`
        : 'Free shipping';
  const conditions = [
    promotion.minSubtotal !== undefined ? `from ${formatMoney(promotion.minSubtotal, currency, locale)}` : '',
    promotion.perCustomerLimit !== undefined ? `${promotion.perCustomerLimit} per customer` : '',
  ].filter(Boolean);
  return conditions.length > 0 ? `${what} (${conditions.join(', ')})` : what;
}

/** `3 of 100 used`, or `3 used` without a limit. */
export const usageLabel = (promotion: Promotion): string =>
  promotion.usageLimit !== undefined
    ? `${promotion.timesUsed} of ${promotion.usageLimit} used`
    : `${promotion.timesUsed} used`;

/** Whether the promotion is open now, over, or yet to start, by its window. */
export function promotionState(promotion: Promotion, now = new Date()): 'active' | 'ended' | 'scheduled' {
  if (promotion.endsAt && now.getTime() >= Date.parse(promotion.endsAt)) return 'ended';
  if (promotion.startsAt && now.getTime() < Date.parse(promotion.startsAt)) return 'scheduled';
  return 'active';
}
