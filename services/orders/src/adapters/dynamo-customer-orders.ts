import { type DynamoDBDocumentClient, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@shop/aws';
import type { Address } from '@shop/validation';
import type { CustomerOrders } from '../domain/erasure.ts';
import { BY_STORE_USER_INDEX, storeUserKey } from './order-keys.ts';

/**
 * A customer's orders in the orders table: their partition of `byStoreUser` in each store the service
 * knows. An order is only placed in a store this service knows, so no order is missed; an index of
 * the customer's orders across stores would cost a write unit on every order change for this rare job.
 */
export function dynamoCustomerOrders(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Every store the service knows (its stores read model). */
  storeIds: () => Promise<string[]>;
}): CustomerOrders {
  const { tableName, client } = options;
  return {
    async ofCustomer(userId) {
      const orders: Array<{ orderId: string; shippingAddress: Address }> = [];
      for (const storeId of await options.storeIds()) {
        const pages = paginateQuery(
          { client },
          {
            TableName: tableName,
            IndexName: BY_STORE_USER_INDEX,
            KeyConditionExpression: 'storeUser = :storeUser',
            ExpressionAttributeValues: { ':storeUser': storeUserKey(storeId, userId) },
            ProjectionExpression: 'orderId, shippingAddress',
          },
        );
        for await (const { Items = [] } of pages) orders.push(...(Items as typeof orders));
      }
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
