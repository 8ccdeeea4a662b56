import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { mainStoreDefaults, USERS_SOURCE, userErased } from '@shop/contracts';
import { createEvent, recordingEventPublisher, snsEventPublisher, transactionalOutbox } from '@shop/events';
import { knownStoreIds, recordStoreChange } from '@shop/store-directory';
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
import { dynamoCustomerOrders } from '../src/adapters/dynamo-customer-orders.ts';
import { dynamoOrderStore } from '../src/adapters/dynamo-order-store.ts';
import { move, newOrder, toOrderView } from '../src/domain/order.ts';
import { checkout } from './fixtures.ts';
import { createTables, serviceDir } from './stack.ts';

// UserErased through the queue and subscription serverless.yml declares, to the real consumer, over
// orders written by the order store itself.
let tables: Awaited<ReturnType<typeof createTables>>;
let queueUrl: string;
let topicArn: string;
let erase: typeof import('../src/handlers/events/erase-customer.ts').handler;
let store: ReturnType<typeof dynamoOrderStore>;

const stored = async (orderId: string) =>
  (
    await documentClient().send(
      new GetCommand({ TableName: tables.orders, Key: { orderId }, ConsistentRead: true }),
    )
  ).Item;

async function placedOrder(userId: string, storeId?: string) {
  const orderId = uniqueName('order');
  const order = newOrder(checkout(orderId, userId, { storeId }), new Date());
  await store.create(order, []);
  return order;
}

async function deliverErasure(userId: string, id = `UserErased-${userId}`) {
  const event = {
    ...createEvent(userErased, { userId }, { source: USERS_SOURCE, correlationId: 'c-1' }),
    id,
  };
  await snsEventPublisher({ topicArn, client: new SNSClient({}) }).publish(userErased, event);
  const messages = await receiveMessages(queueUrl, { waitTimeSeconds: 1 });
  expect(messages).toHaveLength(1);
  const records = messages.map((message) => sqsRecord(message.body, { messageId: message.messageId }));
  return erase({ Records: records } as SQSEvent, lambdaContext('eraseCustomerOrders'));
}

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
  Object.assign(process.env, {
    ORDERS_TABLE: tables.orders,
    PROMOTIONS_TABLE: tables.promotions,
    OUTBOX_TABLE: tables.outbox,
    IDEMPOTENCY_TABLE: tables.idempotency,
    STORES_TABLE: tables.stores,
    ORDER_EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:unused',
    STOCK_REQUESTS_QUEUE_URL: 'http://127.0.0.1/unused',
  });
  const client = documentClient();
  store = dynamoOrderStore({
    tableName: tables.orders,
    client,
    outbox: transactionalOutbox({ tableName: tables.outbox, client, publisher: recordingEventPublisher() }),
  });
  erase = (await import('../src/handlers/events/erase-customer.ts')).handler;
});

describe("erasing a customer's orders", () => {
  it('keeps what accounting needs and replaces the address, country kept; other customers untouched', async () => {
    const first = await placedOrder('ada');
    const second = await placedOrder('ada');
    const confirmed = move(second, 'CONFIRMED', { at: new Date() });
    await store.apply(confirmed.change, []);
    const others = await placedOrder('bob');

    expect((await deliverErasure('ada')).batchItemFailures).toEqual([]);

    for (const order of [first, confirmed.order]) {
      const item = await stored(order.orderId);
      const view = toOrderView(item as never);
      expect(view).toEqual({
        ...toOrderView(order),
        shippingAddress: { line1: 'ERASED', city: 'ERASED', postalCode: 'ERASED', country: 'US' },
      });
      expect(item?.personalDataErasedAt).toEqual(expect.any(String));
      expect(JSON.stringify(item)).not.toMatch(/Main St|Springfield|12345/);
    }
    expect((await stored(others.orderId))?.shippingAddress).toEqual(others.shippingAddress);
  });

  it('is harmless when repeated, under the same id or another', async () => {
    const order = await placedOrder('cleo');
    expect((await deliverErasure('cleo')).batchItemFailures).toEqual([]);
    const once = await stored(order.orderId);
    expect((await deliverErasure('cleo')).batchItemFailures).toEqual([]);
    expect((await deliverErasure('cleo', uniqueName('UserErased'))).batchItemFailures).toEqual([]);
    expect(await stored(order.orderId)).toEqual(once);
  });

  it('lists every order of a customer in every known store, and skips one gone from the table', async () => {
    const stores = { tableName: tables.stores, client: documentClient() };
    const orders = dynamoCustomerOrders({
      tableName: tables.orders,
      client: documentClient(),
      storeIds: () => knownStoreIds(stores),
    });
    const paris = uniqueName('paris');
    await recordStoreChange(stores, { ...mainStoreDefaults, storeId: paris, name: 'Paris', currency: 'EUR' });
    const placed = [
      await placedOrder('dan'),
      await placedOrder('dan', paris),
      await placedOrder('dan', paris),
    ];
    await placedOrder('erin', paris);
    expect(await knownStoreIds(stores)).toEqual(expect.arrayContaining(['main', paris]));
    expect((await orders.ofCustomer('dan')).map((order) => order.orderId).sort()).toEqual(
      placed.map((order) => order.orderId).sort(),
    );
    await expect(
      orders.replaceAddress(
        'no-such-order',
        { line1: 'ERASED', city: 'ERASED', postalCode: 'ERASED', country: 'US' },
        new Date(),
      ),
    ).resolves.toBeUndefined();
    expect(await stored('no-such-order')).toBeUndefined();
  });
});
