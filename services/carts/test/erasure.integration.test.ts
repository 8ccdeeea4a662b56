import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { USERS_SOURCE, type UserErased, userErased, userRegistered } from '@shop/contracts';
import { createEvent, snsEventPublisher } from '@shop/events';
import {
  createServiceQueue,
  lambdaContext,
  receiveMessages,
  sqsRecord,
  subscribeAsDeclared,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoCustomerData } from '../src/adapters/dynamo-customer-data.ts';
import {
  checkoutRequestsQueue,
  createTables,
  serviceDir,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// UserErased through the queue and subscription serverless.yml declares, to the real consumer.
let tables: Tables;
let queueUrl: string;
let topicArn: string;
let erase: typeof import('../src/handlers/events/erase-customer.ts').handler;

const client = () => documentClient();
const partition = async (userId: string) =>
  (
    await client().send(
      new QueryCommand({
        TableName: tables.carts,
        KeyConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

/**
 * A cart with a line and a checkout in flight, and `keys` checkout key records, as carts writes them
 * (main's as before stores), and a cart in the store `berlin`.
 */
async function customerWithCart(userId: string, keys = 1) {
  await client().send(
    new PutCommand({
      TableName: tables.carts,
      Item: {
        userId,
        sk: 'CART',
        lines: [{ productId: 'p-1', quantity: 2, addedAt: '2026-01-01T00:00:00.000Z' }],
        checkouts: [{ orderId: `o-${userId}`, lines: [{ productId: 'p-1', quantity: 2 }] }],
        version: 3,
      },
    }),
  );
  // Their cart in a second store sits in the same partition: erasure spans every store.
  await client().send(
    new PutCommand({
      TableName: tables.carts,
      Item: { userId, sk: 'CART#berlin', storeId: 'berlin', lines: [], checkouts: [], version: 1 },
    }),
  );
  for (let key = 0; key < keys; key++) {
    await client().send(
      new PutCommand({
        TableName: tables.carts,
        Item: { userId, sk: `CHECKOUT#${key}`, orderId: `o-${key}`, fingerprint: 'sha-256 of a body' },
      }),
    );
  }
}

/** Publishes on the topic and hands the queue's messages to the consumer, as the event source mapping does. */
async function deliver(event: UserErased) {
  await snsEventPublisher({ topicArn, client: new SNSClient({}) }).publish(userErased, event);
  const messages = await receiveMessages(queueUrl, { waitTimeSeconds: 1 });
  const records = messages.map((message) => sqsRecord(message.body, { messageId: message.messageId }));
  const result = await erase({ Records: records } as SQSEvent, lambdaContext('eraseCustomer'));
  return { delivered: messages.length, failed: result.batchItemFailures };
}

const erasedEvent = (userId: string) => {
  const event = createEvent(userErased, { userId }, { source: USERS_SOURCE, correlationId: 'c-1' });
  return { ...event, id: `UserErased-${userId}` };
};

beforeAll(async () => {
  useEmulator();
  tables = await createTables();
  const queue = await createServiceQueue(serviceDir, 'UserErasuresQueue');
  queueUrl = queue.url;
  const { TopicArn } = await new SNSClient({}).send(
    new CreateTopicCommand({ Name: uniqueName('user-events') }),
  );
  topicArn = TopicArn as string;
  await subscribeAsDeclared(serviceDir, 'UserErasuresSubscription', topicArn, queue.arn);
  serviceEnvironment(tables, await checkoutRequestsQueue());
  erase = (await import('../src/handlers/events/erase-customer.ts')).handler;
});

describe("erasing a customer's carts data", () => {
  it("deletes the customer's cart and checkout records on UserErased, and nobody else's", async () => {
    await customerWithCart('ada', 2);
    await customerWithCart('bob');
    const { delivered, failed } = await deliver(erasedEvent('ada'));
    expect(delivered).toBe(1);
    expect(failed).toEqual([]);
    expect(await partition('ada')).toEqual([]);
    expect((await partition('bob')).map((item) => item.sk)).toEqual(['CART', 'CART#berlin', 'CHECKOUT#0']);
  });

  it('is harmless when the same erasure comes again, or once more under another id', async () => {
    await customerWithCart('cleo');
    const event = erasedEvent('cleo');
    expect((await deliver(event)).failed).toEqual([]);
    expect((await deliver(event)).failed).toEqual([]);
    expect((await deliver({ ...event, id: uniqueName('UserErased') })).failed).toEqual([]);
    expect(await partition('cleo')).toEqual([]);
  });

  it('gets only UserErased from the user-events topic (the filter policy)', async () => {
    const registered = createEvent(
      userRegistered,
      { userId: 'dan', email: 'dan@example.com', name: 'Dan' },
      { source: USERS_SOURCE, correlationId: 'c-2' },
    );
    const publisher = snsEventPublisher({ topicArn, client: new SNSClient({}) });
    await publisher.publish(userRegistered, registered);
    expect(await receiveMessages(queueUrl, { waitTimeSeconds: 1 })).toEqual([]);
    // An event the consumer does not know fails alone (and ends in the DLQ after its retries).
    const stray = { ...erasedEvent('dan'), id: uniqueName('stray'), type: 'OrderPlaced' };
    const result = await erase({ Records: [sqsRecord(stray)] } as SQSEvent, lambdaContext('eraseCustomer'));
    expect(result.batchItemFailures).toHaveLength(1);
  });
});

describe('the customer data adapter', () => {
  it('erases a partition larger than one batch', async () => {
    await customerWithCart('eve', 80);
    const data = dynamoCustomerData({ tableName: tables.carts, client: client() });
    expect(await data.eraseAll('eve')).toBe(82);
    expect(await partition('eve')).toEqual([]);
    expect(await data.eraseAll('eve')).toBe(0);
  });
});
