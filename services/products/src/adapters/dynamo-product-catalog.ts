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
import { applyPatch, catalogNameKey, type NewProduct, type Product } from '../domain/product.ts';
import { indexTerms } from '../domain/search-terms.ts';
import { HOT_STOCK_SHARDS, shardKey, splitStock } from '../domain/stock-shards.ts';
import { dynamoSearchIndex } from './dynamo-search-index.ts';

const CATEGORY_INDEX = 'byCategory';
/** The whole catalog by name, with what a listing shows projected: a page is one Query. */
const SHELF_INDEX = 'shelfByName';
/** The one partition of the whole-catalog index: every live product is on it, sorted by name. */
const SHELF = 'all';
/** Attempts of an optimistic write before answering 409. */
const WRITE_ATTEMPTS = 5;

// What a cursor may hold: exactly the keys DynamoDB needs to resume, nothing a client could abuse.
const nameCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  shelf: z.literal(SHELF),
  nameKey: z.string().check(z.minLength(1)),
});
const categoryCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  category: z.string().check(z.minLength(1)),
  nameKey: z.string().check(z.minLength(1)),
});

/**
 * A product item. `nameKey` and `shelf` exist only while the product is live, so a deleted product
 * leaves the category and name indexes; `revision` grows with every catalog write (not with reservations), and every write
 * is conditioned on the revision and stock it read.
 */
type StoredProduct = Product & {
  nameKey?: string;
  shelf?: typeof SHELF;
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

function toProduct(stored: StoredProduct): Product {
  const {
    nameKey: _nameKey,
    shelf: _shelf,
    searchTerms: _searchTerms,
    revision: _revision,
    deletedAt: _deletedAt,
    stockShards: _stockShards,
    ...product
  } = stored as ReadProduct;
  const { shardStocks: _shardStocks, storedStock: _storedStock, ...shown } = product as ReadProduct;
  return shown;
}

const isLive = (stored: StoredProduct | undefined): stored is StoredProduct =>
  stored !== undefined && stored.deletedAt === undefined;

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
  async function withLiveStock(items: Product[]): Promise<Product[]> {
    if (!items.some((item) => item.hot)) return items;
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

  function stored(item: Product, previous: StoredProduct | undefined): StoredProduct {
    return {
      ...item,
      nameKey: catalogNameKey(item.name, item.productId),
      shelf: SHELF,
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
    // Pinning revision and stock makes the write exact: a concurrent edit or reservation fails it.
    const condition = previous
      ? {
          ConditionExpression: 'revision = :revision AND stock = :stock',
          ExpressionAttributeValues: {
            ':revision': previous.revision,
            ':stock': previous.storedStock ?? previous.stock,
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
    productId: string,
    next: (current: StoredProduct) => StoredProduct,
    context?: ChangeContext,
  ): Promise<StoredProduct> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await read(productId);
      if (!isLive(current)) throw new NotFoundError(`No product has the id "${productId}".`);
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

  async function search(query: CatalogQuery & { q: string }): Promise<CatalogPage> {
    const { productIds, nextCursor } = await searchIndex.search(query);
    const products = await fetchProducts(productIds);
    const items = productIds
      .map((productId) => products.get(productId))
      .filter(isLive)
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

  async function listCategory(category: string, limit: number, cursor?: string): Promise<CatalogPage> {
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, categoryCursor);
    if (startKey && startKey.category !== category) {
      throw new ValidationError('The cursor belongs to another listing.', [
        { field: 'cursor', message: 'does not belong to this category listing' },
      ]);
    }
    const { page, more } = await indexPage<StoredProduct>(
      CATEGORY_INDEX,
      'category',
      category,
      startKey,
      limit,
    );
    const last = page.at(-1);
    const nextKey =
      more && last
        ? { productId: last.productId, category: last.category, nameKey: last.nameKey }
        : undefined;
    return { items: page.map(toProduct), nextCursor: nextKey ? encodeCursor(nextKey) : null };
  }

  // The whole catalog by name: one Query on the shelf index, which projects every field a listing
  // shows (stock included: a stock change rewrites that product's own index item, nothing else).
  async function listAll(limit: number, cursor?: string): Promise<CatalogPage> {
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, nameCursor);
    const { page, more } = await indexPage<StoredProduct>(SHELF_INDEX, 'shelf', SHELF, startKey, limit);
    const last = page.at(-1);
    return {
      items: page.map(toProduct),
      nextCursor:
        more && last
          ? encodeCursor({ productId: last.productId, shelf: SHELF, nameKey: last.nameKey })
          : null,
    };
  }

  return {
    async find(productId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { productId } }));
      const found = Item as StoredProduct | undefined;
      return isLive(found) ? toProduct((await withShardStock([found]))[0] as StoredProduct) : undefined;
    },

    async list({ category, q, limit, cursor }: CatalogQuery): Promise<CatalogPage> {
      const page =
        q !== undefined
          ? await search({ q, category, limit, cursor })
          : category
            ? await listCategory(category, limit, cursor)
            : await listAll(limit, cursor);
      return { ...page, items: await withLiveStock(page.items) };
    },

    async create(input: NewProduct, context) {
      const now = new Date().toISOString();
      const item = stored({ ...input, productId: newProductId(), createdAt: now, updatedAt: now }, undefined);
      await commit(item, undefined, context);
      return toProduct(item);
    },

    async update(productId, patch, context) {
      const now = new Date().toISOString();
      const updated = await change(
        productId,
        (current) => stored(applyPatch(toProduct(current), patch, now), current),
        context,
      );
      return toProduct(updated);
    },

    async remove(productId, context) {
      const now = new Date().toISOString();
      // A tombstone, not a delete: stock released by a reservation made before the deletion still
      // has an item to go back to, and the id is never reused.
      await change(
        productId,
        ({ nameKey: _nameKey, shelf: _shelf, ...current }) => ({
          ...current,
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
