import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { EventEnvelope } from '@shop/events';
import {
  createServiceQueue,
  createServiceTables,
  receiveJson,
  subscribeAsDeclared,
  uniqueName,
} from '@shop/testing';
import type { DynamoDBRecord } from 'aws-lambda';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = {
  carts: string;
  productViews: string;
  promotionViews: string;
  idempotency: string;
  stores: string;
};

/** Creates every table of this service in the emulator, as serverless.yml declares them, under fresh names. */
export const createTables = (): Promise<Tables> =>
  createServiceTables(serviceDir, {
    carts: 'CartsTable',
    productViews: 'ProductViewsTable',
    promotionViews: 'PromotionViewsTable',
    idempotency: 'IdempotencyTable',
    stores: 'StoresTable',
  });

/** A queue standing in for orders' CheckoutRequestsQueue, to read what checkout sent. */
export async function checkoutRequestsQueue(): Promise<string> {
  const { QueueUrl } = await new SQSClient({}).send(
    new CreateQueueCommand({ QueueName: uniqueName('checkout-requests') }),
  );
  return QueueUrl as string;
}

/**
 * The incoming-events queue and its DLQ as serverless.yml declares them, subscribed to a product-events
 * and an order-events topic with the declared subscriptions' filter policies.
 */
export async function incomingEvents() {
  const queue = await createServiceQueue(serviceDir, 'IncomingEventsQueue');
  const sns = new SNSClient({});
  const topic = async (subscription: string) => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName(subscription) }));
    await subscribeAsDeclared(serviceDir, subscription, TopicArn as string, queue.arn);
    return TopicArn as string;
  };
  return {
    queueUrl: queue.url,
    deadLetterQueueUrl: queue.dlqUrl as string,
    productEventsTopicArn: await topic('ProductEventsSubscription'),
    orderEventsTopicArn: await topic('OrderEventsSubscription'),
  };
}

/** Every event on a queue so far (read and deleted). */
export const drain = (queueUrl: string) => receiveJson<EventEnvelope>(queueUrl);

/** Points this worker's handlers at the given tables, queue and pool, as serverless.yml does in AWS. */
export function serviceEnvironment(
  tables: Tables,
  checkoutQueueUrl: string,
  pool?: { userPoolId: string; clientId: string },
): void {
  Object.assign(process.env, {
    CARTS_TABLE: tables.carts,
    PRODUCT_VIEWS_TABLE: tables.productViews,
    PROMOTION_VIEWS_TABLE: tables.promotionViews,
    IDEMPOTENCY_TABLE: tables.idempotency,
    STORES_TABLE: tables.stores,
    CHECKOUT_REQUESTS_QUEUE_URL: checkoutQueueUrl,
    // The limits every stage sets in stages.yml.
    MAX_OPEN_ORDERS_PER_CUSTOMER: '5',
    MAX_OPEN_UNITS_PER_PRODUCT: '20',
    ...(pool ? { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId } : {}),
  });
}

/**
 * The carts table's stream as the relay gets it: a record (with its new image) for every checkout record
 * written since the last call. Read off the table itself, in the stream's own attribute format, since
 * the emulator's stream is the local platform's to poll.
 */
export function checkoutRecordStream(cartsTable: string) {
  const seen = new Set<string>();
  const dynamodb = new DynamoDBClient({});
  return async (): Promise<DynamoDBRecord[]> => {
    const { Items = [] } = await dynamodb.send(
      new ScanCommand({
        TableName: cartsTable,
        FilterExpression: 'begins_with(sk, :checkout)',
        ExpressionAttributeValues: { ':checkout': { S: 'CHECKOUT#' } },
        ConsistentRead: true,
      }),
    );
    const fresh = Items.filter((item) => {
      const key = `${item.userId?.S}|${item.sk?.S}|${item.createdAt?.S}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // The stream's attribute values are the table's own (the Lambda types name them apart).
    return fresh.map(
      (item, index) =>
        ({
          eventName: 'INSERT',
          dynamodb: {
            Keys: { userId: item.userId, sk: item.sk },
            NewImage: item as Record<string, AttributeValue>,
            SequenceNumber: `${Date.now()}${index}`,
          },
        }) as unknown as DynamoDBRecord,
    );
  };
}
