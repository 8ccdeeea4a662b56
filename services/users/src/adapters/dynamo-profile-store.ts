import {
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed, isConditionFailure } from '@shop/aws';
import type { TransactionalOutbox } from '@shop/events';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import type { Profile, ProfileStore } from '../domain/profile.ts';

// A cursor holds exactly the key DynamoDB resumes from, nothing a client could abuse.
const profileCursor = z.strictObject({ userId: z.string().check(z.minLength(1)) });

type StoredProfile = Profile & { updatedAt?: string };

// Only the API's fields leave the store; bookkeeping attributes stay in the table.
const toProfile = ({ userId, email, name, addresses, createdAt }: StoredProfile): Profile => ({
  userId,
  email,
  name,
  addresses: addresses ?? [],
  createdAt,
});

/**
 * Profiles in the users table: one item per user, keyed by the Cognito `sub`. A new profile and its
 * announcement go into the table and the outbox in one transaction.
 */
export function dynamoProfileStore(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): ProfileStore {
  const { tableName, client, outbox } = options;

  const find = async (userId: string) => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { userId }, ConsistentRead: true }),
    );
    return Item ? toProfile(Item as StoredProfile) : undefined;
  };

  return {
    find,

    async create(profile, announcement) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...profile, updatedAt: profile.createdAt },
                  ConditionExpression: 'attribute_not_exists(userId)',
                },
              },
              outbox.entry(announcement),
            ],
          }),
        );
      } catch (error) {
        if (!conditionFailed(cancellationReasons(error)?.[0])) throw error;
        // Registered before (a retried trigger): the first profile stays, and its event went with it.
        const existing = await find(profile.userId);
        if (!existing) throw error;
        return { profile: existing, created: false };
      }
      await outbox.publishCommitted([announcement]);
      return { profile, created: true };
    },

    async erase(userId, announcement, { forgetEvents }) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: tableName, Key: { userId } } },
              ...forgetEvents.map((id) => ({ Delete: { TableName: outbox.tableName, Key: { id } } })),
              outbox.entry(announcement),
            ],
          }),
        );
      } catch (error) {
        // The announcement is stored already: erased before, and its event went out with that write.
        if (conditionFailed(cancellationReasons(error)?.at(-1))) return { erased: false };
        throw error;
      }
      await outbox.publishCommitted([announcement]);
      return { erased: true };
    },

    async update(userId, changes, now) {
      const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
      const values: Record<string, unknown> = { ':updatedAt': now.toISOString() };
      const sets = ['#updatedAt = :updatedAt'];
      for (const [field, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { userId },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(userId)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toProfile(Attributes as StoredProfile);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async list({ limit, cursor }) {
      const startKey = cursor === undefined ? undefined : decodeCursor(cursor, profileCursor);
      // `limit + 1` tells whether another page exists without ever ending on an empty page.
      const { Items = [], LastEvaluatedKey } = await client.send(
        new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, Limit: limit + 1 }),
      );
      const page = (Items as StoredProfile[]).slice(0, limit);
      const last = page.at(-1);
      // A scan may also stop short at 1 MB; then DynamoDB's own key says where to go on.
      const resumeFrom =
        Items.length > limit ? last?.userId : (LastEvaluatedKey?.userId as string | undefined);
      return {
        items: page.map(toProfile),
        nextCursor: resumeFrom ? encodeCursor({ userId: resumeFrom }) : null,
      };
    },
  };
}
