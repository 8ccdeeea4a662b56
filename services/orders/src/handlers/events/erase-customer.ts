import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsClient, logger } from '@shop/aws';
import { userErased } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { dynamoCustomerOrders } from '../../adapters/dynamo-customer-orders.ts';
import { type CustomerOrders, eraseCustomerOrders } from '../../domain/erasure.ts';
import { config, documentClient } from '../../wiring.ts';

let customerOrders: CustomerOrders | undefined;
const orders = () => {
  customerOrders ??= dynamoCustomerOrders({
    tableName: config().ORDERS_TABLE,
    client: documentClient(awsClient(new DynamoDBClient({}))),
  });
  return customerOrders;
};

/** The user-erasures queue consumer: UserErased takes the address out of every order of the customer. */
export const handler = sqsEventConsumer({
  events: [userErased],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    const outcome = await eraseCustomerOrders(event.data.userId, { orders: orders() });
    logger.info('Customer orders erased', { userId: event.data.userId, ...outcome });
  },
});
