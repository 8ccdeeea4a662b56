import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionFailure } from '@shop/aws';
import { DEFAULT_STORE_ID } from '@shop/contracts';
import { storeUserKey } from '../adapters/dynamo-notification-store.ts';

/** The notifications table of a stage, by the name serverless.yml gives it. */
export const notificationsTable = (stage: string) => `shop-notifications-${stage}-notifications`;

/**
 * Gives every notification written before stores its store, `main`, and the key of the store-scoped
 * list index (`storeUser`), so `GET /notifications` lists it in `main`. Scans the table a page at a
 * time (a one-off; no route ever scans); each write is conditioned on the item still lacking
 * `storeUser`, so a second run, or a notification written meanwhile by the new code, changes nothing.
 * The address book and the idempotency records are a person's and an event's, not a store's: untouched.
 */
export async function backfillMainStore(options: {
  stage: string;
  client?: DynamoDBDocumentClient;
  /** The table, when it is not the stage's own (tests). */
  tableName?: string;
}): Promise<{ table: string; scanned: number; updated: number }[]> {
  const client = options.client ?? documentClient();
  const table = options.tableName ?? notificationsTable(options.stage);
  let scanned = 0;
  let updated = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'notificationId, userId, storeId, storeUser',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      scanned += 1;
      if (item.storeUser !== undefined) continue;
      const storeId = typeof item.storeId === 'string' ? item.storeId : DEFAULT_STORE_ID;
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: { notificationId: item.notificationId },
            UpdateExpression: 'SET storeId = if_not_exists(storeId, :store), storeUser = :storeUser',
            ConditionExpression: 'attribute_exists(notificationId) AND attribute_not_exists(storeUser)',
            ExpressionAttributeValues: {
              ':store': storeId,
              ':storeUser': storeUserKey(storeId, String(item.userId)),
            },
          }),
        );
        updated += 1;
      } catch (error) {
        // Given its store meanwhile, or erased: nothing to do.
        if (!isConditionFailure(error)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return [{ table, scanned, updated }];
}
