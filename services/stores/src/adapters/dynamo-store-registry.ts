import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, lostRace } from '@shop/aws';
import { STORES_SOURCE, storeChanged } from '@shop/contracts';
import { createEvent, type TransactionalOutbox } from '@shop/events';
import type { StoreRecord } from '../domain/store.ts';
import type { ChangeContext, StoreRegistry } from '../domain/store-management.ts';

/** Every store on one partition of the list index, sorted by storeId: a deployment has a handful. */
const LIST_INDEX = 'storeList';
const LISTED = 'stores';

type StoredStore = StoreRecord & { listed: typeof LISTED };

function toStore(item: Record<string, unknown>): StoreRecord {
  const { listed: _listed, ...store } = item as StoredStore;
  return store;
}

/**
 * The stores table (one item per store with its checkout settings, key `storeId`, on the `storeList`
 * index) and a StoreChanged with every write, in the same transaction, through the outbox.
 */
export function dynamoStoreRegistry(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): StoreRegistry {
  const { tableName, client, outbox } = options;

  /**
   * Writes the store under `condition` with its StoreChanged, then publishes it; false when the store's
   * write lost to another writer (its condition, or a concurrent transaction), and nothing was written.
   */
  async function commit(
    store: StoreRecord,
    condition: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> },
    context: ChangeContext | undefined,
  ): Promise<boolean> {
    const event = createEvent(storeChanged, store, {
      source: STORES_SOURCE,
      correlationId: context?.correlationId,
    });
    const item: StoredStore = { ...store, listed: LISTED };
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: tableName, Item: item, ...condition } }, outbox.entry(event)],
        }),
      );
    } catch (error) {
      if (lostRace(cancellationReasons(error)?.[0])) return false;
      throw error;
    }
    await outbox.publishCommitted([event]);
    return true;
  }

  return {
    async find(storeId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { storeId }, ConsistentRead: true }),
      );
      return Item ? toStore(Item) : undefined;
    },

    async list({ after, limit }) {
      // A Query page stops at 1 MB: stores with many shipping options could end it before `limit`,
      // and a short page would read as the last one. Read on until `limit` or the end.
      const found: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const { Items = [], LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: LIST_INDEX,
            KeyConditionExpression:
              after === undefined ? 'listed = :listed' : 'listed = :listed AND storeId > :after',
            ExpressionAttributeValues: {
              ':listed': LISTED,
              ...(after === undefined ? {} : { ':after': after }),
            },
            Limit: limit - found.length,
            ExclusiveStartKey: start,
          }),
        );
        found.push(...Items);
        start = LastEvaluatedKey;
      } while (start && found.length < limit);
      return found.map(toStore);
    },

    async create(store, context) {
      const written = await commit(store, { ConditionExpression: 'attribute_not_exists(storeId)' }, context);
      return written ? 'created' : 'taken';
    },

    async replace(next, previous, context) {
      // Pinned to the `updatedAt` read, which every write moves forward: a change in between fails it.
      const condition = previous
        ? {
            ConditionExpression: 'updatedAt = :seen',
            ExpressionAttributeValues: { ':seen': previous.updatedAt },
          }
        : { ConditionExpression: 'attribute_not_exists(storeId)' };
      return (await commit(next, condition, context)) ? 'written' : 'lost';
    },
  };
}
