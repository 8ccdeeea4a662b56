import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Recipient } from '../domain/notification.ts';
import type { AddressBook } from '../domain/notifier.ts';

/** The address book in DynamoDB: one item per user, as its UserRegistered event told it. */
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
      return { userId: Item.userId, email: Item.email, name: Item.name } as Recipient;
    },

    async save(recipient) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...recipient, updatedAt: new Date().toISOString() },
        }),
      );
    },
  };
}
