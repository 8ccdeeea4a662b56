/**
 * How the catalog's data is partitioned by store (issue 15). Product ids are generated and globally
 * unique, so a product keeps its primary key and carries its `storeId`; everything keyed by what two
 * stores may share (a category, a name, a word) has the store in its partition key.
 */

import { DEFAULT_STORE_ID, storeOf } from '@shop/contracts';

/** The store that owns everything written before there were stores. */
export const LEGACY_STORE_ID = DEFAULT_STORE_ID;

/** The store an item or event belongs to: one written before stores carries none and is main's. */
export { storeOf };

/** Whether an item is the given store's (a product of another store is not found in this one). */
export const belongsTo = (item: { storeId?: string | undefined }, storeId: string): boolean =>
  storeOf(item) === storeId;

// A store id never contains `#` (`^[a-z0-9][a-z0-9-]{1,31}$`), so `<store>#...` keys of two stores
// never meet, and none of them equals a key written before stores (`all`, a bare word).

/** The partition of the whole-catalog index (`shelfByName`) that lists one store's live products. */
export const shelfOf = (storeId: string): string => `${storeId}#all`;

/** The partition of the category index (`byStoreCategory`): one category of one store. */
export const storeCategoryOf = (storeId: string, category: string): string => `${storeId}#${category}`;

/**
 * The partition key of a search entry: the word within its store. An entry written before stores is
 * keyed by the bare word; `storeId` undefined names that key, so the first write of a legacy product
 * (or its backfill) can delete exactly the entries it had.
 */
export const searchTermOf = (storeId: string | undefined, term: string): string =>
  storeId === undefined ? term : `${storeId}#${term}`;
