import {
  type CheckoutSettings,
  DEFAULT_STORE_ID,
  mainStoreDefaults,
  type NewStore,
  type Store,
  type StorePatch,
} from '@shop/contracts';

export type { NewStore, Store, StorePatch };

/**
 * A store as this service keeps it and StoreChanged carries it: the store and its checkout settings
 * (shipping options, tax rates), on one item, so one write changes both and one event tells it.
 */
export type StoreRecord = Store & CheckoutSettings;

/** The store as API.md answers it, without its checkout settings (they have routes of their own). */
export const publicStore = ({ shippingOptions: _options, taxRates: _rates, ...store }: StoreRecord): Store =>
  store;

/** A store as it opens: the admin's fields, stamped now. */
export function openStore(input: NewStore, now: Date): Store {
  const at = now.toISOString();
  return {
    storeId: input.storeId,
    name: input.name,
    currency: input.currency,
    country: input.country,
    taxIncluded: input.taxIncluded,
    returnWindowDays: input.returnWindowDays,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * The store after a change. `updatedAt` always moves forward, even when the clock does not (two
 * changes in one millisecond, a clock behind the last writer's): every read model keeps the snapshot
 * with the latest `updatedAt`, so a change that did not advance it would never reach them.
 */
export function changeStore<S extends Store>(current: S, patch: StorePatch, now: Date): S {
  // Whatever else the record holds (its checkout settings) stays as it is.
  const next: S = { ...current };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.currency !== undefined) next.currency = patch.currency;
  if (patch.country !== undefined) next.country = patch.country;
  if (patch.taxIncluded !== undefined) next.taxIncluded = patch.taxIncluded;
  if (patch.returnWindowDays !== undefined) next.returnWindowDays = patch.returnWindowDays;
  next.updatedAt = nextUpdatedAt(current, now);
  return next;
}

/** The store with its checkout settings changed as given; `updatedAt` moves forward as in `changeStore`. */
export function changeCheckoutSettings(
  current: StoreRecord,
  change: CheckoutSettings,
  now: Date,
): StoreRecord {
  return { ...current, ...change, updatedAt: nextUpdatedAt(current, now) };
}

/** Now, or a millisecond after the store's last change if the clock is not past it. */
function nextUpdatedAt(current: Store, now: Date): string {
  return new Date(Math.max(now.getTime(), Date.parse(current.updatedAt) + 1)).toISOString();
}

/** `main` as the registry holds it, or as it is before anyone wrote it (it always exists). */
export const storeOrMain = (storeId: string, found: StoreRecord | undefined): StoreRecord | undefined =>
  found ?? (storeId === DEFAULT_STORE_ID ? mainStoreDefaults : undefined);

/**
 * One page of the store list, by storeId: `found` is what the registry holds after `after`, in order,
 * up to `limit + 1` (one more than a page tells whether another page exists). `main` is listed in its
 * place whether or not it was ever written, so the list never misses the store every deployment has.
 */
export function listingPage(
  found: Store[],
  options: { after: string | undefined; limit: number },
): { items: Store[]; more: boolean } {
  const { after, limit } = options;
  const exhausted = found.length <= limit;
  const last = found.at(-1)?.storeId;
  const mainInRange =
    (after === undefined || DEFAULT_STORE_ID > after) &&
    // With more stores left unread, `main` belongs here only if it sorts before the last one read.
    (exhausted || (last !== undefined && DEFAULT_STORE_ID < last));
  const stores =
    mainInRange && !found.some((item) => item.storeId === DEFAULT_STORE_ID)
      ? [...found, mainStoreDefaults].sort((a, b) => (a.storeId < b.storeId ? -1 : 1))
      : found;
  return { items: stores.slice(0, limit), more: stores.length > limit };
}
