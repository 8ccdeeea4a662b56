import { countryCode } from '@shop/validation';
import * as z from 'zod/mini';
import {
  ANY_COUNTRY,
  MAX_SHIPPING_OPTIONS,
  MAX_TAX_RATES,
  shippingOption,
  taxRate,
} from '../checkout-settings.ts';
import { amount, serverId } from './common.ts';

// The stores service's checkout settings routes (API.md "Money at checkout"): a store's shipping
// options and tax rates, the store being the request's (`X-Store-Id`). Apart from stores.ts so that
// the store routes neither bundle nor build these schemas.

// Made on first use: loading the region names costs init time in every function that bundles this.
let regions: Intl.DisplayNames | undefined;
// Codes the region names know that are no country one ships to or taxes (unions, "Unknown Region").
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);
/** Whether an ISO 3166-1 alpha-2 code names a country or territory (`XX`, `EU` do not). */
export const isKnownCountry = (code: string): boolean => {
  if (NOT_COUNTRIES.has(code)) return false;
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regions.of(code) !== code;
  } catch {
    return false;
  }
};

/** A destination country a store ships to or taxes: ISO 3166-1 alpha-2, known. */
export const knownCountryCode = countryCode.check(
  z.refine(isKnownCountry, 'must be a known ISO 3166-1 country'),
);

/** `{shippingOptionId}` of a shipping option route. */
export const shippingOptionPath = z.object({ shippingOptionId: serverId(64) });
export type ShippingOptionPath = z.infer<typeof shippingOptionPath>;

/** `{country}` of a tax rate route: the destination, a known ISO 3166-1 alpha-2 code. */
export const taxRatePath = z.object({ country: knownCountryCode });
export type TaxRatePath = z.infer<typeof taxRatePath>;

/** GET /shipping-options query: with `country`, only the options that deliver there. */
export const shippingOptionsQuery = z.object({ country: z.optional(knownCountryCode) });
export type ShippingOptionsQuery = z.infer<typeof shippingOptionsQuery>;

const optionName = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100));
const estimatedDays = shippingOption.shape.estimatedDays;
// Each entry a known country, or `"*"` alone (everywhere); a country at most once.
const optionCountries = z
  .array(
    z.string().check(
      z.maxLength(2),
      z.refine(
        (code) => code === ANY_COUNTRY || knownCountryCode.safeParse(code).success,
        'must be a known ISO 3166-1 alpha-2 country code, or "*"',
      ),
    ),
  )
  .check(
    z.minLength(1),
    z.maxLength(MAX_TAX_RATES),
    z.refine((codes) => !codes.includes(ANY_COUNTRY) || codes.length === 1, {
      message: '"*" (every country) stands alone',
    }),
    z.refine((codes) => new Set(codes).size === codes.length, { message: 'names a country twice' }),
  );

/** POST /shipping-options: the id is the server's; unknown fields are refused. */
export const newShippingOptionBody = z.strictObject({
  name: optionName,
  price: amount,
  /** Shipping is free from this much of goods (after discount) on. */
  freeOver: z.optional(amount),
  estimatedDays,
  /** ISO 3166-1 codes, or `["*"]` for everywhere. */
  countries: optionCountries,
});
export type NewShippingOption = z.infer<typeof newShippingOptionBody>;
/** The POST /shipping-options body as a client sends it. */
export type NewShippingOptionInput = z.input<typeof newShippingOptionBody>;

/** PATCH /shipping-options/{shippingOptionId}: any of the create fields, at least one; `freeOver: null` removes it. */
export const shippingOptionPatchBody = z
  .strictObject({
    name: z.optional(optionName),
    price: z.optional(amount),
    freeOver: z.optional(z.nullable(amount)),
    estimatedDays: z.optional(estimatedDays),
    countries: z.optional(optionCountries),
  })
  .check(
    z.refine((patch) => Object.values(patch).some((value) => value !== undefined), {
      message: 'give at least one field to change',
    }),
  );
export type ShippingOptionPatch = z.infer<typeof shippingOptionPatchBody>;

/** GET /shipping-options answer: every option of the store (or those serving `country`), as added. */
export const shippingOptionList = z.object({
  items: z.array(shippingOption).check(z.maxLength(MAX_SHIPPING_OPTIONS)),
});
export type ShippingOptionList = z.infer<typeof shippingOptionList>;

/** PUT /tax-rates/{country}: the rate in basis points (1900 = 19 %), 0–10,000. */
export const taxRateBody = z.strictObject({ rate: taxRate.shape.rate });
export type TaxRateBody = z.infer<typeof taxRateBody>;

/** GET /tax-rates answer: one rate per destination country, by country. */
export const taxRateList = z.object({ items: z.array(taxRate).check(z.maxLength(MAX_TAX_RATES)) });
export type TaxRateList = z.infer<typeof taxRateList>;
