import { type CheckoutSettings, mainStoreDefaults, type NewStore } from '@shop/contracts';

/** The second demo store's id; the products seed fills its catalog under exactly this id. */
export const BERLIN_STORE_ID = 'berlin';

/** The stores `npm start` opens: `main` as every deployment has it, and a German shop pricing with tax included. */
export const demoStores = (): NewStore[] => [
  {
    storeId: mainStoreDefaults.storeId,
    name: mainStoreDefaults.name,
    currency: mainStoreDefaults.currency,
    country: mainStoreDefaults.country,
    taxIncluded: mainStoreDefaults.taxIncluded,
    returnWindowDays: mainStoreDefaults.returnWindowDays,
  },
  {
    storeId: BERLIN_STORE_ID,
    name: 'Berlin Shop',
    currency: 'EUR',
    country: 'DE',
    taxIncluded: true,
    // The EU's 14 days of withdrawal, and a little more.
    returnWindowDays: 30,
  },
];

/**
 * What each demo store ships and taxes (issue 17), set by its admin in a real shop. `main` is a US shop
 * adding tax: no US rate, since sales tax depends on the state and an address here has none (so v1
 * orders to the US keep their totals), and free standard shipping at home. `berlin` prices with VAT
 * included, as German shops must: 19 % at home, the destination's rate in the EU, free standard
 * shipping in Germany and Austria, express for 9.90 €.
 */
export const demoCheckoutSettings = (storeId: string): CheckoutSettings =>
  storeId === BERLIN_STORE_ID
    ? {
        shippingOptions: [
          {
            shippingOptionId: 'standard',
            name: 'Standard',
            price: 0,
            estimatedDays: 3,
            countries: ['DE', 'AT'],
          },
          { shippingOptionId: 'express', name: 'Express', price: 990, estimatedDays: 1, countries: ['DE'] },
          {
            shippingOptionId: 'eu',
            name: 'EU parcel',
            price: 1490,
            freeOver: 100_00,
            estimatedDays: 5,
            countries: ['FR', 'NL', 'BE', 'IT', 'ES', 'PL', 'DK'],
          },
        ],
        taxRates: [
          { country: 'AT', rate: 2000 },
          { country: 'BE', rate: 2100 },
          { country: 'DE', rate: 1900 },
          { country: 'DK', rate: 2500 },
          { country: 'ES', rate: 2100 },
          { country: 'FR', rate: 2000 },
          { country: 'IT', rate: 2200 },
          { country: 'NL', rate: 2100 },
          { country: 'PL', rate: 2300 },
        ],
      }
    : {
        shippingOptions: [
          { shippingOptionId: 'standard', name: 'Standard', price: 0, estimatedDays: 5, countries: ['US'] },
          { shippingOptionId: 'express', name: 'Express', price: 1500, estimatedDays: 2, countries: ['US'] },
          {
            shippingOptionId: 'international',
            name: 'International',
            price: 2500,
            estimatedDays: 10,
            countries: ['*'],
          },
        ],
        taxRates: [{ country: 'CA', rate: 500 }],
      };
