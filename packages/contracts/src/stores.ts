import { defineEvent, type EventOf } from '@shop/events';
import { countryCode, isoTimestamp } from '@shop/validation';
import * as z from 'zod/mini';
import { checkoutSettings } from './checkout-settings.ts';

// Stores: several shops on one deployment. The stores service owns them; every other service keeps
// the few facts it needs (name, currency, country...) in its own read model, from StoreChanged.

/** The `source` the stores service's events carry. */
export const STORES_SOURCE = 'stores';

/** The store of every request without `X-Store-Id`, and of every record written before stores. */
export const DEFAULT_STORE_ID = 'main';

/** The request header naming the store (lower case, as the header normalizer hands it). */
export const STORE_HEADER = 'x-store-id';

/** A store's id: lower-case letters, digits and `-`, 2–32 characters, safe in a key, a path and a group name. */
export const storeIdSchema = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9-]{1,31}$/, {
    message: 'Must be 2–32 lower-case letters, digits or "-", starting with a letter or digit',
    abort: true,
  }),
  z.maxLength(32),
);

/**
 * The store an event (or a stored item) belongs to. Optional, so a message in flight from before
 * stores still parses: absent means `main` (read it with `storeOf`).
 */
export const storeIdOfRecord = z.optional(storeIdSchema);

/** The store of an event's data or a stored item: `main` for anything written before stores. */
export const storeOf = (record: { storeId?: string | undefined }): string =>
  record.storeId ?? DEFAULT_STORE_ID;

/** A store as API.md describes it. */
export const store = z.object({
  storeId: storeIdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** ISO 4217: what the store's products are priced in unless a product says otherwise. */
  currency: z.string().check(z.regex(/^[A-Z]{3}$/), z.maxLength(3)),
  country: countryCode,
  /** Whether prices include tax (DE) or tax is added at checkout (US). */
  taxIncluded: z.boolean(),
  /** Days after delivery during which a return may be requested. */
  returnWindowDays: z.number().check(z.int(), z.minimum(0), z.maximum(365)),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Store = z.infer<typeof store>;

/**
 * What `main` is before anything was heard from the stores service (a fresh stage, a service whose
 * read model is still empty): the shop as it was before stores, USD and US with tax added.
 */
export const mainStoreDefaults: Store = {
  storeId: DEFAULT_STORE_ID,
  name: 'Shop',
  currency: 'USD',
  country: 'US',
  taxIncluded: false,
  returnWindowDays: 30,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** A store with its checkout settings: what StoreChanged carries and every store read model keeps. */
export const storeSnapshot = z.extend(store, checkoutSettings.shape);
export type StoreSnapshot = z.infer<typeof storeSnapshot>;

/**
 * Stores → store-events topic: a store was created or changed; `data` is the whole store after the
 * change, with its checkout settings (shipping options, tax rates; optional, absent before issue 17),
 * so a read model keeps the snapshot with the latest `updatedAt` and needs nothing else.
 */
export const storeChanged = defineEvent('StoreChanged', 1, storeSnapshot);
export type StoreChanged = EventOf<typeof storeChanged>;

/** Every event on the store-events topic. */
export const storeEvents = { storeChanged } as const;
