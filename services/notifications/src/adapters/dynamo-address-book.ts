import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@shop/aws';
import type { Recipient } from '../domain/notification.ts';
import { type AddressBook, ERASED } from '../domain/notifier.ts';

/**
 * The address book in DynamoDB: one item per user, as its UserRegistered event told it; an erased
 * user's item keeps only `userId` and `erasedAt`.
 */
export function dynamoAddressBook(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): AddressBook {
  const { tableName, client } = options;
  return {
    async find(userId) {
      // Strongly consistent: a retried order event must see a UserRegistered handled a moment ago.
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { userId }, ConsistentRead: true }),
      );
      if (!Item) return undefined;
      if (Item.erasedAt) return ERASED;
      return { userId: Item.userId, email: Item.email, name: Item.name } as Recipient;
    },

    async save(recipient) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...recipient, updatedAt: new Date().toISOString() },
            ConditionExpression: 'attribute_not_exists(erasedAt)',
          }),
        );
        return 'saved';
      } catch (error) {
        if (isConditionFailure(error)) return ERASED;
        throw error;
      }
    },

    async erase(userId, at) {
      // Also for a user not known yet: their UserRegistered may still be on its way.
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { userId },
          UpdateExpression: 'SET erasedAt = if_not_exists(erasedAt, :at) REMOVE email, #name, updatedAt',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    },
  };
}
