import {
  type DynamoDBDocumentClient,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, documentClient, isConditionFailure, lostRace } from '@shop/aws';
import { listingKeys } from '../adapters/dynamo-catalog-listings.ts';
import { dynamoSearchIndex, prefixKeys } from '../adapters/dynamo-search-index.ts';
import { wordsText } from '../domain/search-terms.ts';
import { LEGACY_STORE_ID, shelfOf, storeCategoryOf } from '../domain/store-keys.ts';

/**
 * What one table's backfill did: items read and items given their store; for the search table, the
 * entries read and those moved with their product or given their prefix keys.
 */
export type BackfillResult = { table: string; scanned: number; updated: number };

/** The products stack's tables of a stage, named as its serverless.yml names them. */
const tablesOf = (stage: string) => ({
  products: `shop-products-${stage}-products`,
  search: `shop-products-${stage}-search`,
  reservations: `shop-products-${stage}-stock-reservations`,
  listings: `shop-products-${stage}-listings`,
  categoryCounts: `shop-products-${stage}-category-counts`,
});

type LegacyItem = Record<string, unknown> & {
  productId: string;
  storeId?: string;
  shardOf?: string;
  variantOf?: string;
  price?: number;
  createdAt?: string;
  rating?: { average: number; count: number };
  shelf?: string;
  catalogShelf?: string;
  category?: string;
  nameKey?: string;
  searchTerms?: string[];
  deletedAt?: string;
  revision?: number;
};

/** Every item of a table, a page at a time (a one-off command: the service itself never scans). */
async function* scanPages(client: DynamoDBDocumentClient, tableName: string) {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    yield (page.Items ?? []) as Record<string, unknown>[];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Runs a conditional write; false when its condition no longer held (a newer write got there first). */
async function unlessOvertaken(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error) || lostRace(cancellationReasons(error)?.[0])) return false;
    throw error;
  }
}

/**
 * Gives everything the products service wrote before stores (issue 15) to the `main` store: each
 * product its `storeId` and, when live, the keys of the store-scoped indexes (`storeCategory`,
 * `catalogShelf` = `main#all`); a product written since stores moves its `shelf` to `catalogShelf`
 * (issue 16's `catalogByName` index), and every live product without a listing item gets one (the
 * sorted listings of issue 16); its search entries move from the bare word to `main#<word>` in the same transaction;
 * stock shards and reservation records get `storeId`. Idempotent: every write is conditioned on the
 * item still having no store (and a product on the revision read), so a second run, or a run racing
 * the service, changes nothing the service has written since. Outbox items need nothing: their events
 * parse with `storeId` = `main` by default.
 */
export async function backfillMainStore(options: {
  stage: string;
  client?: DynamoDBDocumentClient;
}): Promise<BackfillResult[]> {
  const client = options.client ?? documentClient();
  const tables = tablesOf(options.stage);
  const searchIndex = dynamoSearchIndex({ tableName: tables.search, client });
  const products = { table: tables.products, scanned: 0, updated: 0 };
  const search = { table: tables.search, scanned: 0, updated: 0 };
  const reservations = { table: tables.reservations, scanned: 0, updated: 0 };
  const listings = { table: tables.listings, scanned: 0, updated: 0 };

  for await (const page of scanPages(client, tables.products)) {
    for (const item of page as LegacyItem[]) {
      products.scanned += 1;
      if (await listed(item)) listings.updated += 1;
      if (item.storeId !== undefined) {
        if (await toCatalogShelf(item)) products.updated += 1;
        continue;
      }
      const moved = await unlessOvertaken(() =>
        item.shardOf !== undefined || item.revision === undefined
          ? client.send(
              new UpdateCommand({
                TableName: tables.products,
                Key: { productId: item.productId },
                UpdateExpression: 'SET storeId = :store',
                ConditionExpression: 'attribute_exists(productId) AND attribute_not_exists(storeId)',
                ExpressionAttributeValues: { ':store': LEGACY_STORE_ID },
              }),
            )
          : client.send(new TransactWriteCommand({ TransactItems: productMove(item) })),
      );
      if (!moved) continue;
      products.updated += 1;
      if (item.shardOf === undefined && item.nameKey !== undefined && item.deletedAt === undefined) {
        search.updated += item.searchTerms?.length ?? 0;
      }
    }
  }

  /**
   * A live product written before the sorted listings (issue 16) gets its listing item, computed from
   * the product as read; only where it has none, so a listing the service wrote since is never
   * overwritten by this older read. False for a stock item, a tombstone, or an existing listing.
   */
  function listed(item: LegacyItem): Promise<boolean> {
    const live =
      item.revision !== undefined &&
      item.shardOf === undefined &&
      item.variantOf === undefined &&
      item.deletedAt === undefined;
    if (!live) return Promise.resolve(false);
    listings.scanned += 1;
    const product = {
      productId: item.productId,
      storeId: item.storeId ?? LEGACY_STORE_ID,
      category: String(item.category),
      price: Number(item.price),
      createdAt: String(item.createdAt),
      rating: item.rating,
    };
    // With its category's count, in one transaction: a product is counted exactly while it is listed.
    return unlessOvertaken(() =>
      client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tables.listings,
                Item: {
                  productId: product.productId,
                  storeId: product.storeId,
                  category: product.category,
                  shelf: shelfOf(product.storeId),
                  storeCategory: storeCategoryOf(product.storeId, product.category),
                  price: product.price,
                  ...listingKeys(product),
                },
                ConditionExpression: 'attribute_not_exists(productId)',
              },
            },
            {
              Update: {
                TableName: tables.categoryCounts,
                Key: { storeId: product.storeId, category: product.category },
                UpdateExpression: 'ADD #count :one',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      ),
    );
  }

  /**
   * A live product written since stores but before `catalogByName` (issue 16): its whole-catalog key
   * moves from `shelf` (the `shelfByName` index) to `catalogShelf`, so it lists with its variants and
   * rating and its stock moves stop writing the old index. False when there is nothing to move or a
   * newer write got there first (that write set `catalogShelf` itself).
   */
  function toCatalogShelf(item: LegacyItem): Promise<boolean> {
    if (item.shelf === undefined || item.catalogShelf !== undefined || item.deletedAt !== undefined)
      return Promise.resolve(false);
    return unlessOvertaken(() =>
      client.send(
        new UpdateCommand({
          TableName: tables.products,
          Key: { productId: item.productId },
          UpdateExpression: 'SET catalogShelf = shelf REMOVE shelf',
          ConditionExpression:
            'revision = :revision AND attribute_exists(shelf) AND attribute_not_exists(catalogShelf)',
          ExpressionAttributeValues: { ':revision': item.revision },
        }),
      ),
    );
  }

  // A product item and its search entries, moved to main together (≤ 1 + 40 deletes + 40 puts).
  function productMove(item: LegacyItem) {
    const live = item.nameKey !== undefined && item.deletedAt === undefined;
    const indexed = {
      productId: item.productId,
      category: String(item.category),
      nameKey: item.nameKey,
      searchTerms: item.searchTerms ?? [],
      deletedAt: item.deletedAt,
    };
    return [
      {
        Update: {
          TableName: tables.products,
          Key: { productId: item.productId },
          UpdateExpression: live
            ? 'SET storeId = :store, storeCategory = :storeCategory, catalogShelf = :shelf REMOVE shelf'
            : 'SET storeId = :store',
          ConditionExpression: 'attribute_not_exists(storeId) AND revision = :revision',
          ExpressionAttributeValues: {
            ':store': LEGACY_STORE_ID,
            ':revision': item.revision,
            ...(live
              ? {
                  ':storeCategory': storeCategoryOf(LEGACY_STORE_ID, String(item.category)),
                  ':shelf': shelfOf(LEGACY_STORE_ID),
                }
              : {}),
          },
        },
      },
      // The bare-word entries it had, and the same words within main.
      ...searchIndex.changes({ ...indexed, storeId: LEGACY_STORE_ID }, indexed),
    ];
  }

  // Search entries written before prefix search (issue 16) get its keys: `wordsText` for the other
  // words' filter and, for a word of 3+ letters, the `byPrefix` index keys. Only where missing and
  // only on an entry that still exists, so a newer write or delete of the service always wins.
  for await (const page of scanPages(client, tables.search)) {
    for (const entry of page as Array<Record<string, unknown>>) {
      search.scanned += 1;
      const { term, nameKey, storeId, terms } = entry as {
        term: string;
        nameKey: string;
        storeId?: string;
        terms?: string[];
      };
      if (entry.wordsText !== undefined || storeId === undefined || !Array.isArray(terms)) continue;
      const word = term.slice(storeId.length + 1);
      const keys = prefixKeys(storeId, word, nameKey);
      const given = await unlessOvertaken(() =>
        client.send(
          new UpdateCommand({
            TableName: tables.search,
            Key: { term, nameKey },
            UpdateExpression:
              'prefix' in keys
                ? 'SET wordsText = :text, prefix = :prefix, prefixSort = :prefixSort'
                : 'SET wordsText = :text',
            ConditionExpression: 'attribute_exists(term) AND attribute_not_exists(wordsText)',
            ExpressionAttributeValues: {
              ':text': wordsText(terms),
              ...('prefix' in keys ? { ':prefix': keys.prefix, ':prefixSort': keys.prefixSort } : {}),
            },
          }),
        ),
      );
      if (given) search.updated += 1;
    }
  }

  for await (const page of scanPages(client, tables.reservations)) {
    for (const item of page) {
      reservations.scanned += 1;
      if (item.storeId !== undefined) continue;
      const moved = await unlessOvertaken(() =>
        client.send(
          new UpdateCommand({
            TableName: tables.reservations,
            Key: { orderId: item.orderId },
            UpdateExpression: 'SET storeId = :store',
            ConditionExpression: 'attribute_exists(orderId) AND attribute_not_exists(storeId)',
            ExpressionAttributeValues: { ':store': LEGACY_STORE_ID },
          }),
        ),
      );
      if (moved) reservations.updated += 1;
    }
  }
  return [products, search, reservations, listings];
}
