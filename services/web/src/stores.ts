// Which store a page is in. The store is part of the URL's path: `/s/<storeId>/cart` is berlin's cart
// when storeId is `berlin`, and a path without the prefix is the store `main`, so every URL from before
// stores (and every link shared since) keeps meaning what it meant. A path, not `?store=`: the pages
// build their own query strings (category, q, status, next), and a link into a store's page must stay
// in that store whatever query it carries. A store's product or order is 404 in another store, so a
// link that lost its store would be broken.
import type { Store } from './api/types.ts';

/** The store a URL without a store names, and the one the API assumes without `X-Store-Id`. */
export const DEFAULT_STORE_ID = 'main';

/** API.md: `^[a-z0-9][a-z0-9-]{1,31}$`. */
const storeIdPattern = /^[a-z0-9][a-z0-9-]{1,31}$/;

export const isStoreId = (value: string): boolean => storeIdPattern.test(value);

const prefix = '/s/';

/**
 * The store a path is in and the path within it. `undefined` for a path whose store part is not a
 * store id at all (the app answers it "not found" rather than guess).
 */
export function splitStorePath(pathname: string): { storeId: string; path: string } | undefined {
  if (!pathname.startsWith(prefix)) return { storeId: DEFAULT_STORE_ID, path: pathname || '/' };
  const rest = pathname.slice(prefix.length);
  const slash = rest.indexOf('/');
  const storeId = slash === -1 ? rest : rest.slice(0, slash);
  if (!isStoreId(storeId)) return undefined;
  return { storeId, path: slash === -1 ? '/' : rest.slice(slash) };
}

/** Whether `href` already names its store (`/s/<id>/…`); such a link is never put in another one. */
export const namesStore = (href: string): boolean => href.startsWith(prefix);

/** `path` (with its query) in `storeId`: `main` keeps the bare path, any other store gets `/s/<id>`. */
export function storeHref(storeId: string, path: string): string {
  if (namesStore(path) || storeId === DEFAULT_STORE_ID) return path;
  return `${prefix}${storeId}${path === '/' ? '/' : path}`;
}

/**
 * A locale fitting a country (ISO 3166 alpha-2), for numbers and dates: its likely language, e.g.
 * `DE` → `de-DE`, `US` → `en-US`. Unknown or odd countries fall back to `en-US`.
 */
export function localeForCountry(country: string | undefined): string {
  if (!country || !/^[A-Za-z]{2}$/.test(country)) return 'en-US';
  try {
    const likely = new Intl.Locale(`und-${country.toUpperCase()}`).maximize();
    return likely.language && likely.region ? `${likely.language}-${likely.region}` : 'en-US';
  } catch {
    return 'en-US';
  }
}

/** How a store is named in the picker: its name and currency, e.g. "Berlin (EUR)". */
export const storeLabel = (store: Pick<Store, 'name' | 'currency'>): string =>
  `${store.name} (${store.currency})`;

/** The Cognito group of a store's admins (as @shop/auth's storeAdminGroup names it). */
export const storeAdminGroup = (storeId: string): string => `store-admin-${storeId}`;

const storeAdminPrefix = storeAdminGroup('');

/** The stores whose admin group is in `groups` (the platform's `admin` group is not one of them). */
export function storesAdministered(groups: readonly string[]): string[] {
  return groups
    .filter((group) => group.startsWith(storeAdminPrefix))
    .map((group) => group.slice(storeAdminPrefix.length))
    .filter(isStoreId);
}

/**
 * Whether someone with `groups` may manage `storeId` (`admin`: every store; a store admin: theirs).
 * The API decides anyway (403); this only decides what the UI offers.
 */
export function administers(groups: readonly string[], storeId: string): boolean {
  return groups.includes('admin') || groups.includes(storeAdminGroup(storeId));
}

/**
 * The stores someone may manage, in the order of `stores`: all of them for an admin, else those of
 * their store admin groups. A store the list does not know (yet) is named by its id only.
 */
export function managedStores(
  groups: readonly string[],
  stores: readonly Store[],
): { storeId: string; name: string }[] {
  if (groups.includes('admin')) return stores.map(({ storeId, name }) => ({ storeId, name }));
  const mine = storesAdministered(groups);
  const known = stores.filter((store) => mine.includes(store.storeId));
  const unknown = mine.filter((storeId) => !stores.some((store) => store.storeId === storeId));
  return [
    ...known.map(({ storeId, name }) => ({ storeId, name })),
    ...unknown.map((storeId) => ({ storeId, name: storeId })),
  ];
}
