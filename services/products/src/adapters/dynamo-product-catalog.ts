import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed, lostRace } from '@shop/aws';
import { PRODUCTS_SOURCE, productChanged, type Variant } from '@shop/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@shop/errors';
import { createEvent, type TransactionalOutbox } from '@shop/events';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import type { CatalogPage, CatalogQuery, ChangeContext, ProductCatalog } from '../domain/catalog-page.ts';
import {
  applyPatch,
  applyVariantPatch,
  catalogNameKey,
  type Product,
  type ProductRecord,
  productOf,
  shownProduct,
} from '../domain/product.ts';
import { indexTerms } from '../domain/search-terms.ts';
import { HOT_STOCK_SHARDS } from '../domain/stock-shards.ts';
import { belongsTo, shelfOf, storeCategoryOf, storeOf } from '../domain/store-keys.ts';
import { shardsPerVariant } from '../domain/variants.ts';
import { dynamoSearchIndex } from './dynamo-search-index.ts';
import { dynamoSkuClaims } from './dynamo-sku-claims.ts';
import { type HolderRead, holderWrites, itemsByKey, readHolders, stockOf } from './dynamo-stock-holders.ts';

/** One category of one store by name (`storeCategory` = `<store>#<category>`, `nameKey`). */
const CATEGORY_INDEX = 'byStoreCategory';
/**
 * A store's whole catalog by name, with what a listing shows projected (variants and rating too): a
 * page is one Query. Its partition (`catalogShelf`) is the store's (`<store>#all`); every live product
 * of the store is on it. It replaces `shelfByName` (keyed on `shelf`, which projected neither), which
 * an item leaves when it is next written or by the backfill (`src/migrations/main-store.ts`).
 */
const CATALOG_INDEX_BY_NAME = 'catalogByName';
/** DynamoDB's limit of items in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
/** Attempts of an optimistic write before answering 409. */
const WRITE_ATTEMPTS = 5;

// What a cursor may hold: exactly the keys DynamoDB needs to resume, nothing a client could abuse.
// Each holds its index partition, which names the store: a cursor replayed in another store is refused.
const nameCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  catalogShelf: z.string().check(z.minLength(1)),
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

/** A variant as the product item keeps it: its stock lives in its own stock item (the variant item). */
type StoredVariant = Omit<Variant, 'stock'>;

/**
 * A product item. `nameKey`, `storeCategory` and `catalogShelf` exist only while the product is live, so a
 * deleted product leaves the category and name indexes; `revision` grows with every catalog write (not
 * with reservations), and every write is conditioned on the revision, stock and store it read. An item
 * written before stores has no `storeId` (it is main's, `backfillMainStore` adds it). A product with
 * options keeps its variants without stock and has no `stock` of its own: each variant's units live in
 * its variant item (key: the variant id), where reservations take them.
 */
type StoredProduct = Omit<ProductRecord, 'storeId' | 'stock' | 'variants'> & {
  storeId?: string;
  stock?: number;
  variants?: StoredVariant[];
  nameKey?: string;
  storeCategory?: string;
  catalogShelf?: string;
  /** The whole-catalog key of an item written before `catalogByName` (until rewritten or backfilled). */
  shelf?: string;
  /** The review revision the rating reflects (ProductRatingChanged): a lower or equal one changes nothing. */
  ratingRevision?: number;
  searchTerms: string[];
  revision: number;
  deletedAt?: string;
  /**
   * A hot product's shard count: its units live in the shard items (`stock` here is then 0, and the
   * product's `stock` as read is the shards' sum). See `src/domain/stock-shards.ts`.
   */
  stockShards?: number;
};

/** A product as read: with the stock of each of its stock items (itself, or its variants) as read. */
type ReadProduct = StoredProduct & { holders: Map<string, HolderRead> };

/** The product record: the catalog's keys and counters dropped, each stock as its holder's read. */
function toRecord(read: ReadProduct): ProductRecord {
  const {
    nameKey: _nameKey,
    storeCategory: _storeCategory,
    shelf: _shelf,
    catalogShelf: _catalogShelf,
    ratingRevision: _ratingRevision,
    searchTerms: _searchTerms,
    revision: _revision,
    deletedAt: _deletedAt,
    stockShards: _stockShards,
    holders,
    variants,
    stock: _stock,
    ...product
  } = read;
  const storeId = storeOf(read);
  if (variants === undefined) return { ...product, storeId, stock: stockOf(holders.get(read.productId)) };
  const sold = variants.map((item) => ({ ...item, stock: stockOf(holders.get(item.variantId)) }));
  return { ...product, storeId, variants: sold, stock: sold.reduce((sum, item) => sum + item.stock, 0) };
}

const toProduct = (read: ReadProduct): Product => shownProduct(toRecord(read));

const isLive = (stored: StoredProduct | undefined): stored is StoredProduct =>
  stored !== undefined && stored.deletedAt === undefined;

/** A live product of this store: another store's product is not found here, like an unknown one. */
const isLiveIn =
  (storeId: string) =>
  (stored: StoredProduct | undefined): stored is StoredProduct =>
    isLive(stored) && belongsTo(stored, storeId);

const newProductId = () => `p-${randomBytes(8).toString('hex')}`;

/**
 * How a catalog write failed: a SKU claim (at `skuPuts`) found its SKU taken, or the product or one of
 * its stock items (the first `stockItems`) lost a race to another writer or a reservation (read again).
 */
function writeFailure(error: unknown, stockItems: number, skuPuts: { index: number; sku: string }[]) {
  const reasons = cancellationReasons(error);
  if (!reasons) return { retry: false };
  const taken = skuPuts.find(({ index }) => conditionFailed(reasons[index]));
  if (taken) return { retry: false, takenSku: taken.sku };
  return { retry: reasons.slice(0, stockItems).some(lostRace) };
}

/**
 * A write of more items than one transaction takes: a product with many variants (each its item and
 * SKU claim, a hot one's shards) and many indexed words. 400 saying what to change, nothing written.
 */
function tooLargeWrite(items: number, record: ProductRecord): ValidationError {
  const variants = record.variants?.length ?? 1;
  return new ValidationError(
    `This change writes ${items} items (the product, ${variants} variants with their SKUs, its search words), more than the ${MAX_TRANSACTION_ITEMS} one all-or-nothing write takes.`,
    [
      {
        field: record.variants ? 'variants' : 'description',
        message:
          'sell fewer variants, use fewer distinct words, or change the currency apart from the name and description',
      },
    ],
  );
}

/** A product's tombstone: out of every index and search, its stock items marked deleted with it. */
function tombstoneOf(item: StoredProduct, deletedAt: string): StoredProduct {
  const { nameKey: _nameKey, storeCategory: _storeCategory, catalogShelf: _catalogShelf, ...rest } = item;
  return { ...rest, searchTerms: [], deletedAt };
}

/** The variants' SKUs as claimed: a product without options has none (its SKU is its id). */
const skuHoldersOf = (item: { variants?: readonly StoredVariant[] | undefined; deletedAt?: string }) =>
  item.deletedAt === undefined ? (item.variants ?? []).map(({ variantId, sku }) => ({ variantId, sku })) : [];

/**
 * The catalog in DynamoDB: the products table (one item per product, sparse category and whole-catalog
 * indexes sorted by name, and the stock items of its variants), the search index of its words
 * (`dynamo-search-index.ts`, in the search table), the SKU claims (`dynamo-sku-claims.ts`) and a
 * ProductChanged event in the outbox; every change writes all of them in one transaction.
 */
export function dynamoProductCatalog(options: {
  tableName: string;
  searchTableName: string;
  skuTableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): ProductCatalog {
  const { tableName, client, outbox } = options;
  const searchIndex = dynamoSearchIndex({ tableName: options.searchTableName, client });
  const skuClaims = dynamoSkuClaims({ tableName: options.skuTableName });

  /** Products with their holders' stock (one or two batch reads for all of them). */
  async function withStock(items: StoredProduct[], consistent: boolean): Promise<ReadProduct[]> {
    const holders = await readHolders(client, tableName, items, consistent);
    return items.map((item, index) => ({ ...item, holders: holders[index] as Map<string, HolderRead> }));
  }

  async function read(productId: string): Promise<ReadProduct | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { productId }, ConsistentRead: true }),
    );
    return Item ? (await withStock([Item as StoredProduct], true))[0] : undefined;
  }

  function stored(item: ProductRecord, previous: StoredProduct | undefined): StoredProduct {
    const { variants, stock, ...fields } = item;
    return {
      ...fields,
      ...(variants === undefined
        ? { stock }
        : { variants: variants.map(({ stock: _stock, ...variant }) => variant) }),
      nameKey: catalogNameKey(item.name, item.productId),
      storeCategory: storeCategoryOf(item.storeId, item.category),
      catalogShelf: shelfOf(item.storeId),
      // The rating is the reviews' (applyRating), carried over by every catalog write.
      ...(previous?.ratingRevision === undefined ? {} : { ratingRevision: previous.ratingRevision }),
      searchTerms: indexTerms(item.name, item.description),
      revision: (previous?.revision ?? 0) + 1,
    };
  }

  /**
   * The product item and the stock items `record` leaves, over `previous` as read: a product without
   * options holds its units itself (or in its shards, hot); one with options in one item per variant,
   * written only when what a reservation checks there (SKU, price, currency, deletion, stock) changed,
   * each pinned to the stock it read.
   */
  function stockWrites(record: ProductRecord, item: StoredProduct, previous: ReadProduct | undefined) {
    const facts = {
      storeId: record.storeId,
      price: record.price,
      currency: record.currency,
      deletedAt: item.deletedAt,
    };
    if (record.variants === undefined) {
      const { own, stockShards, puts } = holderWrites({
        tableName,
        key: record.productId,
        total: record.stock,
        previous: previous?.holders.get(record.productId),
        shards: record.hot ? HOT_STOCK_SHARDS : 0,
        facts,
      });
      return { product: { ...item, stock: own, ...(stockShards ? { stockShards } : {}) }, items: puts };
    }
    const before = new Map((previous?.variants ?? []).map((variant) => [variant.variantId, variant]));
    const shards = record.hot ? shardsPerVariant(record.variants.length) : 0;
    const items = record.variants.flatMap((variant) => {
      const read = previous?.holders.get(variant.variantId);
      const was = before.get(variant.variantId);
      const unchanged =
        previous !== undefined &&
        was?.sku === variant.sku &&
        was.price === variant.price &&
        previous.currency === record.currency &&
        previous.deletedAt === item.deletedAt &&
        stockOf(read) === variant.stock &&
        (read?.shards !== undefined) === shards > 0;
      if (unchanged) return [];
      const split = holderWrites({
        tableName,
        key: variant.variantId,
        total: variant.stock,
        previous: read,
        shards,
        facts: { ...facts, price: variant.price },
      });
      const variantItem = {
        productId: variant.variantId,
        variantOf: record.productId,
        storeId: record.storeId,
        sku: variant.sku,
        price: variant.price,
        currency: record.currency,
        stock: split.own,
        revision: item.revision,
        ...(split.stockShards ? { stockShards: split.stockShards } : {}),
        ...(item.deletedAt ? { deletedAt: item.deletedAt } : {}),
      };
      return [
        {
          Put: {
            TableName: tableName,
            Item: variantItem,
            ...(read && was
              ? { ConditionExpression: 'stock = :seen', ExpressionAttributeValues: { ':seen': read.stored } }
              : { ConditionExpression: 'attribute_not_exists(productId)' }),
          },
        },
        ...split.puts,
      ];
    });
    return { product: item, items };
  }

  /**
   * Writes `record` over `previous` (as read) with its stock items, index entries, SKU claims and event,
   * all or nothing; `deletedAt` makes it a tombstone. Answers the stored item.
   */
  async function commit(
    record: ProductRecord,
    previous: ReadProduct | undefined,
    context?: ChangeContext,
    deletedAt?: string,
  ): Promise<StoredProduct> {
    const item = deletedAt ? tombstoneOf(stored(record, previous), deletedAt) : stored(record, previous);
    const event = createEvent(
      productChanged,
      {
        productId: record.productId,
        storeId: record.storeId,
        name: record.name,
        description: record.description,
        category: record.category,
        price: record.price,
        currency: record.currency,
        stock: record.stock,
        imageUrl: record.imageUrl,
        // A product without options is its own one variant, which an event leaves implicit (as before variants).
        ...(record.variants === undefined
          ? {}
          : { options: record.options ?? [], variants: record.variants }),
        deleted: deletedAt !== undefined,
        revision: item.revision,
        updatedAt: record.updatedAt,
      },
      { source: PRODUCTS_SOURCE, correlationId: context?.correlationId },
    );
    // Pinning revision, stock and store makes the write exact: a concurrent edit or reservation fails
    // it, and it never lands on another store's product. A legacy item (no store) is pinned as such.
    const condition = previous
      ? {
          ConditionExpression: [
            'revision = :revision',
            previous.stock === undefined ? 'attribute_not_exists(stock)' : 'stock = :stock',
            previous.storeId === undefined ? 'attribute_not_exists(storeId)' : 'storeId = :store',
          ].join(' AND '),
          ExpressionAttributeValues: {
            ':revision': previous.revision,
            ...(previous.stock === undefined ? {} : { ':stock': previous.stock }),
            ...(previous.storeId === undefined ? {} : { ':store': previous.storeId }),
          },
        }
      : { ConditionExpression: 'attribute_not_exists(productId)' };
    const { product, items } = stockWrites(record, item, previous);
    const claims = skuClaims.changes(
      record.storeId,
      record.productId,
      skuHoldersOf(item),
      previous ? skuHoldersOf(previous) : [],
    );
    const head = [{ Put: { TableName: tableName, Item: product, ...condition } }, ...items];
    const firstClaim = head.length + claims.items.length - claims.claimed.length;
    const transactItems = [
      ...head,
      ...claims.items,
      ...searchIndex.changes(item, previous),
      outbox.entry(event),
    ];
    // All or nothing means one transaction: a change that cannot fit is refused before anything is written.
    if (transactItems.length > MAX_TRANSACTION_ITEMS) throw tooLargeWrite(transactItems.length, record);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: transactItems }));
    } catch (error) {
      const failure = writeFailure(
        error,
        head.length,
        claims.claimed.map((sku, index) => ({ index: firstClaim + index, sku })),
      );
      if (failure.takenSku !== undefined)
        throw new ConflictError(`The SKU "${failure.takenSku}" is taken in this store.`, { cause: error });
      if (failure.retry) throw new LostRace(error);
      throw error;
    }
    await outbox.publishCommitted([event]);
    return item;
  }

  /** Reads, changes and writes a live product, again from a fresh read when a concurrent write won. */
  async function change(
    storeId: string,
    productId: string,
    next: (current: ProductRecord) => { record: ProductRecord; deletedAt?: string },
    context?: ChangeContext,
  ): Promise<ProductRecord> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await read(productId);
      if (!isLiveIn(storeId)(current)) throw new NotFoundError(`No product has the id "${productId}".`);
      const { record, deletedAt } = next(toRecord(current));
      try {
        await commit(record, current, context, deletedAt);
        return record;
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
        if (attempt >= WRITE_ATTEMPTS)
          throw new ConflictError('The product kept changing; try again.', { cause: error.cause });
      }
    }
  }

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
  ): Promise<Page> {
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
    return { items: page, nextCursor: nextKey ? encodeCursor(nextKey) : null };
  }

  // The whole catalog by name: one Query on `catalogByName`, which projects every field a listing
  // shows (stock included: a stock change of a product without options rewrites its own index item,
  // nothing else; a variant's stock is in its variant item, read with the hot products' shards).
  async function listAll(storeId: string, limit: number, cursor?: string): Promise<Page> {
    const shelf = shelfOf(storeId);
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, nameCursor);
    if (startKey) checkCursorPartition(startKey.catalogShelf, shelf, storeId);
    const { page, more } = await indexPage<StoredProduct>(
      CATALOG_INDEX_BY_NAME,
      'catalogShelf',
      shelf,
      startKey,
      limit,
    );
    const last = page.at(-1);
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
      nextCursor:
        more && last
          ? encodeCursor({ productId: last.productId, catalogShelf: shelf, nameKey: last.nameKey })
          : null,
    };
  }

  return {
    async find(storeId, productId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { productId } }));
      const found = Item as StoredProduct | undefined;
      return isLiveIn(storeId)(found)
        ? toProduct((await withStock([found], false))[0] as ReadProduct)
        : undefined;
    },

    async list(storeId, { category, q, limit, cursor }: CatalogQuery): Promise<CatalogPage> {
      const page =
        q !== undefined
          ? await search(storeId, { q, category, limit, cursor })
          : category
            ? await listCategory(storeId, category, limit, cursor)
            : await listAll(storeId, limit, cursor);
      return { items: (await withStock(page.items, false)).map(toProduct), nextCursor: page.nextCursor };
    },

    async create(store, input, context) {
      const now = new Date().toISOString();
      const record = productOf(store, input, newProductId(), now);
      await commit(record, undefined, context);
      return shownProduct(record);
    },

    async update(storeId, productId, patch, context) {
      const now = new Date().toISOString();
      const updated = await change(
        storeId,
        productId,
        (current) => ({ record: applyPatch(current, patch, now) }),
        context,
      );
      return shownProduct(updated);
    },

    async updateVariant(storeId, productId, variantId, patch, context) {
      const now = new Date().toISOString();
      const updated = await change(
        storeId,
        productId,
        (current) => {
          const record = applyVariantPatch(current, variantId, patch, now);
          if (!record) throw new NotFoundError(`The product has no variant "${variantId}".`);
          return { record };
        },
        context,
      );
      return shownProduct(updated);
    },

    async remove(storeId, productId, context) {
      const now = new Date().toISOString();
      // A tombstone, not a delete: stock released by a reservation made before the deletion still
      // has an item to go back to, and the id is never reused. Its SKUs are free again.
      await change(
        storeId,
        productId,
        (current) => ({ record: { ...current, updatedAt: now }, deletedAt: now }),
        context,
      );
    },

    async save(products, context) {
      for (const record of products) {
        for (let attempt = 1; ; attempt += 1) {
          const previous = await read(record.productId);
          if (previous && !belongsTo(previous, record.storeId))
            throw new ConflictError(`The product id "${record.productId}" is another store's.`);
          try {
            await commit(record, previous, context);
            break;
          } catch (error) {
            if (!(error instanceof LostRace) || attempt >= WRITE_ATTEMPTS) throw error;
          }
        }
      }
    },
  };
}

/** A catalog write lost a race to another writer or a reservation: read again and retry. */
class LostRace extends Error {
  constructor(cause: unknown) {
    super('A concurrent write changed the product.', { cause });
  }
}

/** A listing's page before its stock is read. */
type Page = { items: StoredProduct[]; nextCursor: string | null };
