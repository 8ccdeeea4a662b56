import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@shop/aws';
import { DEFAULT_STORE_ID } from '@shop/contracts';
import { ValidationError } from '@shop/errors';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import { type StoredNotification, toView } from '../domain/notification.ts';
import type { NotificationStore } from '../domain/notifier.ts';

/** A user's list in one store: keys only (storeUser, createdAt, notificationId), so a status change never writes to it. */
const STORE_USER_INDEX = 'byStoreUserKeys';

/** The partition of a user's list in one store. */
export const storeUserKey = (storeId: string, userId: string) => `${storeId}#${userId}`;

// A cursor holds exactly the index and table keys DynamoDB needs to resume, nothing else.
const listCursor = z.strictObject({
  storeUser: z.string().check(z.minLength(1)),
  createdAt: z.string().check(z.minLength(1)),
  notificationId: z.string().check(z.minLength(1)),
});

// BatchWriteItem takes 25 requests at most; what DynamoDB leaves unprocessed is sent again.
const BATCH = 25;
const ATTEMPTS = 5;

/**
 * Notifications in DynamoDB: one item per notification keyed by `notificationId` (the id of the
 * event it reports); the keys-only `byStoreUserKeys` index (`<storeId>#<userId>`, createdAt) for a
 * user's list in a store, whose page is then read by key, and for an erasure, in every store the
 * service knows (a notification is only written for a store it knows: the email names it).
 */
export function dynamoNotificationStore(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Every store the service knows (its stores read model): where an erasure looks. */
  storeIds: () => Promise<string[]>;
}): NotificationStore {
  const { tableName, client } = options;

  async function setStatus(notificationId: string, from: string, values: Record<string, unknown>) {
    const names: Record<string, string> = { '#status': 'status' };
    const assignments: string[] = [];
    const expressionValues: Record<string, unknown> = { ':from': from };
    for (const [name, value] of Object.entries(values)) {
      names[`#${name}`] = name;
      expressionValues[`:${name}`] = value;
      assignments.push(`#${name} = :${name}`);
    }
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { notificationId },
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: expressionValues,
      }),
    );
  }

  async function deleteKeys(keys: Array<Record<string, unknown>>): Promise<void> {
    let requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > ATTEMPTS)
        throw new Error(`${requests.length} notifications were left after ${ATTEMPTS} attempts`);
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }

  // The page's notifications by key, in the index's order; what DynamoDB leaves unprocessed is asked again.
  async function readAll(ids: string[]): Promise<StoredNotification[]> {
    const byId = new Map<string, StoredNotification>();
    let keys = ids.map((notificationId) => ({ notificationId }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`${keys.length} notifications could not be read`);
      const { Responses, UnprocessedKeys } = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
      );
      for (const item of (Responses?.[tableName] ?? []) as StoredNotification[])
        byId.set(item.notificationId, item);
      keys = (UnprocessedKeys?.[tableName]?.Keys ?? []) as typeof keys;
    }
    // A notification erased between the query and the read is left out.
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    async claim(notification) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...notification,
              storeUser: storeUserKey(notification.storeId ?? DEFAULT_STORE_ID, notification.userId),
            },
            // Once per event id; a FAILED one (SES refused it, nothing went out) may be claimed again.
            ConditionExpression: 'attribute_not_exists(notificationId) OR #status = :failed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':failed': 'FAILED' },
          }),
        );
        return { claimed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { notificationId: notification.notificationId },
          ConsistentRead: true,
        }),
      );
      return { claimed: false, existing: Item as StoredNotification };
    },

    async markSent(notificationId, sentAt, providerMessageId) {
      await setStatus(notificationId, 'PENDING', { status: 'SENT', sentAt, providerMessageId });
    },

    async markFailed(notificationId, failure) {
      await setStatus(notificationId, 'PENDING', { status: 'FAILED', failure });
    },

    async markUnknown(notificationId) {
      try {
        await setStatus(notificationId, 'PENDING', { status: 'UNKNOWN' });
      } catch (error) {
        // Another attempt finished it meanwhile: nothing is unknown any more.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async listForUser(storeId, userId, { limit, cursor }) {
      const storeUser = storeUserKey(storeId, userId);
      const startKey = cursor === undefined ? undefined : decodeCursor(cursor, listCursor);
      // Another user's cursor, or one of this user's in another store: never a page of either.
      if (startKey && startKey.storeUser !== storeUser) {
        throw new ValidationError('The cursor belongs to another listing.', [
          { field: 'cursor', message: 'does not belong to this listing' },
        ]);
      }
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: STORE_USER_INDEX,
          KeyConditionExpression: 'storeUser = :storeUser',
          ExpressionAttributeValues: { ':storeUser': storeUser },
          ExclusiveStartKey: startKey,
          ScanIndexForward: false,
          // One more than asked tells whether another page exists without an empty last page.
          Limit: limit + 1,
        }),
      );
      const found = (result.Items ?? []) as Array<Pick<StoredNotification, 'notificationId' | 'createdAt'>>;
      const items = await readAll(found.slice(0, limit).map(({ notificationId }) => notificationId));
      const last = items.at(-1);
      const nextCursor =
        found.length > limit && last
          ? encodeCursor({
              storeUser,
              createdAt: last.createdAt,
              notificationId: last.notificationId,
            })
          : null;
      return { items: items.map(toView), nextCursor };
    },

    async deleteForUser(userId) {
      let deleted = 0;
      for (const storeId of await options.storeIds()) {
        const pages = paginateQuery(
          { client },
          {
            TableName: tableName,
            IndexName: STORE_USER_INDEX,
            KeyConditionExpression: 'storeUser = :storeUser',
            ExpressionAttributeValues: { ':storeUser': storeUserKey(storeId, userId) },
            ProjectionExpression: 'notificationId',
          },
        );
        for await (const { Items = [] } of pages) {
          for (let start = 0; start < Items.length; start += BATCH) {
            await deleteKeys(
              Items.slice(start, start + BATCH).map(({ notificationId }) => ({ notificationId })),
            );
          }
          deleted += Items.length;
        }
      }
      return deleted;
    },
  };
}
