import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@shop/aws';
import type { Address } from '@shop/validation';
import type { CustomerOrders } from '../domain/erasure.ts';

/** A customer's orders in the orders table, found through the `byUser` index. */
export function dynamoCustomerOrders(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): CustomerOrders {
  const { tableName, client } = options;
  return {
    async ofCustomer(userId) {
      const orders: Array<{ orderId: string; shippingAddress: Address }> = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const { Items = [], LastEvaluatedKey } = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byUser',
            KeyConditionExpression: 'userId = :userId',
            ExpressionAttributeValues: { ':userId': userId },
            ProjectionExpression: 'orderId, shippingAddress',
            ExclusiveStartKey: startKey,
          }),
        );
        orders.push(...(Items as typeof orders));
        startKey = LastEvaluatedKey;
      } while (startKey);
      return orders;
    },

    async replaceAddress(orderId, address, erasedAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { orderId },
            // Only the address: a status change racing with this one keeps its own write.
            UpdateExpression:
              'SET shippingAddress = :address, personalDataErasedAt = if_not_exists(personalDataErasedAt, :at)',
            ConditionExpression: 'attribute_exists(orderId)',
            ExpressionAttributeValues: { ':address': address, ':at': erasedAt.toISOString() },
          }),
        );
      } catch (error) {
        // Listed by the index but no longer in the table: nothing left to erase.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
