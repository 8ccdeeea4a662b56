import { randomBytes } from 'node:crypto';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, lostRace } from '@shop/aws';
import { PRODUCTS_SOURCE, productChanged } from '@shop/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@shop/errors';
import { createEvent, type TransactionalOutbox } from '@shop/events';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import type { CatalogPage, CatalogQuery, ChangeContext, ProductCatalog } from '../domain/catalog-page.ts';
import {
  applyPatch,
  catalogNameKey,
  type Product,
  type ProductRecord,
  productOf,
  shownProduct,
} from '../domain/product.ts';
import { indexTerms } from '../domain/search-terms.ts';
import { HOT_STOCK_SHARDS, shardKey, splitStock } from '../domain/stock-shards.ts';
import { belongsTo, shelfOf, storeCategoryOf, storeOf } from '../domain/store-keys.ts';
import { dynamoSearchIndex } from './dynamo-search-index.ts';

/** One category of one store by name (`storeCategory` = `<store>#<category>`, `nameKey`). */
const CATEGORY_INDEX = 'byStoreCategory';
/**
 * A store's whole catalog by name, with what a listing shows projected: a page is one Query. Its
 * partition (`shelf`) is the store's (`<store>#all`); every live product of the store is on it.
 */
const SHELF_INDEX = 'shelfByName';
/** Attempts of an optimistic write before answering 409. */
const WRITE_ATTEMPTS = 5;

// What a cursor may hold: exactly the keys DynamoDB needs to resume, nothing a client could abuse.
// Each holds its index partition, which names the store: a cursor replayed in another store is refused.
const nameCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  shelf: z.string().check(z.minLength(1)),
  nameKey: z.string().check(z.minLength(1)),
});
const categoryCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  storeCategory: z.string().check(z.minLength(1)),
  nameKey: z.string().check(z.minLength(1)),
});

/** A cursor is for one store and one listing: 400 `cursor` otherwise, never another listing's items. */
function checkCursorPartition(seen: string, expected: string, storeId: string): void {
  if (!seen.startsWith(`${storeId}#`)) {
    throw new ValidationError('The cursor belongs to another store.', [
      { field: 'cursor', message: 'was issued for another store' },
    ]);
  }
  if (seen !== expected) {
    throw new ValidationError('The cursor belongs to another listing.', [
      { field: 'cursor', message: 'does not belong to this listing' },
    ]);
  }
}

/**
 * A product item. `nameKey`, `storeCategory` and `shelf` exist only while the product is live, so a
 * deleted product leaves the category and name indexes; `revision` grows with every catalog write (not
 * with reservations), and every write is conditioned on the revision, stock and store it read. An item
 * written before stores has no `storeId` (it is main's, `backfillMainStore` adds it).
 */
type StoredProduct = Omit<ProductRecord, 'storeId'> & {
  storeId?: string;
  nameKey?: string;
  storeCategory?: string;
  shelf?: string;
  searchTerms: string[];
  revision: number;
  deletedAt?: string;
  /**
   * A hot product's shard count: its units live in the shard items (`stock` here is then 0, and the
   * product's `stock` as read is the shards' sum). See `src/domain/stock-shards.ts`.
   */
  stockShards?: number;
};

/** A product as read for a write: with its shards' stock as read, when it is hot. */
type ReadProduct = StoredProduct & { shardStocks?: number[]; storedStock?: number };

/** The product record without the catalog's own keys and counters. */
function toRecord(stored: StoredProduct): ProductRecord {
  const {
    nameKey: _nameKey,
    storeCategory: _storeCategory,
    shelf: _shelf,
    searchTerms: _searchTerms,
    revision: _revision,
    deletedAt: _deletedAt,
    stockShards: _stockShards,
    ...product
  } = stored as ReadProduct;
  const { shardStocks: _shardStocks, storedStock: _storedStock, ...shown } = product as ReadProduct;
  return { ...shown, storeId: storeOf(stored) };
}

const toProduct = (stored: StoredProduct): Product => shownProduct(toRecord(stored));

const isLive = (stored: StoredProduct | undefined): stored is StoredProduct =>
  stored !== undefined && stored.deletedAt === undefined;

/** A live product of this store: another store's product is not found here, like an unknown one. */
const isLiveIn =
  (storeId: string) =>
  (stored: StoredProduct | undefined): stored is StoredProduct =>
    isLive(stored) && belongsTo(stored, storeId);

const newProductId = () => `p-${randomBytes(8).toString('hex')}`;

// The product's own write lost to another writer (its condition, or a concurrent transaction).
const failedOnFirstItem = (error: unknown): boolean => lostRace(cancellationReasons(error)?.[0]);

/**
 * The catalog in DynamoDB: the products table (one item per product, sparse category and whole-catalog
 * indexes sorted by name), the search index of its words (`dynamo-search-index.ts`, in the search table),
 * and a ProductChanged event in the outbox; every change writes all three in one transaction.
 */
export function dynamoProductCatalog(options: {
  tableName: string;
  searchTableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): ProductCatalog {
  const { tableName, client, outbox } = options;
  const searchIndex = dynamoSearchIndex({ tableName: options.searchTableName, client });

  async function read(productId: string): Promise<ReadProduct | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { productId }, ConsistentRead: true }),
    );
    const [found] = await withShardStock(Item ? [Item as StoredProduct] : [], true);
    return found;
  }

  // A page's hot products show their shards' sum, like a single read does.
  async function withLiveStock(items: ProductRecord[]): Promise<Product[]> {
    if (!items.some((item) => item.hot)) return items.map(shownProduct);
    const hot = await withShardStock(
      items.map((item) => (item.hot ? { ...item, stockShards: HOT_STOCK_SHARDS } : item) as StoredProduct),
    );
    return hot.map((item) => toProduct(item));
  }

  /** Hot products with `stock` as their shards' sum (one batch read for all of them); the rest as they are. */
  async function withShardStock(items: StoredProduct[], consistent = false): Promise<ReadProduct[]> {
    const hot = items.filter((item) => item.stockShards !== undefined);
    if (hot.length === 0) return items;
    const keys = hot.flatMap((item) =>
      Array.from({ length: item.stockShards as number }, (_, index) => ({
        productId: shardKey(item.productId, index),
      })),
    );
    const stocks = new Map<string, number>();
    for (let start = 0; start < keys.length; start += 100) {
      let batch: Record<string, unknown>[] = keys.slice(start, start + 100);
      while (batch.length > 0) {
        const result = await client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: batch, ConsistentRead: consistent } } }),
        );
        for (const shard of result.Responses?.[tableName] ?? [])
          stocks.set(String(shard.productId), Number(shard.stock ?? 0));
        batch = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return items.map((item) => {
      if (item.stockShards === undefined) return item;
      const shardStocks = Array.from(
        { length: item.stockShards },
        (_, index) => stocks.get(shardKey(item.productId, index)) ?? 0,
      );
      // The product item's own stock counts too: a release of an order reserved before it turned hot.
      return {
        ...item,
        storedStock: item.stock,
        stock: item.stock + shardStocks.reduce((a, b) => a + b, 0),
        shardStocks,
      };
    });
  }

  function stored(item: ProductRecord, previous: StoredProduct | undefined): StoredProduct {
    return {
      ...item,
      nameKey: catalogNameKey(item.name, item.productId),
      storeCategory: storeCategoryOf(item.storeId, item.category),
      shelf: shelfOf(item.storeId),
      searchTerms: indexTerms(item.name, item.description),
      revision: (previous?.revision ?? 0) + 1,
    };
  }

  /**
   * A hot product's shard items as `next` leaves them: its stock split evenly when it is new or its
   * stock was set, else each shard as read; each write pinned to the shard's stock as read (a
   * reservation meanwhile fails it, and the write is retried), so `stock` in the event is exact. Every
   * shard carries price, currency and deletion, which the reservation's condition checks on the shard.
   */
  function hotShards(next: StoredProduct, previous: ReadProduct | undefined) {
    if (!next.hot) return undefined;
    next.stockShards = previous?.stockShards ?? HOT_STOCK_SHARDS;
    const seen = previous?.shardStocks;
    // Units a release gave back to the product item itself (reserved before it turned hot) move to a shard.
    const values =
      seen && next.stock === previous?.stock
        ? seen.map((stock, index) => stock + (index === 0 ? (previous?.storedStock ?? 0) : 0))
        : splitStock(next.stock, next.stockShards);
    return values.map((stock, index) => ({
      Put: {
        TableName: tableName,
        Item: {
          productId: shardKey(next.productId, index),
          shardOf: next.productId,
          // The reservation's condition checks the store on the shard it takes from, as on the product.
          storeId: storeOf(next),
          stock,
          price: next.price,
          currency: next.currency,
          ...(next.deletedAt ? { deletedAt: next.deletedAt } : {}),
        },
        ...(seen
          ? { ConditionExpression: 'stock = :seen', ExpressionAttributeValues: { ':seen': seen[index] } }
          : { ConditionExpression: 'attribute_not_exists(productId)' }),
      },
    }));
  }

  /** Writes `next` over `previous` (as read) with its index entries and its event, all or nothing. */
  async function commit(next: StoredProduct, previous: ReadProduct | undefined, context?: ChangeContext) {
    const event = createEvent(
      productChanged,
      {
        productId: next.productId,
        storeId: storeOf(next),
        name: next.name,
        description: next.description,
        category: next.category,
        price: next.price,
        currency: next.currency,
        stock: next.stock,
        imageUrl: next.imageUrl,
        deleted: next.deletedAt !== undefined,
        revision: next.revision,
        updatedAt: next.updatedAt,
      },
      { source: PRODUCTS_SOURCE, correlationId: context?.correlationId },
    );
    // Pinning revision, stock and store makes the write exact: a concurrent edit or reservation fails
    // it, and it never lands on another store's product. A legacy item (no store) is pinned as such.
    const condition = previous
      ? {
          ConditionExpression: `revision = :revision AND stock = :stock AND ${
            previous.storeId === undefined ? 'attribute_not_exists(storeId)' : 'storeId = :store'
          }`,
          ExpressionAttributeValues: {
            ':revision': previous.revision,
            ':stock': previous.storedStock ?? previous.stock,
            ...(previous.storeId === undefined ? {} : { ':store': previous.storeId }),
          },
        }
      : { ConditionExpression: 'attribute_not_exists(productId)' };
    const { shardStocks: _seen, storedStock: _stored, ...item } = next as ReadProduct;
    const shards = hotShards(item, previous);
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: shards ? { ...item, stock: 0 } : item, ...condition } },
          ...(shards ?? []),
          ...searchIndex.changes(next, previous),
          outbox.entry(event),
        ],
      }),
    );
    await outbox.publishCommitted([event]);
  }

  /** Reads, changes and writes a live product, again from a fresh read when a concurrent write won. */
  async function change(
    storeId: string,
    productId: string,
    next: (current: StoredProduct) => StoredProduct,
    context?: ChangeContext,
  ): Promise<StoredProduct> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await read(productId);
      if (!isLiveIn(storeId)(current)) throw new NotFoundError(`No product has the id "${productId}".`);
      const updated = next(current);
      try {
        await commit(updated, current, context);
        return updated;
      } catch (error) {
        if (!failedOnFirstItem(error)) throw error;
        if (attempt >= WRITE_ATTEMPTS)
          throw new ConflictError('The product kept changing; try again.', { cause: error });
      }
    }
  }

  async function fetchProducts(productIds: string[]): Promise<Map<string, StoredProduct>> {
    const found = new Map<string, StoredProduct>();
    let keys: Record<string, unknown>[] = productIds.map((productId) => ({ productId }));
    while (keys.length > 0) {
      const result = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
      );
      for (const item of (result.Responses?.[tableName] ?? []) as StoredProduct[])
        found.set(item.productId, item);
      keys = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
    return found;
  }

  async function search(storeId: string, query: CatalogQuery & { q: string }): Promise<CatalogPage> {
    const { productIds, nextCursor } = await searchIndex.search({ ...query, storeId });
    const products = await fetchProducts(productIds);
    const items = productIds
      .map((productId) => products.get(productId))
      .filter(isLiveIn(storeId))
      .map(toProduct);
    return { items, nextCursor };
  }

  /**
   * One page of an index's single partition (`attribute = value`) from `startKey`, with one item more
   * than asked: that one tells whether another page exists, without ever ending on an empty page.
   */
  async function indexPage<T>(
    indexName: string,
    attribute: string,
    value: string,
    startKey: Record<string, unknown> | undefined,
    limit: number,
  ): Promise<{ page: T[]; more: boolean }> {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexName,
        KeyConditionExpression: '#key = :value',
        ExpressionAttributeNames: { '#key': attribute },
        ExpressionAttributeValues: { ':value': value },
        ExclusiveStartKey: startKey,
        Limit: limit + 1,
      }),
    );
    const items = (result.Items ?? []) as T[];
    return { page: items.slice(0, limit), more: items.length > limit };
  }

  async function listCategory(
    storeId: string,
    category: string,
    limit: number,
    cursor?: string,
  ): Promise<CatalogPage> {
    const partition = storeCategoryOf(storeId, category);
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, categoryCursor);
    if (startKey) checkCursorPartition(startKey.storeCategory, partition, storeId);
    const { page, more } = await indexPage<StoredProduct>(
      CATEGORY_INDEX,
      'storeCategory',
      partition,
      startKey,
      limit,
    );
    const last = page.at(-1);
    const nextKey =
      more && last
        ? { productId: last.productId, storeCategory: partition, nameKey: last.nameKey }
        : undefined;
    return { items: page.map(toProduct), nextCursor: nextKey ? encodeCursor(nextKey) : null };
  }

  // The whole catalog by name: one Query on the shelf index, which projects every field a listing
  // shows (stock included: a stock change rewrites that product's own index item, nothing else).
  async function listAll(storeId: string, limit: number, cursor?: string): Promise<CatalogPage> {
    const shelf = shelfOf(storeId);
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, nameCursor);
    if (startKey) checkCursorPartition(startKey.shelf, shelf, storeId);
    const { page, more } = await indexPage<StoredProduct>(SHELF_INDEX, 'shelf', shelf, startKey, limit);
    const last = page.at(-1);
    return {
      // The index projects no storeId: every item of this partition is the store's.
      items: page.map((item) => toProduct({ ...item, storeId })),
      nextCursor:
        more && last ? encodeCursor({ productId: last.productId, shelf, nameKey: last.nameKey }) : null,
    };
  }

  return {
    async find(storeId, productId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { productId } }));
      const found = Item as StoredProduct | undefined;
      return isLiveIn(storeId)(found)
        ? toProduct((await withShardStock([found]))[0] as StoredProduct)
        : undefined;
    },

    async list(storeId, { category, q, limit, cursor }: CatalogQuery): Promise<CatalogPage> {
      const page =
        q !== undefined
          ? await search(storeId, { q, category, limit, cursor })
          : category
            ? await listCategory(storeId, category, limit, cursor)
            : await listAll(storeId, limit, cursor);
      return { ...page, items: await withLiveStock(page.items) };
    },

    async create(store, input, context) {
      const now = new Date().toISOString();
      const item = stored(productOf(store, input, newProductId(), now), undefined);
      await commit(item, undefined, context);
      return toProduct(item);
    },

    async update(storeId, productId, patch, context) {
      const now = new Date().toISOString();
      const updated = await change(
        storeId,
        productId,
        (current) => stored(applyPatch(toRecord(current), patch, now), current),
        context,
      );
      return toProduct(updated);
    },

    async remove(storeId, productId, context) {
      const now = new Date().toISOString();
      // A tombstone, not a delete: stock released by a reservation made before the deletion still
      // has an item to go back to, and the id is never reused.
      await change(
        storeId,
        productId,
        ({ nameKey: _nameKey, storeCategory: _storeCategory, shelf: _shelf, ...current }) => ({
          ...current,
          storeId: storeOf(current),
          searchTerms: [],
          revision: current.revision + 1,
          updatedAt: now,
          deletedAt: now,
        }),
        context,
      );
    },

    async save(products, context) {
      for (const item of products) {
        for (let attempt = 1; ; attempt += 1) {
          const previous = await read(item.productId);
          if (previous && !belongsTo(previous, item.storeId))
            throw new ConflictError(`The product id "${item.productId}" is another store's.`);
          try {
            await commit(stored(item, previous), previous, context);
            break;
          } catch (error) {
            if (!failedOnFirstItem(error) || attempt >= WRITE_ATTEMPTS) throw error;
          }
        }
      }
    },
  };
}
