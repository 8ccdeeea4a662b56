import { mainStoreDefaults, type NewStore } from '@shop/contracts';

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
