import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, logger, sharedDocumentClient } from '@shop/aws';
import {
  DEFAULT_STORE_ID,
  mainStoreDefaults,
  type StoreSnapshot,
  storeChanged,
  storeSnapshot,
} from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';

// Each store-scoped service keeps its own copy of the stores (a table keyed by `storeId`), fed by
// StoreChanged from the stores service: no service reads another's table, and a request never waits
// on the stores service.

/** The stores a service knows, as its routes resolve `X-Store-Id`. */
export type StoreDirectory = {
  /**
   * The store with its checkout settings, or undefined when there is no such store. `main` always
   * answers. (Only the stores service answers a store to a client; the settings never leave here.)
   */
  find(storeId: string): Promise<StoreSnapshot | undefined>;
};

export type StoreTableOptions = {
  /** The service's stores table: partition key `storeId` (String). */
  tableName: string;
  client?: DynamoDBDocumentClient;
};

export type StoreDirectoryOptions = StoreTableOptions & {
  /** How long a container trusts what it read; a store's change reaches its routes within it. Default 60 s. */
  knownForMs?: number;
  /** How long "no such store" is trusted: short, so a new store answers soon after it is created. Default 5 s. */
  unknownForMs?: number;
  now?: () => number;
};

/**
 * The service's stores, read from its own table and kept in the container for a minute: a store
 * changes rarely, and every store-scoped request asks. `main` is the shop as it was before stores
 * until the read model has heard of it.
 */
export function storeDirectory(options: StoreDirectoryOptions): StoreDirectory {
  const knownForMs = options.knownForMs ?? 60_000;
  const unknownForMs = options.unknownForMs ?? 5_000;
  const now = options.now ?? Date.now;
  const cached = new Map<string, { store: StoreSnapshot | undefined; until: number }>();
  return {
    async find(storeId) {
      const hit = cached.get(storeId);
      if (hit && hit.until > now()) return hit.store;
      const client = options.client ?? sharedDocumentClient();
      const { Item } = await client.send(new GetCommand({ TableName: options.tableName, Key: { storeId } }));
      const found = Item
        ? storeSnapshot.parse(Item)
        : storeId === DEFAULT_STORE_ID
          ? mainStoreDefaults
          : undefined;
      cached.set(storeId, { store: found, until: now() + (found ? knownForMs : unknownForMs) });
      return found;
    },
  };
}

/**
 * The id of every store the service knows, `main` always among them: what a job that spans the stores
 * (erasure of a customer) walks. The table holds one small item per store, so the scan reads a few KB.
 */
export async function knownStoreIds(options: StoreTableOptions): Promise<string[]> {
  const client = options.client ?? sharedDocumentClient();
  const ids = new Set([DEFAULT_STORE_ID]);
  const pages = paginateScan({ client }, { TableName: options.tableName, ProjectionExpression: 'storeId' });
  for await (const { Items = [] } of pages) for (const item of Items) ids.add(String(item.storeId));
  return [...ids];
}

/**
 * Keeps one store's snapshot: written only when newer (`updatedAt`) than the one held, so a redelivered
 * or overtaken StoreChanged changes nothing. Answers whether it was written.
 */
export async function recordStoreChange(
  options: StoreTableOptions,
  changed: StoreSnapshot,
): Promise<boolean> {
  const client = options.client ?? sharedDocumentClient();
  try {
    await client.send(
      new PutCommand({
        TableName: options.tableName,
        Item: changed,
        ConditionExpression: 'attribute_not_exists(storeId) OR updatedAt < :updatedAt',
        ExpressionAttributeValues: { ':updatedAt': changed.updatedAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The SQS handler (a service's `syncStores` function) that keeps the service's stores table from StoreChanged. */
export function storeChangesConsumer(options: StoreTableOptions) {
  return sqsEventConsumer({
    events: [storeChanged],
    onceBy: 'a Put conditioned on a newer updatedAt: a repeat or an older snapshot writes nothing',
    handle: async (event) => {
      const written = await recordStoreChange(options, event.data);
      logger.info(written ? 'Store recorded' : 'Store change already known', { storeId: event.data.storeId });
    },
  });
}
