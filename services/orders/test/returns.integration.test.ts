import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { documentClient } from '@shop/aws';
import { type EventEnvelope, recordingEventPublisher, transactionalOutbox } from '@shop/events';
import {
  createServiceQueue,
  httpEvent,
  invokeHttp,
  lambdaContext,
  receiveMessages,
  sqsRecord,
  subscribeAsDeclared,
  testUserPool,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoOrderStore } from '../src/adapters/dynamo-order-store.ts';
import { move, newOrder } from '../src/domain/order.ts';
import { checkout } from './fixtures.ts';
import { createTables, drain, type Person, type SqsHandler, serviceDir } from './stack.ts';

// The return routes and the refunds consumer against the emulator, with the tables, the RefundsQueue
// and its subscription as serverless.yml declares them; products and notifications played by queues.
let tables: Awaited<ReturnType<typeof createTables>>;
let topicListener: string;
let stockRequestsQueue: string;
let refundsQueue: string;
let alice: Person;
let bob: Person;
let admin: Person;
let changeReturns: Parameters<typeof invokeHttp>[0];
let getOrder: Parameters<typeof invokeHttp>[0];
let refunds: SqsHandler;

beforeAll(async () => {
  useEmulator();
  const [created, topic, stockRequests, refundQueue, pool] = await Promise.all([
    createTables(),
    topicWithListener('order-events'),
    new SQSClient({}).send(new CreateQueueCommand({ QueueName: uniqueName('stock-requests') })),
    createServiceQueue(serviceDir, 'RefundsQueue'),
    testUserPool('orders-returns'),
  ]);
  tables = created;
  topicListener = topic.listenerUrl;
  stockRequestsQueue = stockRequests.QueueUrl as string;
  refundsQueue = refundQueue.url;
  await subscribeAsDeclared(serviceDir, 'RefundsSubscription', topic.topicArn, refundQueue.arn);
  Object.assign(process.env, {
    ORDERS_TABLE: tables.orders,
    PROMOTIONS_TABLE: tables.promotions,
    OUTBOX_TABLE: tables.outbox,
    IDEMPOTENCY_TABLE: tables.idempotency,
    STORES_TABLE: tables.stores,
    ORDER_EVENTS_TOPIC_ARN: topic.topicArn,
    STOCK_REQUESTS_QUEUE_URL: stockRequestsQueue,
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.clientId,
  });
  [alice, bob, admin] = await Promise.all([
    pool.signIn('alice'),
    pool.signIn('bob'),
    pool.signIn('admin', ['admin']),
  ]);
  changeReturns = (await import('../src/handlers/returns/change.ts')).handler;
  getOrder = (await import('../src/handlers/orders/get.ts')).handler;
  refunds = (await import('../src/handlers/saga/refunds.ts')).handler;
});

/** A DELIVERED order of alice's (3 × 1000 lamp, 1 × 2500 shade), delivered `daysAgo` days ago. */
async function deliveredOrder(daysAgo = 1): Promise<string> {
  const orderId = uniqueName('order');
  const at = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  let order = newOrder(checkout(orderId, alice.userId), at(daysAgo + 3));
  const payment = { authorizationId: `auth-${orderId}`, status: 'AUTHORIZED' as const };
  order = move(order, 'CONFIRMED', { at: at(daysAgo + 3), payment }).order;
  order = move(order, 'SHIPPED', { at: at(daysAgo + 2) }).order;
  order = move(order, 'DELIVERED', { at: at(daysAgo) }).order;
  const client = documentClient();
  const outbox = transactionalOutbox({
    tableName: tables.outbox,
    client,
    publisher: recordingEventPublisher(),
  });
  await dynamoOrderStore({ tableName: tables.orders, client, outbox }).create(order, []);
  return orderId;
}

async function route(
  routeKey: string,
  options: { token: string; orderId: string; returnId?: string; body?: unknown },
) {
  const event = httpEvent(routeKey, {
    token: options.token,
    pathParameters: {
      orderId: options.orderId,
      ...(options.returnId ? { returnId: options.returnId } : {}),
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const handler = routeKey.startsWith('GET') ? getOrder : changeReturns;
  const answer = await invokeHttp(handler, event, lambdaContext('changeReturns'));
  // The answers' fields as the tests read them (a return's id; the rest is compared as it is).
  return {
    status: answer.status,
    body: (answer.body ?? {}) as { returnId: string; [field: string]: unknown },
  };
}

const ask = (orderId: string, body: unknown, token = alice.token) =>
  route('POST /orders/{orderId}/returns', { token, orderId, body });
const receive = (orderId: string, returnId: string, token = admin.token) =>
  route('POST /orders/{orderId}/returns/{returnId}/receive', { token, orderId, returnId });
const reject = (orderId: string, returnId: string, reason: unknown, token = admin.token) =>
  route('POST /orders/{orderId}/returns/{returnId}/reject', { token, orderId, returnId, body: { reason } });

const published: EventEnvelope[] = [];
const sentToProducts: EventEnvelope[] = [];
async function sentFor(orderId: string) {
  published.push(...(await drain(topicListener)));
  sentToProducts.push(...(await drain(stockRequestsQueue)));
  const mine = (events: EventEnvelope[]) =>
    events.filter((event) => (event.data as { orderId?: string }).orderId === orderId);
  return { topic: mine(published), products: mine(sentToProducts) };
}

/** Hands everything waiting on the RefundsQueue to the refunds consumer, as SQS would. */
async function deliverRefunds() {
  const messages = await receiveMessages(refundsQueue);
  const records = messages.map((message) => sqsRecord(message.body));
  if (records.length === 0) return { records, failures: [] };
  const answer = await refunds({ Records: records } as SQSEvent, lambdaContext('refundPayments'));
  return { records, failures: answer.batchItemFailures };
}

describe('returns through the routes', () => {
  it('takes a return of a delivered order (201) and shows it on the order', async () => {
    const orderId = await deliveredOrder();

    const asked = await ask(orderId, { lines: [{ variantId: 'p-lamp', quantity: 1 }], reason: 'Too bright' });

    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      orderId,
      status: 'REQUESTED',
      lines: [{ productId: 'p-lamp', variantId: 'p-lamp', quantity: 1, refundAmount: 1000 }],
      refundAmount: 1000,
      reason: 'Too bright',
    });
    const order = await route('GET /orders/{orderId}', { token: alice.token, orderId });
    expect(order.body).toMatchObject({ returns: [asked.body], refundedTotal: 0 });
  });

  it('answers 409 for more units than bought or left, and 404 to another user', async () => {
    const orderId = await deliveredOrder();
    expect((await ask(orderId, { lines: [{ variantId: 'p-shade', quantity: 2 }], reason: 'x' })).status).toBe(
      409,
    );
    expect((await ask(orderId, { lines: [{ variantId: 'p-shade', quantity: 1 }], reason: 'x' })).status).toBe(
      201,
    );
    expect((await ask(orderId, { lines: [{ variantId: 'p-shade', quantity: 1 }], reason: 'x' })).status).toBe(
      409,
    );
    expect(
      (await ask(orderId, { lines: [{ variantId: 'p-lamp', quantity: 1 }], reason: 'x' }, bob.token)).status,
    ).toBe(404);
  });

  it('answers 409 past the window of 30 days (the store main keeps by default)', async () => {
    const orderId = await deliveredOrder(31);
    const answer = await ask(orderId, { lines: [{ variantId: 'p-lamp', quantity: 1 }], reason: 'x' });
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toMatch(/return window/);
  });

  it.each([
    ['an unknown field', { lines: [{ variantId: 'p-lamp', quantity: 1 }], reason: 'x', refundAmount: 1 }],
    ['no lines', { lines: [], reason: 'x' }],
    ['a quantity of 0', { lines: [{ variantId: 'p-lamp', quantity: 0 }], reason: 'x' }],
    ['a fractional quantity', { lines: [{ variantId: 'p-lamp', quantity: 1.5 }], reason: 'x' }],
    ['an empty reason', { lines: [{ variantId: 'p-lamp', quantity: 1 }], reason: ' ' }],
    [
      'a reason of 501 characters',
      { lines: [{ variantId: 'p-lamp', quantity: 1 }], reason: 'x'.repeat(501) },
    ],
    [
      '101 lines',
      { lines: Array.from({ length: 101 }, () => ({ variantId: 'p-lamp', quantity: 1 })), reason: 'x' },
    ],
  ])('answers 400 for %s, writing nothing', async (_name, body) => {
    const orderId = await deliveredOrder();
    expect((await ask(orderId, body)).status).toBe(400);
    expect((await route('GET /orders/{orderId}', { token: alice.token, orderId })).body.returns).toEqual([]);
  });

  it('receives once for five concurrent receives: one ReturnReceived on the topic and to products, one refund', async () => {
    const orderId = await deliveredOrder();
    const { body: asked } = await ask(orderId, {
      lines: [
        { variantId: 'p-lamp', quantity: 2 },
        { variantId: 'p-shade', quantity: 1 },
      ],
      reason: 'Not needed',
    });
    expect(asked.refundAmount).toBe(2000 + 2500);
    expect((await receive(orderId, asked.returnId, alice.token)).status).toBe(403);

    const answers = await Promise.all(Array.from({ length: 5 }, () => receive(orderId, asked.returnId)));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.every((answer) => answer.body.status === 'RECEIVED')).toBe(true);
    const sent = await sentFor(orderId);
    expect(sent.topic.filter((event) => event.type === 'ReturnReceived')).toHaveLength(1);
    expect(sent.products.map((event) => event.type)).toEqual(['ReturnReceived']);
    expect(sent.products[0]?.data).toMatchObject({
      returnId: asked.returnId,
      lines: [
        { productId: 'p-lamp', variantId: 'p-lamp', quantity: 2 },
        { productId: 'p-shade', variantId: 'p-shade', quantity: 1 },
      ],
    });

    // The RefundsQueue gets ReturnReceived through its subscription's filter; delivered twice, it refunds once.
    const first = await deliverRefunds();
    expect(first.records).toHaveLength(1);
    expect(first.failures).toEqual([]);
    await refunds({ Records: first.records } as SQSEvent, lambdaContext('refundPayments'));

    const order = (await route('GET /orders/{orderId}', { token: alice.token, orderId })).body;
    expect(order.refundedTotal).toBe(4500);
    expect(order.returns).toEqual([
      expect.objectContaining({ status: 'REFUNDED', refundId: expect.stringMatching(/^refund_/) }),
    ]);
    const after = await sentFor(orderId);
    expect(after.topic.filter((event) => event.type === 'ReturnRefunded')).toHaveLength(1);
    expect(after.topic.find((event) => event.type === 'ReturnRefunded')?.data).toMatchObject({
      refundAmount: 4500,
      refundedTotal: 4500,
    });
    // Receiving again answers the return as it is now, and sends nothing.
    expect((await receive(orderId, asked.returnId)).body.status).toBe('REFUNDED');
    expect((await sentFor(orderId)).products).toHaveLength(1);
  });

  it('rejects a requested return once (then 409), and frees its units for another return', async () => {
    const orderId = await deliveredOrder();
    const { body: asked } = await ask(orderId, {
      lines: [{ variantId: 'p-shade', quantity: 1 }],
      reason: 'x',
    });

    const rejected = await reject(orderId, asked.returnId, 'Worn');

    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: 'Worn' });
    expect((await reject(orderId, asked.returnId, 'Again')).status).toBe(409);
    expect((await receive(orderId, asked.returnId)).status).toBe(409);
    expect((await reject(orderId, asked.returnId, '')).status).toBe(400);
    expect((await ask(orderId, { lines: [{ variantId: 'p-shade', quantity: 1 }], reason: 'y' })).status).toBe(
      201,
    );
    expect((await sentFor(orderId)).products).toEqual([]);
  });
});
