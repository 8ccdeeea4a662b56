import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { mainStoreDefaults, type Store } from '@shop/contracts';
import { transactionalOutbox } from '@shop/events';
import { dynamoStoreRegistry } from '../adapters/dynamo-store-registry.ts';

/** The stores service's tables on a stage, by the names serverless.yml gives them. */
export const storesTables = (stage: string) => ({
  stores: `shop-stores-${stage}-stores`,
  outbox: `shop-stores-${stage}-outbox`,
});

/**
 * The stores service's part of `npm run backfill:stores`: writes `main` (the shop as it was before
 * stores) unless it is there, with its StoreChanged in the outbox. The stage's relay publishes it
 * (the outbox stream in AWS): this runs from an operator's shell, which has no topic to publish to.
 * Safe to repeat: a `main` already written (by an earlier run, or changed by an admin) is left as it is.
 */
export async function backfillMainStore(options: {
  stage: string;
  client?: DynamoDBDocumentClient;
  now?: () => Date;
}): Promise<{ table: string; scanned: number; updated: number }[]> {
  const client = options.client ?? documentClient();
  const tables = storesTables(options.stage);
  const outbox = transactionalOutbox({
    tableName: tables.outbox,
    client,
    publisher: {
      publish: async () => {
        throw new Error('published by the relay');
      },
    },
  });
  // Committed with the store; publishing is the relay's (above), so nothing is tried here.
  const registry = dynamoStoreRegistry({
    tableName: tables.stores,
    client,
    outbox: { ...outbox, publishCommitted: async () => {} },
  });
  const at = (options.now?.() ?? new Date()).toISOString();
  const main: Store = { ...mainStoreDefaults, createdAt: at, updatedAt: at };
  const existing = await registry.find(main.storeId);
  const created = existing ? 'taken' : await registry.create(main, { correlationId: 'backfill-main-store' });
  return [{ table: tables.stores, scanned: 1, updated: created === 'created' ? 1 : 0 }];
}
