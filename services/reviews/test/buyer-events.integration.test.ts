import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { orderDelivered, orderShipped, userRegistered } from '@shop/contracts';
import { createEvent, type EventDefinition, type EventEnvelope, snsEventPublisher } from '@shop/events';
import {
  createServiceQueue,
  receiveMessages,
  sqsRecord,
  subscribeAsDeclared,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoBuyerRecords } from '../src/adapters/dynamo-buyer-records.ts';
import {
  createTables,
  deliver,
  deliveredOrder,
  productRatingsQueue,
  registered,
  serviceDir,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// OrderDelivered and UserRegistered through the queue and the subscriptions serverless.yml declares,
// to the real consumer, over the buyers table as declared.
let tables: Tables;
let queueUrl: string;
let topics: { orders: string; users: string };
let recordBuyers: typeof import('../src/handlers/events/record-buyers.ts').handler;
let buyers: ReturnType<typeof dynamoBuyerRecords>;

const partition = async (userId: string) =>
  (
    await documentClient().send(
      new QueryCommand({
        TableName: tables.buyers,
        KeyConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

/** Publishes on the topic as its producer does, and hands what reached the queue to the consumer. */
async function publishAndConsume(topicArn: string, ...events: EventEnvelope[]) {
  const publisher = snsEventPublisher({ topicArn, client: new SNSClient({}) });
  const definitions: EventDefinition[] = [orderDelivered, orderShipped, userRegistered];
  for (const event of events) {
    const definition = definitions.find((candidate) => candidate.type === event.type) as EventDefinition;
    await publisher.publish(definition, event);
  }
  const messages = await receiveMessages(queueUrl, { waitTimeSeconds: 1 });
  const records = messages.map((message) => sqsRecord(message.body, { messageId: message.messageId }));
  if (records.length > 0) expect(await deliver(recordBuyers, ...records)).toEqual([]);
  return messages.length;
}

beforeAll(async () => {
  useEmulator();
  const sns = new SNSClient({});
  const [created, queue, ratings, orderTopic, userTopic] = await Promise.all([
    createTables(),
    createServiceQueue(serviceDir, 'BuyerEventsQueue'),
    productRatingsQueue(),
    sns.send(new CreateTopicCommand({ Name: uniqueName('order-events') })),
    sns.send(new CreateTopicCommand({ Name: uniqueName('user-events') })),
  ]);
  tables = created;
  queueUrl = queue.url;
  topics = { orders: orderTopic.TopicArn as string, users: userTopic.TopicArn as string };
  await subscribeAsDeclared(serviceDir, 'OrderEventsSubscription', topics.orders, queue.arn);
  await subscribeAsDeclared(serviceDir, 'UserEventsSubscription', topics.users, queue.arn);
  serviceEnvironment(tables, ratings);
  vi.resetModules();
  recordBuyers = (await import('../src/handlers/events/record-buyers.ts')).handler;
  buyers = dynamoBuyerRecords({ tableName: tables.buyers, client: documentClient() });
});

describe('OrderDelivered makes a verified buyer', () => {
  it('of each product of the order, in its store; the other order steps never reach the queue', async () => {
    const userId = uniqueName('u');
    const delivery = deliveredOrder(userId, ['p-lamp', 'p-desk', 'p-lamp'], {
      storeId: 'berlin',
      currency: 'EUR',
    });
    const shipped = createEvent(
      orderShipped,
      { ...deliveredOrder(userId, ['p-chair']).data, status: 'SHIPPED' },
      { source: 'orders' },
    );
    expect(await publishAndConsume(topics.orders, shipped, delivery)).toBe(1);
    expect(await buyers.standing(userId, 'berlin', 'p-lamp')).toMatchObject({ received: true });
    expect(await buyers.standing(userId, 'berlin', 'p-desk')).toMatchObject({ received: true });
    expect(await buyers.standing(userId, 'main', 'p-lamp')).toMatchObject({ received: false });
    expect(await buyers.standing(userId, 'main', 'p-chair')).toMatchObject({ received: false });
  });

  it('once: a redelivered event (the same message, or the same event again) changes nothing', async () => {
    const userId = uniqueName('u');
    const delivery = deliveredOrder(userId, ['p-lamp']);
    await publishAndConsume(topics.orders, delivery);
    const before = await partition(userId);
    expect(before).toHaveLength(1);
    // SQS redelivers the very message; the topic delivers the event twice.
    expect(await deliver(recordBuyers, sqsRecord(delivery), sqsRecord(delivery))).toEqual([]);
    expect(await publishAndConsume(topics.orders, delivery)).toBe(1);
    expect(await partition(userId)).toEqual(before);
  });

  it('keeps the name of UserRegistered (never the email) for the reviews to show', async () => {
    const userId = uniqueName('u');
    const registration = registered(userId, 'Grace Hopper');
    await publishAndConsume(topics.users, registration);
    expect(await buyers.standing(userId, 'main', 'p-lamp')).toEqual({
      received: false,
      name: 'Grace Hopper',
      erased: false,
    });
    expect(JSON.stringify(await partition(userId))).not.toContain(registration.data.email);
  });

  it('records nothing for an erased user, whatever arrives after the erasure', async () => {
    const userId = uniqueName('u');
    await buyers.markErased(userId, new Date());
    await publishAndConsume(topics.users, registered(userId, 'Late Name'));
    await publishAndConsume(topics.orders, deliveredOrder(userId, ['p-lamp']));
    expect(await buyers.standing(userId, 'main', 'p-lamp')).toEqual({
      received: false,
      name: undefined,
      erased: true,
    });
    expect((await partition(userId)).map((item) => item.entry)).toEqual(['profile']);
  });

  it('records an order of more products than one transaction holds', async () => {
    const userId = uniqueName('u');
    const productIds = Array.from({ length: 100 }, (_, index) => `p-${index}`);
    expect(await deliver(recordBuyers, sqsRecord(deliveredOrder(userId, productIds)))).toEqual([]);
    expect(await buyers.purchasesOf(userId)).toHaveLength(100);
  });
});
