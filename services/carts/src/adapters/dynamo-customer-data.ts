import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerData } from '../domain/erasure.ts';

// BatchWriteItem takes 25 requests at most; what DynamoDB leaves unprocessed is sent again.
const BATCH = 25;
const ATTEMPTS = 5;

/** The customer's partition of the carts table (the cart and the checkout key records), erased. */
export function dynamoCustomerData(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): CustomerData {
  const { tableName, client } = options;

  async function deleteKeys(keys: Array<Record<string, unknown>>): Promise<void> {
    let requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > ATTEMPTS)
        throw new Error(`${requests.length} cart items were left after ${ATTEMPTS} attempts`);
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }

  return {
    async eraseAll(userId) {
      let removed = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const { Items = [], LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'userId = :userId',
            ExpressionAttributeValues: { ':userId': userId },
            ProjectionExpression: 'userId, sk',
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (let start = 0; start < Items.length; start += BATCH)
          await deleteKeys(Items.slice(start, start + BATCH));
        removed += Items.length;
        startKey = LastEvaluatedKey;
      } while (startKey);
      return removed;
    },
  };
}
