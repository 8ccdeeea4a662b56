import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@shop/errors';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import type { CatalogPage, CatalogQuery, CatalogReads } from '../domain/catalog-page.ts';
import { HOT_STOCK_SHARDS } from '../domain/stock-shards.ts';
import { shelfOf, storeCategoryOf } from '../domain/store-keys.ts';
import {
  isLiveIn,
  listedOf,
  type ReadProduct,
  type StoredProduct,
  toProduct,
  toRecord,
  withStock,
} from './catalog-items.ts';
import {
  dynamoCatalogListings,
  LISTING_SORTS,
  type ListingSort,
  listingKeys,
} from './dynamo-catalog-listings.ts';
import { dynamoSearchIndex } from './dynamo-search-index.ts';
import { itemsByKey } from './dynamo-stock-holders.ts';

/** One category of one store by name (`storeCategory` = `<store>#<category>`, `nameKey`). */
const CATEGORY_INDEX = 'byStoreCategory';
/**
 * A store's whole catalog by name, with what a listing shows projected (variants and rating too): a
 * page is one Query. Its partition (`catalogShelf`) is the store's (`<store>#all`); every live product
 * of the store is on it. It replaces `shelfByName` (keyed on `shelf`, which projected neither), which
 * an item leaves when it is next written or by the backfill (`src/migrations/main-store.ts`).
 */
const CATALOG_INDEX_BY_NAME = 'catalogByName';
// What a cursor may hold: exactly the keys DynamoDB needs to resume, nothing a client could abuse.
// Each holds its index partition, which names the store: a cursor replayed in another store is refused.
// `asked` (the sort and filters) only on the cursor of a filtered listing, so v1 cursors stay as they were.
const nameCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  catalogShelf: z.string().check(z.minLength(1)),
  nameKey: z.string().check(z.minLength(1)),
  asked: z.optional(z.string()),
});
const categoryCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  storeCategory: z.string().check(z.minLength(1)),
  nameKey: z.string().check(z.minLength(1)),
  asked: z.optional(z.string()),
});
/** A sorted search's page: its position in the sorted matches. */
const positionCursor = z.strictObject({
  position: z.number().check(z.int(), z.minimum(0)),
  asked: z.string(),
});

/**
 * A cursor is for one store and one listing (its partition, sort and filters): 400 `cursor` otherwise,
 * never another listing's items.
 */
function checkCursorPartition(
  seen: string,
  expected: string,
  storeId: string,
  askedThen = '',
  askedNow = '',
): void {
  if (!seen.startsWith(`${storeId}#`)) {
    throw new ValidationError('The cursor belongs to another store.', [
      { field: 'cursor', message: 'was issued for another store' },
    ]);
  }
  if (seen !== expected || askedThen !== askedNow) {
    throw new ValidationError('The cursor belongs to another listing.', [
      { field: 'cursor', message: 'does not belong to this listing' },
    ]);
  }
}

/**
 * The catalog's reads in DynamoDB: a product, a page of any listing (the name indexes of the products
 * table, the sorted listings, the search index) and the facets. Its own module, so a public read
 * bundles none of the writes.
 */
export function dynamoCatalogReads(options: {
  tableName: string;
  searchTableName: string;
  listingsTableName: string;
  categoryCountsTableName: string;
  client: DynamoDBDocumentClient;
}): CatalogReads {
  const { tableName, client } = options;
  const searchIndex = dynamoSearchIndex({ tableName: options.searchTableName, client });
  const listings = dynamoCatalogListings({
    tableName: options.listingsTableName,
    countsTableName: options.categoryCountsTableName,
    client,
  });

  async function fetchProducts(productIds: string[]): Promise<Map<string, StoredProduct>> {
    return (await itemsByKey(client, tableName, productIds, false)) as Map<string, StoredProduct>;
  }

  async function search(storeId: string, query: CatalogQuery & { q: string }): Promise<Page> {
    const { productIds, nextCursor } = await searchIndex.search({ ...query, storeId });
    const products = await fetchProducts(productIds);
    const items = productIds.map((productId) => products.get(productId)).filter(isLiveIn(storeId));
    return { items, nextCursor };
  }

  /**
   * One page of an index's single partition (`attribute = value`) from `startKey`. Unfiltered, it reads
   * one item more than asked: that one tells whether another page exists, without ever ending on an
   * empty page. With a price range (a filter on the projected price), DynamoDB filters after its limit,
   * so the page may be short and the next one starts after the last item read.
   */
  async function indexPage<T>(
    indexName: string,
    attribute: string,
    value: string,
    startKey: Record<string, unknown> | undefined,
    limit: number,
    filters: Filters,
  ): Promise<{ page: T[]; nextKey: Record<string, unknown> | undefined }> {
    const bounded = filters.minPrice !== undefined || filters.maxPrice !== undefined;
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexName,
        KeyConditionExpression: '#key = :value',
        ...(bounded ? { FilterExpression: '#price BETWEEN :min AND :max' } : {}),
        ExpressionAttributeNames: { '#key': attribute, ...(bounded ? { '#price': 'price' } : {}) },
        ExpressionAttributeValues: {
          ':value': value,
          ...(bounded
            ? { ':min': filters.minPrice ?? 0, ':max': filters.maxPrice ?? Number.MAX_SAFE_INTEGER }
            : {}),
        },
        ExclusiveStartKey: startKey,
        Limit: bounded ? limit : limit + 1,
      }),
    );
    const items = (result.Items ?? []) as T[];
    if (bounded) return { page: items, nextKey: result.LastEvaluatedKey };
    const page = items.slice(0, limit);
    const last = page.at(-1) as Record<string, unknown> | undefined;
    return { page, nextKey: items.length > limit ? last : undefined };
  }

  async function listCategory(
    storeId: string,
    category: string,
    limit: number,
    cursor: string | undefined,
    filters: Filters,
  ): Promise<Page> {
    const partition = storeCategoryOf(storeId, category);
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, categoryCursor);
    if (startKey)
      checkCursorPartition(startKey.storeCategory, partition, storeId, startKey.asked, filters.asked);
    const { asked: _asked, ...resume } = startKey ?? {};
    const { page, nextKey } = await indexPage<StoredProduct>(
      CATEGORY_INDEX,
      'storeCategory',
      partition,
      startKey ? resume : undefined,
      limit,
      filters,
    );
    const next = nextKey && {
      productId: String(nextKey.productId),
      storeCategory: partition,
      nameKey: String(nextKey.nameKey),
      ...(filters.asked ? { asked: filters.asked } : {}),
    };
    return { items: page, nextCursor: next ? encodeCursor(next) : null };
  }

  // The whole catalog by name: one Query on `catalogByName`, which projects every field a listing
  // shows (stock included: a stock change of a product without options rewrites its own index item,
  // nothing else; a variant's stock is in its variant item, read with the hot products' shards).
  async function listAll(
    storeId: string,
    limit: number,
    cursor: string | undefined,
    filters: Filters,
  ): Promise<Page> {
    const shelf = shelfOf(storeId);
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, nameCursor);
    if (startKey) checkCursorPartition(startKey.catalogShelf, shelf, storeId, startKey.asked, filters.asked);
    const { asked: _asked, ...resume } = startKey ?? {};
    const { page, nextKey } = await indexPage<StoredProduct>(
      CATALOG_INDEX_BY_NAME,
      'catalogShelf',
      shelf,
      startKey ? resume : undefined,
      limit,
      filters,
    );
    const next = nextKey && {
      productId: String(nextKey.productId),
      catalogShelf: shelf,
      nameKey: String(nextKey.nameKey),
      ...(filters.asked ? { asked: filters.asked } : {}),
    };
    return {
      // The index projects no storeId (every item of this partition is the store's) nor the shard
      // count (a hot product without options has HOT_STOCK_SHARDS).
      items: page.map(
        (item): StoredProduct => ({
          ...item,
          storeId,
          ...(item.hot && item.variants === undefined ? { stockShards: HOT_STOCK_SHARDS } : {}),
        }),
      ),
      nextCursor: next ? encodeCursor(next) : null,
    };
  }

  /** A page sorted by price, age or rating: the listings index's ids, then those products. */
  async function listSorted(
    storeId: string,
    query: CatalogQuery,
    sort: ListingSort,
    filters: Filters,
  ): Promise<Page> {
    const { productIds, nextCursor } = await listings.page({
      storeId,
      category: query.category,
      sort,
      minPrice: filters.minPrice,
      maxPrice: filters.maxPrice,
      limit: query.limit,
      cursor: query.cursor,
      asked: filters.asked,
    });
    const products = await fetchProducts(productIds);
    return { items: productIds.map((id) => products.get(id)).filter(isLiveIn(storeId)), nextCursor };
  }

  /** Every product a search matches, up to SORTED_SEARCH_LIMIT (more: 400, never a part of them). */
  async function searchMatches(
    storeId: string,
    q: string,
    category: string | undefined,
  ): Promise<StoredProduct[]> {
    const found: StoredProduct[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(storeId, { q, category, limit: 100, cursor });
      found.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      if (found.length > SORTED_SEARCH_LIMIT)
        throw new ValidationError(`More than ${SORTED_SEARCH_LIMIT} products match; narrow the search.`, [
          {
            field: 'q',
            message: `sorts and counts a search of at most ${SORTED_SEARCH_LIMIT} matches (by name: any number)`,
          },
        ]);
    } while (cursor);
    return found;
  }

  /**
   * A search sorted other than by name: its matches (the search index answers them by name) gathered up
   * to SORTED_SEARCH_LIMIT products, sorted here, a page at a time by position. More matches than that
   * are refused (400), never sorted partly.
   */
  async function searchSorted(
    storeId: string,
    query: CatalogQuery & { q: string },
    sort: ListingSort,
    filters: Filters,
  ): Promise<Page> {
    const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, positionCursor);
    if (start && start.asked !== filters.asked)
      throw new ValidationError('The cursor belongs to another listing.', [
        { field: 'cursor', message: 'was issued for another search, sort or filter' },
      ]);
    const found = await searchMatches(storeId, query.q, query.category);
    const keyOf = (item: StoredProduct) => listingKeys(listedOf(toRecord({ ...item, holders: new Map() })));
    // The same order as the listing indexes give.
    const { key, forward } = LISTING_SORTS[sort];
    const sorted = found
      .filter((item) => withinPrice(item.price, filters))
      .map((item) => ({ item, sortKey: keyOf(item)[key] }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0) * (forward ? 1 : -1));
    const from = start?.position ?? 0;
    const page = sorted.slice(from, from + query.limit).map(({ item }) => item);
    const position = from + page.length;
    return {
      items: page,
      nextCursor: position < sorted.length ? encodeCursor({ position, asked: filters.asked }) : null,
    };
  }

  return {
    async find(storeId, productId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { productId } }));
      const found = Item as StoredProduct | undefined;
      return isLiveIn(storeId)(found)
        ? toProduct((await withStock(client, tableName, [found], false))[0] as ReadProduct)
        : undefined;
    },

    async list(storeId, query: CatalogQuery): Promise<CatalogPage> {
      const { category, q, limit, cursor } = query;
      const sort = query.sort ?? 'name';
      const filters = filtersOf(query);
      const page =
        q !== undefined
          ? sort === 'name'
            ? await search(storeId, { q, category, limit, cursor })
            : await searchSorted(storeId, { ...query, q }, sort, filters)
          : sort !== 'name'
            ? await listSorted(storeId, query, sort, filters)
            : category
              ? await listCategory(storeId, category, limit, cursor, filters)
              : await listAll(storeId, limit, cursor, filters);
      // The price range and the stock are checked on the page read (one page's worth, never more).
      const items = (await withStock(client, tableName, page.items, false))
        .map(toProduct)
        .filter((item) => withinPrice(item.price, filters) && (!query.inStock || item.stock > 0));
      return { items, nextCursor: page.nextCursor };
    },

    async facets(storeId, { category, q }) {
      if (q === undefined) return listings.facets(storeId, category);
      // A search's facets over its matches (as many as a sorted search gathers: more is a 400).
      const found = await searchMatches(storeId, q, category);
      const counts = new Map<string, number>();
      for (const item of found) counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
      const prices = found.map((item) => item.price);
      return {
        categories: [...counts]
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => a.value.localeCompare(b.value)),
        priceRange:
          prices.length === 0
            ? { min: null, max: null }
            : { min: Math.min(...prices), max: Math.max(...prices) },
      };
    },
  };
}

/** A listing's filters, and the sort and filters as one string a cursor is bound to ('' for none). */
type Filters = { minPrice?: number | undefined; maxPrice?: number | undefined; asked: string };

function filtersOf(query: CatalogQuery): Filters {
  const { sort = 'name', minPrice, maxPrice, inStock, category, q } = query;
  const filtered = sort !== 'name' || minPrice !== undefined || maxPrice !== undefined || inStock === true;
  return {
    minPrice,
    maxPrice,
    // A v1 listing (by name, unfiltered) keeps its v1 cursors; any other names what it was asked.
    asked: filtered
      ? JSON.stringify([
          sort,
          minPrice ?? null,
          maxPrice ?? null,
          inStock === true,
          category ?? null,
          q ?? null,
        ])
      : '',
  };
}

const withinPrice = (price: number, { minPrice, maxPrice }: Filters) =>
  (minPrice === undefined || price >= minPrice) && (maxPrice === undefined || price <= maxPrice);

/** The most matches a search sorted other than by name gathers to sort (more: 400). */
const SORTED_SEARCH_LIMIT = 200;

/** A listing's page before its stock is read. */
type Page = { items: StoredProduct[]; nextCursor: string | null };
