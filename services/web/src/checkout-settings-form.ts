// The shipping-and-tax admin forms, pure so they are unit-tested: a shipping option's fields as typed
// and what they mean to POST and PATCH /shipping-options, a tax rate's percent as basis points, and
// the API's field errors put beside the field they concern.
import type { FieldError } from './api/problem.ts';
import type { NewShippingOption, ShippingOption, ShippingOptionPatch } from './api/types.ts';
import { minorToInput, parseMoney } from './money.ts';

// The contract's limits (checkout-settings.ts), repeated here: the app imports the contract's types only.
/** Every country: a shipping option's `countries` may be `["*"]`, alone. */
export const ANY_COUNTRY = '*';
/** The most shipping options one store offers. */
export const MAX_SHIPPING_OPTIONS = 50;
/** The highest tax rate, in basis points (100 %). */
export const MAX_TAX_RATE = 10_000;
/** The longest delivery estimate, in days. */
export const MAX_ESTIMATED_DAYS = 365;

const countryPattern = /^[A-Z]{2}$/;

/** A destination country as typed: trimmed and upper-cased, `undefined` unless it is two letters. */
export function parseCountry(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  return countryPattern.test(code) ? code : undefined;
}

/**
 * "DE, AT" → `["DE", "AT"]`; `"*"` alone → `["*"]`. Commas, semicolons or spaces separate; each code
 * is upper-cased and named once. Whether a code is a real country the API checks.
 */
export function parseCountries(
  input: string,
): { ok: true; countries: string[] } | { ok: false; problem: string } {
  const entries = [
    ...new Set(
      input
        .split(/[\s,;]+/)
        .map((entry) => entry.toUpperCase())
        .filter(Boolean),
    ),
  ];
  if (entries.length === 0)
    return { ok: false, problem: 'Enter at least one country, or * for every country' };
  if (entries.includes(ANY_COUNTRY)) {
    return entries.length === 1
      ? { ok: true, countries: [ANY_COUNTRY] }
      : { ok: false, problem: '* (every country) stands alone' };
  }
  const wrong = entries.filter((entry) => !countryPattern.test(entry));
  if (wrong.length > 0) {
    return { ok: false, problem: `Not a two-letter country code: ${wrong.join(', ')}` };
  }
  return { ok: true, countries: entries };
}

/** `["DE", "AT"]` → "DE, AT", for the input field. */
export const countriesToInput = (countries: readonly string[]): string => countries.join(', ');

/** How a table writes an option's countries: "Every country" for `["*"]`. */
export const countriesLabel = (countries: readonly string[]): string =>
  countries.includes(ANY_COUNTRY) ? 'Every country' : countries.join(', ');

let regionNames: Intl.DisplayNames | undefined;
/** "DE" → "Germany (DE)"; a code the browser cannot name stays as it is. */
export function countryLabel(code: string): string {
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regionNames.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/**
 * A percent as typed → basis points, exactly (no floating point): "19" → 1900, "7.25" → 725,
 * "19,5 %" → 1950. At most 2 decimals, 0–100 %; `undefined` for anything else.
 */
export function parsePercent(input: string): number | undefined {
  const text = input.trim().replace(/\s*%$/, '');
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const [, whole = '', fraction = ''] = match;
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return basisPoints <= MAX_TAX_RATE ? basisPoints : undefined;
}

/** 1900 → "19", 725 → "7.25", 1950 → "19.5": basis points for the percent input. */
export function basisPointsToInput(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** 1900 → "19 %", 725 → "7.25 %" (the locale's decimal mark: "7,25 %" in de-DE). */
export function formatPercent(basisPoints: number, locale = 'en-US'): string {
  const percent = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(basisPoints / 100);
  return `${percent}\u00a0%`;
}

/** A shipping option's form as typed. */
export interface ShippingOptionFields {
  name: string;
  price: string;
  /** Empty: never free. */
  freeOver: string;
  estimatedDays: string;
  countries: string;
}

export type ShippingOptionField = keyof ShippingOptionFields;

export const blankShippingOption: ShippingOptionFields = {
  name: '',
  price: '',
  freeOver: '',
  estimatedDays: '',
  countries: '',
};

export const shippingOptionFieldsOf = (option: ShippingOption, currency: string): ShippingOptionFields => ({
  name: option.name,
  price: minorToInput(option.price, currency),
  freeOver: option.freeOver === undefined ? '' : minorToInput(option.freeOver, currency),
  estimatedDays: String(option.estimatedDays),
  countries: countriesToInput(option.countries),
});

/**
 * An amount in major units → integer minor units (the product form's parseMoney). parseMoney reads a
 * comma as a thousands separator; "4,99" ending in a comma and 1–2 digits is far more likely a
 * decimal comma, so it is refused rather than read as 499.00.
 */
export function parseAmount(input: string, currency: string): number | undefined {
  if (/,\d{1,2}$/.test(input.trim())) return undefined;
  return parseMoney(input, currency);
}

/** What the admin typed, checked: the POST /shipping-options body, or the problem per field. */
export function shippingOptionToSend(
  fields: ShippingOptionFields,
  currency: string,
):
  | { ok: true; body: NewShippingOption }
  | { ok: false; problems: Partial<Record<ShippingOptionField, string>> } {
  const problems: Partial<Record<ShippingOptionField, string>> = {};
  const name = fields.name.trim();
  if (!name) problems.name = 'Enter a name, e.g. Express';
  const price = parseAmount(fields.price, currency);
  if (price === undefined) problems.price = `Enter an amount such as 4.99 (${currency})`;
  const freeOverText = fields.freeOver.trim();
  const freeOver = freeOverText ? parseAmount(freeOverText, currency) : undefined;
  if (freeOverText && freeOver === undefined)
    problems.freeOver = `Enter an amount such as 50.00 (${currency}), or leave it empty`;
  const daysText = fields.estimatedDays.trim();
  const estimatedDays = Number(daysText);
  if (!/^\d{1,3}$/.test(daysText) || estimatedDays > MAX_ESTIMATED_DAYS)
    problems.estimatedDays = `Enter a whole number of days, 0 to ${MAX_ESTIMATED_DAYS}`;
  const countries = parseCountries(fields.countries);
  if (!countries.ok) problems.countries = countries.problem;
  if (price === undefined || !countries.ok || Object.keys(problems).length > 0)
    return { ok: false, problems };
  return {
    ok: true,
    body: {
      name,
      price,
      ...(freeOver !== undefined ? { freeOver } : {}),
      estimatedDays,
      countries: countries.countries,
    },
  };
}

const sameCountries = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((code) => b.includes(code));

/**
 * Only what changed, for PATCH /shipping-options/{id} (empty when nothing did): a free-from amount
 * cleared is `freeOver: null`, which removes it.
 */
export function shippingOptionChanges(before: ShippingOption, after: NewShippingOption): ShippingOptionPatch {
  const patch: ShippingOptionPatch = {};
  if (after.name !== before.name) patch.name = after.name;
  if (after.price !== before.price) patch.price = after.price;
  if (after.freeOver !== before.freeOver) patch.freeOver = after.freeOver ?? null;
  if (after.estimatedDays !== before.estimatedDays) patch.estimatedDays = after.estimatedDays;
  if (!sameCountries(after.countries, before.countries)) patch.countries = after.countries;
  return patch;
}

/**
 * The API's field errors (400) by form field: `countries.1` is the countries field, its message
 * naming the code it refused (`countries` as sent). Fields the form does not have are left out; the
 * error notice lists every one anyway.
 */
export function fieldProblems<F extends string>(
  errors: readonly FieldError[],
  fields: readonly F[],
  sent: { countries?: readonly string[] } = {},
): Partial<Record<F, string>> {
  const problems: Partial<Record<F, string>> = {};
  for (const { field, message } of errors) {
    const [root = '', index] = field.split('.');
    const key = fields.find((candidate) => candidate === root);
    if (!key) continue;
    const code = root === 'countries' && index !== undefined ? sent.countries?.[Number(index)] : undefined;
    const text = code ? `${code}: ${message}` : message;
    problems[key] = problems[key] ? `${problems[key]}; ${text}` : text;
  }
  return problems;
}
