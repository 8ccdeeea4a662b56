import { countryCode, moneyAmount } from '@shop/validation';
import * as z from 'zod/mini';

// A store's checkout settings (API.md v1.1 "Money at checkout"): its shipping options and its tax
// rates by destination country. The stores service keeps them with the store and sends them in
// StoreChanged, so carts prices a cart from its own copy without a call per request. Every store read
// model parses these, so this module stays small: it imports nothing of the HTTP contract (the
// request schemas, with the country check, are http/checkout-settings.ts).

/** Integer minor units, a billion of the currency at most (as the HTTP contract's `amount`). */
const minorUnits = moneyAmount.check(z.maximum(1_000_000_000_00));

/** The most shipping options one store offers. */
export const MAX_SHIPPING_OPTIONS = 50;
/** The most tax rates one store keeps (one per destination country). */
export const MAX_TAX_RATES = 250;
/** A tax rate in basis points: 1900 = 19 %; 10,000 (100 %) at most. */
export const MAX_TAX_RATE = 10_000;

/** Every country: a shipping option's `countries` may be `["*"]`. */
export const ANY_COUNTRY = '*';

/** A shipping option as the shop answers it and StoreChanged carries it. */
export const shippingOption = z.object({
  shippingOptionId: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/)),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Integer minor units, in the store's currency; tax applies on top or within, as for goods. */
  price: minorUnits,
  /** Shipping is free when the goods after discount come to at least this much. */
  freeOver: z.optional(minorUnits),
  estimatedDays: z.number().check(z.int(), z.minimum(0), z.maximum(365)),
  /** ISO 3166-1 codes, or `["*"]` for everywhere. */
  countries: z.array(z.string().check(z.maxLength(2))).check(z.minLength(1), z.maxLength(MAX_TAX_RATES)),
});
export type ShippingOption = z.infer<typeof shippingOption>;

/** One destination's tax rate. */
export const taxRate = z.object({
  country: countryCode,
  /** Basis points: 1900 = 19 %. */
  rate: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_TAX_RATE)),
});
export type TaxRate = z.infer<typeof taxRate>;

/** What a store's checkout is priced with: both optional, so a snapshot from before them parses. */
export const checkoutSettings = z.object({
  shippingOptions: z.optional(z.array(shippingOption).check(z.maxLength(MAX_SHIPPING_OPTIONS))),
  taxRates: z.optional(z.array(taxRate).check(z.maxLength(MAX_TAX_RATES))),
});
export type CheckoutSettings = z.infer<typeof checkoutSettings>;

/** Whether a shipping option delivers to the country. */
export const servesCountry = (option: ShippingOption, country: string): boolean =>
  option.countries.includes(ANY_COUNTRY) || option.countries.includes(country);

/** The store's rate for a destination, in basis points; 0 where it keeps none. */
export const taxRateFor = (settings: CheckoutSettings, country: string): number =>
  settings.taxRates?.find((entry) => entry.country === country)?.rate ?? 0;
