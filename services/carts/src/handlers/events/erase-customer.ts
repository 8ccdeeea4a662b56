import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsClient, logger } from '@shop/aws';
import { userErased } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { dynamoCustomerData } from '../../adapters/dynamo-customer-data.ts';
import { type CustomerData, eraseCustomer } from '../../domain/erasure.ts';
import { config, documentClient } from '../../wiring.ts';

let customerData: CustomerData | undefined;
const data = () => {
  customerData ??= dynamoCustomerData({
    tableName: config().CARTS_TABLE,
    client: documentClient(awsClient(new DynamoDBClient({}))),
  });
  return customerData;
};

/** The user-erasures queue consumer: UserErased removes everything carts holds of the customer. */
export const handler = sqsEventConsumer({
  events: [userErased],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    const { removed } = await eraseCustomer(event.data.userId, { customerData: data() });
    logger.info('Customer erased', { userId: event.data.userId, removed });
  },
});
