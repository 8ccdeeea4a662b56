import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { shardKey, splitStock } from '../domain/stock-shards.ts';

// Where a product's units live. A stock item ("holder") is the product item itself for a product
// without options, or one variant item per variant (key: the variant id) for a product with options;
// a hot holder keeps its units in shard items (`<key>#stock-<n>`) instead. Reservations take from
// holders and shards alone, so the catalog write and the stock move meet only on these items.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A holder's stock as read: its own units and, when hot, its shard count and each shard's units. */
export type HolderRead = { stored: number; shards?: number; shardStocks?: number[] };

/** What a holder can still sell: its own units and its shards'. Nothing when it was not found. */
export const stockOf = (read: HolderRead | undefined): number =>
  read === undefined ? 0 : read.stored + (read.shardStocks ?? []).reduce((sum, stock) => sum + stock, 0);

/** The items under `keys` (each read once, 100 a request), by key; a missing item is absent. */
export async function itemsByKey(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly string[],
  consistent: boolean,
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Set(keys)];
  for (let start = 0; start < unique.length; start += 100) {
    let batch: Record<string, unknown>[] = unique
      .slice(start, start + 100)
      .map((productId) => ({ productId }));
    while (batch.length > 0) {
      const result = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: batch, ConsistentRead: consistent } } }),
      );
      for (const item of result.Responses?.[tableName] ?? []) found.set(String(item.productId), item);
      batch = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

/** What reading a product's holders needs of its item. */
export type HeldProduct = {
  productId: string;
  stock?: number | undefined;
  stockShards?: number | undefined;
  variants?: readonly { variantId: string }[] | undefined;
};

/**
 * The holders of each product (by key), read in two batches at most: the variant items of products
 * with options, then the shards of every hot holder. A product without options holds its own units.
 */
export async function readHolders(
  client: DynamoDBDocumentClient,
  tableName: string,
  products: readonly HeldProduct[],
  consistent: boolean,
): Promise<Map<string, HolderRead>[]> {
  const variantKeys = products.flatMap((item) => item.variants?.map(({ variantId }) => variantId) ?? []);
  const variantItems =
    variantKeys.length === 0 ? new Map() : await itemsByKey(client, tableName, variantKeys, consistent);
  const holders = products.map(
    (item) =>
      new Map<string, HolderRead>(
        item.variants === undefined
          ? [[item.productId, holderOf(item)]]
          : item.variants.map(({ variantId }) => [variantId, holderOf(variantItems.get(variantId) ?? {})]),
      ),
  );
  const shardKeys = holders.flatMap((byKey) =>
    [...byKey].flatMap(([key, read]) =>
      Array.from({ length: read.shards ?? 0 }, (_, index) => shardKey(key, index)),
    ),
  );
  if (shardKeys.length === 0) return holders;
  const shards = await itemsByKey(client, tableName, shardKeys, consistent);
  for (const byKey of holders)
    for (const [key, read] of byKey)
      if (read.shards !== undefined)
        read.shardStocks = Array.from({ length: read.shards }, (_, index) =>
          Number(shards.get(shardKey(key, index))?.stock ?? 0),
        );
  return holders;
}

function holderOf(item: { stock?: unknown; stockShards?: unknown }): HolderRead {
  return {
    stored: Number(item.stock ?? 0),
    ...(item.stockShards === undefined ? {} : { shards: Number(item.stockShards) }),
  };
}

/** What every shard carries, which a reservation's condition checks on the shard it takes from. */
export type ShardFacts = { storeId: string; price: number; currency: string; deletedAt?: string | undefined };

/**
 * How a holder's write leaves its units: all on its own item, or (hot: `shards` > 0, or already split)
 * split over its shards, evenly when new or set, else each shard as read plus any units a release gave
 * back to the holder itself. Each shard write is pinned to the shard's stock as read, so a reservation
 * meanwhile fails it and the write is retried: the stock it reports is exact.
 */
export function holderWrites(options: {
  tableName: string;
  key: string;
  total: number;
  previous: HolderRead | undefined;
  shards: number;
  facts: ShardFacts;
}): { own: number; stockShards?: number; puts: TransactItem[] } {
  const { tableName, key, total, previous, facts } = options;
  const count = previous?.shards ?? options.shards;
  if (count === 0) return { own: total, puts: [] };
  const seen = previous?.shardStocks;
  const values =
    seen && total === stockOf(previous)
      ? seen.map((stock, index) => stock + (index === 0 ? (previous?.stored ?? 0) : 0))
      : splitStock(total, count);
  const puts = values.map(
    (stock, index): TransactItem => ({
      Put: {
        TableName: tableName,
        Item: {
          productId: shardKey(key, index),
          shardOf: key,
          storeId: facts.storeId,
          stock,
          price: facts.price,
          currency: facts.currency,
          ...(facts.deletedAt ? { deletedAt: facts.deletedAt } : {}),
        },
        ...(seen
          ? { ConditionExpression: 'stock = :seen', ExpressionAttributeValues: { ':seen': seen[index] } }
          : { ConditionExpression: 'attribute_not_exists(productId)' }),
      },
    }),
  );
  return { own: 0, stockShards: count, puts };
}
