import { countryCode, paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { store, storeIdSchema } from '../stores.ts';
import { page } from './common.ts';

// The stores service's routes: the shops of one deployment, read by anyone, kept by admins.

/** `{storeId}` in a store route's path. */
export const storePath = z.object({ storeId: storeIdSchema });
export type StorePath = z.infer<typeof storePath>;

/** `{storeId}` and `{email}` of a store admin route: the account is named by its sign-in email. */
export const storeAdminPath = z.object({
  storeId: storeIdSchema,
  email: z.email().check(z.maxLength(254)),
});
export type StoreAdminPath = z.infer<typeof storeAdminPath>;

/** GET /stores query: a page at a time, by storeId. */
export const listStoresQuery = paginationQuery;
export type ListStoresQuery = z.infer<typeof listStoresQuery>;

const iso4217 = new Set(Intl.supportedValuesOf('currency'));

// The fields an admin may set, validated once here; create and patch differ only in what is required.
const storeName = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100));
const storeCurrency = z.string().check(
  z.regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code of 3 uppercase letters', abort: true }),
  z.maxLength(3),
  z.refine((code) => iso4217.has(code), 'must be an ISO 4217 currency code'),
);
const taxIncluded = z.boolean();
const returnWindowDays = z.number().check(z.int(), z.minimum(0), z.maximum(365));

/** The days a store allows for returns unless it says otherwise (as `main` does). */
export const DEFAULT_RETURN_WINDOW_DAYS = 30;

/** POST /stores: unknown fields are refused, so no client sets timestamps or anything else. */
export const newStoreBody = z.strictObject({
  storeId: storeIdSchema,
  name: storeName,
  currency: storeCurrency,
  country: countryCode,
  /** Prices include tax (DE) or tax is added at checkout (US, the default). */
  taxIncluded: z._default(taxIncluded, false),
  returnWindowDays: z._default(returnWindowDays, DEFAULT_RETURN_WINDOW_DAYS),
});
export type NewStore = z.infer<typeof newStoreBody>;
/** The POST /stores body as a client sends it. */
export type NewStoreInput = z.input<typeof newStoreBody>;

/** PATCH /stores/{storeId}: any of the create fields but `storeId`, at least one. */
export const storePatchBody = z
  .strictObject({
    name: z.optional(storeName),
    currency: z.optional(storeCurrency),
    country: z.optional(countryCode),
    taxIncluded: z.optional(taxIncluded),
    returnWindowDays: z.optional(returnWindowDays),
  })
  .check(
    z.refine((patch) => Object.values(patch).some((value) => value !== undefined), {
      message: 'give at least one field to change',
    }),
  );
export type StorePatch = z.infer<typeof storePatchBody>;

/** GET /stores answer, by storeId. */
export const storePage = page(store);
export type StorePage = z.infer<typeof storePage>;
