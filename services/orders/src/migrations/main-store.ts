import {
  type DynamoDBDocumentClient,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, sharedDocumentClient } from '@shop/aws';
import { DEFAULT_STORE_ID } from '@shop/contracts';
import { storeStatusKey, storeUserKey } from '../adapters/order-keys.ts';

// Issue 15: every order written before stores belongs to `main`. The key (`orderId`) stays; the
// backfill writes `storeId` and the partitions of the store indexes (byStoreUser, byStoreStatus), so
// the order is listed in main again. The outbox (sent events, 7-day TTL) and the idempotency records
// (event ids) belong to no store and are left alone.

/**
 * The one-off backfill of a deployed stage's orders table (`npm run backfill:stores`), after the
 * release is deployed: each order without `storeId` gets `storeId = main`, `storeUser` and
 * `storeStatus`, on the condition that it still has no store and the status it was read with, so a
 * status change meanwhile (which moves `storeStatus`) is never overwritten: that order is left to a
 * second run. Run it again at will: a run that updates nothing is the proof that none is left.
 */
export async function backfillMainStore(options: {
  stage: string;
  client?: DynamoDBDocumentClient;
}): Promise<{ table: string; scanned: number; updated: number }[]> {
  const client = options.client ?? sharedDocumentClient();
  const table = `shop-orders-${options.stage}-orders`;
  let scanned = 0;
  let updated = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await client.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) {
      scanned += 1;
      if (item.storeId !== undefined) continue;
      const { orderId, userId, status } = item as { orderId: string; userId: string; status: string };
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: { orderId },
            UpdateExpression: 'SET storeId = :store, storeUser = :storeUser, storeStatus = :storeStatus',
            ConditionExpression: 'attribute_not_exists(storeId) AND #status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':store': DEFAULT_STORE_ID,
              ':storeUser': storeUserKey(DEFAULT_STORE_ID, userId),
              ':storeStatus': storeStatusKey(DEFAULT_STORE_ID, status),
              ':status': status,
            },
          }),
        );
        updated += 1;
      } catch (error) {
        // Its status changed meanwhile (by the new code or the old): a second run picks it up.
        if (!isConditionFailure(error)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return [{ table, scanned, updated }];
}
