import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed, lostRace } from '@shop/aws';
import { PRODUCTS_SOURCE, productChanged } from '@shop/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@shop/errors';
import { createEvent, type TransactionalOutbox } from '@shop/events';
import type { CatalogWrites, ChangeContext, ProductCatalog } from '../domain/catalog-page.ts';
import {
  applyPatch,
  applyVariantPatch,
  catalogNameKey,
  type ProductRecord,
  productOf,
  shownProduct,
} from '../domain/product.ts';
import { indexTerms } from '../domain/search-terms.ts';
import { HOT_STOCK_SHARDS } from '../domain/stock-shards.ts';
import { belongsTo, shelfOf, storeCategoryOf } from '../domain/store-keys.ts';
import { shardsPerVariant } from '../domain/variants.ts';
import {
  isLiveIn,
  listedOf,
  type ReadProduct,
  type StoredProduct,
  type StoredVariant,
  toRecord,
  withStock,
} from './catalog-items.ts';
import { dynamoCatalogListings } from './dynamo-catalog-listings.ts';
import { dynamoCatalogReads } from './dynamo-catalog-reads.ts';
import { dynamoSearchIndex } from './dynamo-search-index.ts';
import { dynamoSkuClaims } from './dynamo-sku-claims.ts';
import { holderWrites, stockOf } from './dynamo-stock-holders.ts';

/** DynamoDB's limit of items in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
/** Attempts of an optimistic write before answering 409. */
const WRITE_ATTEMPTS = 5;

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
 * The catalog's writes in DynamoDB: create, change, a variant's change, delete and the seed's save,
 * each one transaction of the product item, its stock items, SKU claims, listing, search entries and
 * its ProductChanged outbox item.
 */
export function dynamoCatalogWrites(options: {
  tableName: string;
  searchTableName: string;
  skuTableName: string;
  listingsTableName: string;
  categoryCountsTableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): CatalogWrites {
  const { tableName, client, outbox } = options;
  const searchIndex = dynamoSearchIndex({ tableName: options.searchTableName, client });
  const skuClaims = dynamoSkuClaims({ tableName: options.skuTableName });
  const listings = dynamoCatalogListings({
    tableName: options.listingsTableName,
    countsTableName: options.categoryCountsTableName,
    client,
  });

  /** A product as a write reads it: consistent, with its stock and its listing item as they are. */
  async function read(productId: string): Promise<ReadProduct | undefined> {
    const [{ Item }, listed] = await Promise.all([
      client.send(new GetCommand({ TableName: tableName, Key: { productId }, ConsistentRead: true })),
      listings.read(productId),
    ]);
    const [found] = Item ? await withStock(client, tableName, [Item as StoredProduct], true) : [];
    return found && { ...found, listed };
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
      ...listings.changes(deletedAt ? undefined : listedOf(record), previous?.listed),
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

  return {
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

/**
 * The whole catalog in DynamoDB, its reads and its writes (the tests' and the seed's): the products
 * table (one item per product, sparse category and whole-catalog indexes sorted by name, and the stock
 * items of its variants), the search index of its words, the SKU claims, the sorted listings with their
 * category counts, and a ProductChanged event in the outbox; every change writes all of them in one
 * transaction. A function uses only the half it needs (`src/wiring.ts`).
 */
export function dynamoProductCatalog(options: Parameters<typeof dynamoCatalogWrites>[0]): ProductCatalog {
  return { ...dynamoCatalogReads(options), ...dynamoCatalogWrites(options) };
}
