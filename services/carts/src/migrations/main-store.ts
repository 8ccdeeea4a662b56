import {
  type DynamoDBDocumentClient,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, sharedDocumentClient } from '@shop/aws';
import { DEFAULT_STORE_ID } from '@shop/contracts';

// Issue 15: everything carts held before stores belongs to `main`. The keys already say so (main's
// cart keeps its sort key `CART`, see cartSk), so nothing moves: the backfill only writes the
// `storeId` the items now carry.

type Backfilled = { table: string; scanned: number; updated: number };

/** Sets `storeId = main` where missing, one conditional Update per item: idempotent, and never over a newer write. */
async function backfill(
  client: DynamoDBDocumentClient,
  table: string,
  keyOf: (item: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<Backfilled> {
  let scanned = 0;
  let updated = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await client.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) {
      scanned += 1;
      const key = keyOf(item);
      if (!key || item.storeId !== undefined) continue;
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: 'SET storeId = :store',
            // Gone meanwhile, or written with its store by the new code: leave it.
            ConditionExpression: `attribute_exists(${Object.keys(key)[0]}) AND attribute_not_exists(storeId)`,
            ExpressionAttributeValues: { ':store': DEFAULT_STORE_ID },
          }),
        );
        updated += 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { table, scanned, updated };
}

/**
 * The one-off backfill of a deployed stage's carts tables (`npm run backfill:stores`): the carts
 * (sort key `CART`) and the products read model get `storeId = main`. Checkout key records are left
 * as they are: their key already says main, they expire within 24 hours, and an update would send
 * their CheckoutRequested again (the relay reads every changed record that carries one).
 */
export async function backfillMainStore(options: {
  stage: string;
  client?: DynamoDBDocumentClient;
}): Promise<Backfilled[]> {
  const client = options.client ?? sharedDocumentClient();
  return [
    await backfill(client, `shop-carts-${options.stage}-carts`, (item) =>
      item.sk === 'CART' ? { userId: item.userId, sk: item.sk } : undefined,
    ),
    await backfill(client, `shop-carts-${options.stage}-product-views`, (item) => ({
      productId: item.productId,
    })),
  ];
}
