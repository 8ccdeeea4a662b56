import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { documentClient } from '@shop/aws';
import { productChanged } from '@shop/contracts';
import {
  createEvent,
  type EventEnvelope,
  type EventPublisher,
  recordingEventPublisher,
  snsEventPublisher,
  transactionalOutbox,
} from '@shop/events';
import {
  createServiceQueue,
  lambdaContext,
  sqsRecord,
  subscribeAsDeclared,
  testUserPool,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoOrderStore } from '../src/adapters/dynamo-order-store.ts';
import { simulatedPaymentProvider } from '../src/adapters/simulated-payment-provider.ts';
import { move, newOrder } from '../src/domain/order.ts';
import { orderSaga } from '../src/domain/order-saga.ts';
import { OrderChangedError } from '../src/domain/order-store.ts';
import { checkout, released, reservationFailed, reserved, variantCheckout } from './fixtures.ts';
import { call, createTables, drain, type Person, type SqsHandler, serviceDir } from './stack.ts';

// The orders service's real handlers against the emulator: tables and queues as serverless.yml declares
// them, a real (emulated) Cognito pool for tokens, products played by the test.
let tables: Awaited<ReturnType<typeof createTables>>;
let orderEventsListener: string;
let stockRequestsQueue: string;
let checkoutQueue: Awaited<ReturnType<typeof createServiceQueue>>;
let sagaQueue: Awaited<ReturnType<typeof createServiceQueue>>;
let productEventsTopicArn: string;
let alice: Person;
let bob: Person;
let admin: Person;
let signIn: Awaited<ReturnType<typeof testUserPool>>['signIn'];
let handlers: {
  checkout: SqsHandler;
  replies: SqsHandler;
  list: Parameters<typeof call>[0];
  get: Parameters<typeof call>[0];
  cancel: Parameters<typeof call>[0];
  ship: Parameters<typeof call>[0];
  deliver: Parameters<typeof call>[0];
};

beforeAll(async () => {
  useEmulator();
  const sqs = new SQSClient({});
  const [createdTables, topic, checkoutRequests, saga, stockRequests, pool, productTopic] = await Promise.all(
    [
      createTables(),
      topicWithListener('order-events'),
      createServiceQueue(serviceDir, 'CheckoutRequestsQueue'),
      createServiceQueue(serviceDir, 'SagaQueue'),
      sqs.send(new CreateQueueCommand({ QueueName: uniqueName('stock-requests') })),
      testUserPool('orders'),
      new SNSClient({}).send(new CreateTopicCommand({ Name: uniqueName('product-events') })),
    ],
  );
  tables = createdTables;
  orderEventsListener = topic.listenerUrl;
  checkoutQueue = checkoutRequests;
  sagaQueue = saga;
  stockRequestsQueue = stockRequests.QueueUrl as string;
  productEventsTopicArn = productTopic.TopicArn as string;
  await subscribeAsDeclared(serviceDir, 'SagaSubscription', productEventsTopicArn, sagaQueue.arn);
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
  signIn = pool.signIn;
  [alice, bob, admin] = await Promise.all([
    pool.signIn('alice'),
    pool.signIn('bob'),
    pool.signIn('admin', ['admin']),
  ]);
  // Imported only now: handlers read their configuration on first use.
  handlers = {
    checkout: (await import('../src/handlers/saga/checkout-requests.ts')).handler,
    replies: (await import('../src/handlers/saga/stock-replies.ts')).handler,
    list: (await import('../src/handlers/orders/list.ts')).handler,
    get: (await import('../src/handlers/orders/get.ts')).handler,
    cancel: (await import('../src/handlers/orders/cancel.ts')).handler,
    ship: (await import('../src/handlers/orders/ship.ts')).handler,
    deliver: (await import('../src/handlers/orders/deliver.ts')).handler,
  };
});

/** Hands records to a consumer as one batch, then redelivers what it reported failed, as SQS would. */
async function deliver(handler: SqsHandler, functionName: string, records: SQSRecord[], redeliveries = 4) {
  let batch = records;
  const firstAnswer = await handler({ Records: batch } as SQSEvent, lambdaContext(functionName));
  let failed = new Set(firstAnswer.batchItemFailures.map((failure) => failure.itemIdentifier));
  for (let round = 0; round < redeliveries && failed.size > 0; round += 1) {
    batch = batch.filter((record) => failed.has(record.messageId));
    const answer = await handler({ Records: batch } as SQSEvent, lambdaContext(functionName));
    failed = new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
  }
  return { firstAnswer, stillFailing: [...failed] };
}

const checkouts = (...messages: Array<EventEnvelope | string>) =>
  deliver(
    handlers.checkout,
    'handleCheckoutRequests',
    messages.map((message) => sqsRecord(message)),
  );
const replies = (...messages: Array<EventEnvelope | string>) =>
  deliver(
    handlers.replies,
    'handleStockReplies',
    messages.map((message) => sqsRecord(message)),
  );

// Everything sent so far, kept across tests; each test looks at its own orders only.
const published: EventEnvelope[] = [];
const requested: EventEnvelope[] = [];
async function sentFor(orderId: string) {
  published.push(...(await drain(orderEventsListener)));
  requested.push(...(await drain(stockRequestsQueue)));
  const mine = (events: EventEnvelope[]) =>
    events.filter((event) => (event.data as { orderId?: string }).orderId === orderId);
  return { events: mine(published), requests: mine(requested) };
}
const types = (events: EventEnvelope[]) => events.map((event) => event.type);
const distinctIds = (events: EventEnvelope[]) =>
  events.filter((event, index) => events.findIndex((other) => other.id === event.id) === index);

async function orderOf(orderId: string, person: Person = alice) {
  return call(handlers.get, 'GET /orders/{orderId}', { token: person.token, orderId });
}

/** A placed order of alice's (or another's), its reservation answered as given. */
async function placed(
  person: Person,
  options: { paymentMethod?: 'card_ok' | 'card_declined'; reply?: 'reserved' } = {},
): Promise<string> {
  const orderId = uniqueName('order');
  await checkouts(checkout(orderId, person.userId, { paymentMethod: options.paymentMethod ?? 'card_ok' }));
  if (options.reply === 'reserved') await replies(reserved(orderId));
  return orderId;
}

describe('the checkout saga', () => {
  it('creates the PENDING order from a checkout and confirms it once stock is reserved and the card authorizes', async () => {
    const orderId = uniqueName('order');
    const correlationId = uniqueName('corr');

    const answer = await checkouts(checkout(orderId, alice.userId, { correlationId }));

    expect(answer.firstAnswer.batchItemFailures).toEqual([]);
    const pending = await orderOf(orderId);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({
      orderId,
      storeId: 'main',
      userId: alice.userId,
      status: 'PENDING',
      items: [
        {
          productId: 'p-lamp',
          name: 'Lamp',
          variantId: 'p-lamp',
          sku: 'p-lamp',
          options: {},
          quantity: 3,
          unitPrice: 1000,
          discount: 0,
          tax: 0,
          lineTotal: 3000,
        },
        {
          productId: 'p-shade',
          name: 'Shade',
          variantId: 'p-shade',
          sku: 'p-shade',
          options: {},
          quantity: 1,
          unitPrice: 2500,
          discount: 0,
          tax: 0,
          lineTotal: 2500,
        },
      ],
      total: 5500,
      subtotal: 5500,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      currency: 'USD',
      shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      history: [{ status: 'PENDING', at: expect.any(String) }],
      returns: [],
      refundedTotal: 0,
    });
    const afterCheckout = await sentFor(orderId);
    expect(types(afterCheckout.events)).toEqual(['OrderPlaced']);
    expect(afterCheckout.requests).toEqual([
      expect.objectContaining({
        type: 'StockReservationRequested',
        source: 'orders',
        correlationId,
        data: {
          storeId: 'main',
          orderId,
          lines: [
            { productId: 'p-lamp', quantity: 3, unitPrice: 1000 },
            { productId: 'p-shade', quantity: 1, unitPrice: 2500 },
          ],
          currency: 'USD',
        },
      }),
    ]);

    await replies(reserved(orderId, correlationId));

    const confirmed = await orderOf(orderId);
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED' });
    expect((confirmed.body.history as Array<{ status: string }>).map((entry) => entry.status)).toEqual([
      'PENDING',
      'CONFIRMED',
    ]);
    const { events } = await sentFor(orderId);
    expect(types(events)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(events.every((event) => event.correlationId === correlationId && event.source === 'orders')).toBe(
      true,
    );
    expect(events[1]?.data).toMatchObject({
      orderId,
      userId: alice.userId,
      status: 'CONFIRMED',
      total: 5500,
    });
  });

  it('rejects a declined card as PAYMENT_DECLINED and asks products to release the reserved stock', async () => {
    const orderId = await placed(alice, { paymentMethod: 'card_declined', reply: 'reserved' });

    expect((await orderOf(orderId)).body).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    const { events, requests } = await sentFor(orderId);
    expect(types(events)).toEqual(['OrderPlaced', 'OrderRejected']);
    expect(events[1]?.data).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    expect(types(requests)).toEqual(['StockReservationRequested', 'StockReleaseRequested']);
    expect(requests[1]?.data).toEqual({ storeId: 'main', orderId, reason: 'PAYMENT_DECLINED' });
  });

  it('rejects an order whose reservation failed as OUT_OF_STOCK, with nothing to release', async () => {
    const orderId = await placed(alice);

    await replies(reservationFailed(orderId));

    expect((await orderOf(orderId)).body).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK' });
    const { events, requests } = await sentFor(orderId);
    expect(types(events)).toEqual(['OrderPlaced', 'OrderRejected']);
    expect(types(requests)).toEqual(['StockReservationRequested']);
  });

  it('rejects an order whose reservation found another price as PRICE_CHANGED, with nothing to release', async () => {
    const orderId = await placed(alice);

    await replies(reservationFailed(orderId, 'PRICE_CHANGED'));

    expect((await orderOf(orderId)).body).toMatchObject({
      status: 'REJECTED',
      reason: 'PRICE_CHANGED',
      total: 5500,
      history: [{ status: 'PENDING' }, { status: 'REJECTED', reason: 'PRICE_CHANGED' }],
    });
    const { events, requests } = await sentFor(orderId);
    expect(types(events)).toEqual(['OrderPlaced', 'OrderRejected']);
    expect(events[1]?.data).toMatchObject({ status: 'REJECTED', reason: 'PRICE_CHANGED' });
    expect(types(requests)).toEqual(['StockReservationRequested']);
  });

  it('handles every message delivered twice and out of order: one order, one reservation request, CONFIRMED', async () => {
    const orderId = uniqueName('order');
    const request = checkout(orderId, alice.userId);
    const reply = reserved(orderId);

    // The reply overtakes the checkout: it fails, and SQS redelivers it later.
    const early = await replies(reply);
    expect(early.firstAnswer.batchItemFailures).toHaveLength(1);
    await checkouts(request, request);
    await checkouts(checkout(orderId, alice.userId), request);
    await replies(reply, reply);
    await replies(reply, reservationFailed(orderId));

    const order = await orderOf(orderId);
    expect(order.body).toMatchObject({ status: 'CONFIRMED' });
    expect((order.body.history as unknown[]).length).toBe(2);
    const { events, requests } = await sentFor(orderId);
    // A repeat republishes what its first handling published (in case that publish had failed), always
    // under the same id: what consumers, which drop seen ids, take in is one event of each.
    expect(types(distinctIds(events))).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(types(distinctIds(requests))).toEqual(['StockReservationRequested']);
    const mine = await call(handlers.list, 'GET /orders', { token: alice.token, query: { limit: '100' } });
    expect(
      (mine.body.items as Array<{ orderId: string }>).filter((item) => item.orderId === orderId),
    ).toHaveLength(1);
  });

  it('reports a malformed message in a batch as a batch item failure and handles the rest', async () => {
    const orderId = uniqueName('order');
    const unknownType = { ...checkout(uniqueName('order'), alice.userId), type: 'CheckoutWished' };
    const badData = { ...checkout(uniqueName('order'), alice.userId), data: { orderId: 'x' } };

    const answer = await handlers.checkout(
      {
        Records: [
          sqsRecord('{not json', { messageId: 'bad-json' }),
          sqsRecord(checkout(orderId, alice.userId)),
          sqsRecord(JSON.stringify(unknownType), { messageId: 'unknown-type' }),
          sqsRecord(JSON.stringify(badData), { messageId: 'bad-data' }),
        ],
      } as SQSEvent,
      lambdaContext('handleCheckoutRequests'),
    );

    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      ['bad-data', 'bad-json', 'unknown-type'].sort(),
    );
    expect((await orderOf(orderId)).body).toMatchObject({ status: 'PENDING' });
  });

  it('dead-letters a malformed checkout after five receives on the queue declared in serverless.yml', async () => {
    const sqs = new SQSClient({});
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await sqs.send(new SendMessageCommand({ QueueUrl: checkoutQueue.url, MessageBody: '{"garbage":true}' }));

    for (let receive = 0; receive < 6; receive += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: checkoutQueue.url, VisibilityTimeout: 0, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) break;
      const records = Messages.map((message) =>
        sqsRecord(message.Body as string, { messageId: message.MessageId }),
      );
      const answer = await handlers.checkout(
        { Records: records } as SQSEvent,
        lambdaContext('handleCheckoutRequests'),
      );
      expect(answer.batchItemFailures).toHaveLength(1);
    }

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: checkoutQueue.dlqUrl as string, WaitTimeSeconds: 1 }),
    );
    expect(Messages.map((message) => message.Body)).toEqual(['{"garbage":true}']);
  });

  it('receives on the saga queue only the stock replies that its subscription filters for', async () => {
    const orderId = await placed(alice);
    const topic = snsEventPublisher({ topicArn: productEventsTopicArn });
    const change = createEvent(
      productChanged,
      {
        productId: 'p-lamp',
        name: 'Lamp',
        description: 'A lamp.',
        category: 'lighting',
        price: 1000,
        currency: 'USD',
        stock: 3,
        deleted: false,
        revision: 2,
        updatedAt: new Date().toISOString(),
      },
      { source: 'products' },
    );
    await topic.publish(productChanged, change);
    const reply = reserved(orderId);
    await topic.publish((await import('@shop/contracts')).stockReserved, reply);

    const { Messages = [] } = await new SQSClient({}).send(
      new ReceiveMessageCommand({ QueueUrl: sagaQueue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }),
    );
    expect(Messages.map((message) => JSON.parse(message.Body as string).type)).toEqual(['StockReserved']);
    await replies(...Messages.map((message) => message.Body as string));
    expect((await orderOf(orderId)).body).toMatchObject({ status: 'CONFIRMED' });
  });
});

describe('cancelling, shipping and delivering', () => {
  it('cancels a confirmed order for its owner: CANCELLED, stock release requested, event with the checkout’s correlation id', async () => {
    const orderId = await placed(alice, { reply: 'reserved' });

    const cancelled = await call(handlers.cancel, 'POST /orders/{orderId}/cancel', {
      token: alice.token,
      orderId,
    });

    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ orderId, status: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER' });
    const { events, requests } = await sentFor(orderId);
    expect(types(events)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderCancelled']);
    expect(types(requests)).toEqual(['StockReservationRequested', 'StockReleaseRequested']);
    expect(new Set([...events, ...requests].map((event) => event.correlationId))).toEqual(
      new Set([`checkout-${orderId}`]),
    );
    const again = await call(handlers.cancel, 'POST /orders/{orderId}/cancel', {
      token: alice.token,
      orderId,
    });
    expect(again.status).toBe(409);
    expect(again.headers['Content-Type']).toBe('application/problem+json');
  });

  it('asks again for the release when a reservation lands after the order was cancelled', async () => {
    const orderId = await placed(alice);
    await call(handlers.cancel, 'POST /orders/{orderId}/cancel', { token: alice.token, orderId });

    await replies(reserved(orderId));
    await replies(released(orderId));

    expect((await orderOf(orderId)).body).toMatchObject({ status: 'CANCELLED' });
    const { requests } = await sentFor(orderId);
    expect(types(requests)).toEqual([
      'StockReservationRequested',
      'StockReleaseRequested',
      'StockReleaseRequested',
    ]);
  });

  it('ships and delivers for an admin only, and refuses a cancel after shipping with 409', async () => {
    const pendingId = await placed(alice);
    const orderId = await placed(alice, { reply: 'reserved' });

    const byCustomer = await call(handlers.ship, 'POST /orders/{orderId}/ship', {
      token: alice.token,
      orderId,
    });
    expect(byCustomer.status).toBe(403);
    expect(
      (await call(handlers.ship, 'POST /orders/{orderId}/ship', { token: admin.token, orderId: pendingId }))
        .status,
    ).toBe(409);
    expect(
      (await call(handlers.deliver, 'POST /orders/{orderId}/deliver', { token: admin.token, orderId }))
        .status,
    ).toBe(409);

    const shipped = await call(handlers.ship, 'POST /orders/{orderId}/ship', { token: admin.token, orderId });
    expect(shipped.body).toMatchObject({ status: 'SHIPPED' });
    const cancel = await call(handlers.cancel, 'POST /orders/{orderId}/cancel', {
      token: alice.token,
      orderId,
    });
    expect(cancel.status).toBe(409);
    const delivered = await call(handlers.deliver, 'POST /orders/{orderId}/deliver', {
      token: admin.token,
      orderId,
    });
    expect(delivered.body).toMatchObject({ status: 'DELIVERED' });
    expect((delivered.body.history as Array<{ status: string }>).map((entry) => entry.status)).toEqual([
      'PENDING',
      'CONFIRMED',
      'SHIPPED',
      'DELIVERED',
    ]);
    expect(types((await sentFor(orderId)).events)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'OrderShipped',
      'OrderDelivered',
    ]);
  });

  it('lets only one of a racing cancel and confirmation win the conditional write', async () => {
    const store = dynamoOrderStore({
      tableName: tables.orders,
      client: documentClient(),
      outbox: transactionalOutbox({
        tableName: tables.outbox,
        client: documentClient(),
        publisher: recordingEventPublisher(),
      }),
    });
    const order = newOrder(checkout(uniqueName('order'), alice.userId), new Date());
    await store.create(order, []);

    const outcomes = await Promise.allSettled([
      store.apply(move(order, 'CONFIRMED', { at: new Date() }).change, []),
      store.apply(move(order, 'CANCELLED', { at: new Date(), reason: 'CANCELLED_BY_CUSTOMER' }).change, []),
    ]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [lost] = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(OrderChangedError);
    const stored = await store.find(order.orderId);
    expect(stored?.history).toHaveLength(2);
  });

  it('publishes again, under the same ids, what a handling whose publish failed after its write left unsent', async () => {
    // The saga's changes have no outbox item: the message that caused them is redelivered until its
    // events are out. Here every publish fails once; each redelivery must publish the same events.
    const recorder = recordingEventPublisher();
    const tried = new Set<string>();
    const flaky: EventPublisher = {
      async publish(definition, event) {
        if (!tried.has(event.id)) {
          tried.add(event.id);
          throw new Error('SNS is down');
        }
        await recorder.publish(definition, event);
      },
    };
    const store = dynamoOrderStore({
      tableName: tables.orders,
      client: documentClient(),
      outbox: transactionalOutbox({ tableName: tables.outbox, client: documentClient(), publisher: flaky }),
    });
    const flow = orderSaga({ store, payments: simulatedPaymentProvider() });
    const orderId = uniqueName('order');
    const request = checkout(orderId, alice.userId);
    const reply = reserved(orderId, request.correlationId);

    await expect(flow.placeOrder(request)).rejects.toThrow('SNS is down'); // written, nothing out
    // Redelivered: found written, OrderPlaced goes out, the reservation request fails; then both again.
    await expect(flow.placeOrder(request)).rejects.toThrow('SNS is down');
    expect(await flow.placeOrder(request)).toBe(false);
    await expect(flow.stockReserved(reply)).rejects.toThrow('SNS is down');
    await flow.stockReserved(reply);

    expect((await store.find(orderId))?.status).toBe('CONFIRMED');
    const sent = distinctIds(recorder.published);
    expect(types(sent)).toEqual(['OrderPlaced', 'StockReservationRequested', 'OrderConfirmed']);
    expect(new Set(sent.map((event) => event.id))).toEqual(tried);
  });

  it('ends a cancel racing the stock reply CANCELLED, with the stock released', async () => {
    const orderId = await placed(alice);

    const [cancel] = await Promise.all([
      call(handlers.cancel, 'POST /orders/{orderId}/cancel', { token: alice.token, orderId }),
      replies(reserved(orderId)),
    ]);

    expect(cancel.status).toBe(200);
    const order = await orderOf(orderId);
    expect(order.body).toMatchObject({ status: 'CANCELLED' });
    const statuses = (order.body.history as Array<{ status: string }>).map((entry) => entry.status);
    expect(statuses.filter((status) => status === 'CANCELLED')).toHaveLength(1);
    expect(types((await sentFor(orderId)).requests)).toContain('StockReleaseRequested');
  });
});

describe('reading orders', () => {
  it('answers 404 for another user’s order, also on cancel, and shows it to an admin', async () => {
    const orderId = await placed(alice);

    const asBob = await orderOf(orderId, bob);
    const missing = await orderOf(uniqueName('order'), bob);
    expect(asBob.status).toBe(404);
    expect(asBob.body).toEqual({ ...missing.body, detail: expect.any(String) });
    expect(
      (await call(handlers.cancel, 'POST /orders/{orderId}/cancel', { token: bob.token, orderId })).status,
    ).toBe(404);
    expect((await orderOf(orderId, admin)).status).toBe(200);
    expect((await call(handlers.get, 'GET /orders/{orderId}', { orderId })).status).toBe(401);
  });

  it('lists the own orders newest first, a page at a time, filtered by status', async () => {
    const carol = await signIn('carol');
    const first = await placed(carol, { reply: 'reserved' });
    const second = await placed(carol);
    const third = await placed(carol, { reply: 'reserved' });

    const page1 = await call(handlers.list, 'GET /orders', { token: carol.token, query: { limit: '2' } });
    expect(page1.status).toBe(200);
    expect((page1.body.items as Array<{ orderId: string }>).map((item) => item.orderId)).toEqual([
      third,
      second,
    ]);
    const page2 = await call(handlers.list, 'GET /orders', {
      token: carol.token,
      query: { limit: '2', cursor: page1.body.nextCursor as string },
    });
    expect(page2.body).toEqual({ items: [expect.objectContaining({ orderId: first })], nextCursor: null });

    const confirmed = await call(handlers.list, 'GET /orders', {
      token: carol.token,
      query: { status: 'CONFIRMED' },
    });
    expect((confirmed.body.items as Array<{ orderId: string }>).map((item) => item.orderId)).toEqual([
      third,
      first,
    ]);
    const forged = await call(handlers.list, 'GET /orders', {
      token: carol.token,
      query: { cursor: 'bm9wZQ' },
    });
    expect(forged.status).toBe(400);
  }, 60_000);

  it('refuses every user’s orders to a customer (403) and lists them by status, newest first, for an admin', async () => {
    const ofAlice = await placed(alice, { reply: 'reserved' });
    const ofBob = await placed(bob, { reply: 'reserved' });

    const forbidden = await call(handlers.list, 'GET /orders', {
      token: alice.token,
      query: { scope: 'all' },
    });
    expect(forbidden.status).toBe(403);

    const all = await call(handlers.list, 'GET /orders', {
      token: admin.token,
      query: { scope: 'all', status: 'CONFIRMED', limit: '100' },
    });
    const items = all.body.items as Array<{ orderId: string; status: string; createdAt: string }>;
    expect(items.slice(0, 2).map((item) => item.orderId)).toEqual([ofBob, ofAlice]);
    expect(items.every((item) => item.status === 'CONFIRMED')).toBe(true);
    const everyStatus = await call(handlers.list, 'GET /orders', {
      token: admin.token,
      query: { scope: 'all', limit: '3' },
    });
    const newest = everyStatus.body.items as Array<{ createdAt: string }>;
    expect(newest).toHaveLength(3);
    expect(newest.map((item) => item.createdAt)).toEqual(
      newest
        .map((item) => item.createdAt)
        .toSorted()
        .reverse(),
    );
    expect(everyStatus.body.nextCursor).toEqual(expect.any(String));
  });
});

describe('an order of variants (issue 16)', () => {
  it("shows each line's variant, and asks products to reserve the stock of each variant", async () => {
    const orderId = uniqueName('order');

    await checkouts(variantCheckout(orderId, alice.userId));

    const pending = await orderOf(orderId);
    expect(pending.status).toBe(200);
    expect(pending.body.items).toEqual([
      {
        productId: 'p-shirt',
        name: 'T-shirt',
        variantId: 'p-shirt_v3',
        sku: 'TS-M-BLUE',
        options: { Size: 'M', Colour: 'Blue' },
        quantity: 2,
        unitPrice: 1600,
        discount: 0,
        tax: 0,
        lineTotal: 3200,
      },
      {
        productId: 'p-shirt',
        name: 'T-shirt',
        variantId: 'p-shirt_v4',
        sku: 'TS-M-BLACK',
        options: { Size: 'M', Colour: 'Black' },
        quantity: 1,
        unitPrice: 1610,
        discount: 0,
        tax: 0,
        lineTotal: 1610,
      },
      {
        productId: 'p-lamp',
        name: 'Lamp',
        variantId: 'p-lamp',
        sku: 'p-lamp',
        options: {},
        quantity: 2,
        unitPrice: 4999,
        discount: 0,
        tax: 0,
        lineTotal: 9998,
      },
    ]);
    const { requests } = await sentFor(orderId);
    expect(requests).toEqual([
      expect.objectContaining({
        type: 'StockReservationRequested',
        data: {
          storeId: 'main',
          orderId,
          lines: [
            { productId: 'p-shirt', variantId: 'p-shirt_v3', quantity: 2, unitPrice: 1600 },
            { productId: 'p-shirt', variantId: 'p-shirt_v4', quantity: 1, unitPrice: 1610 },
            { productId: 'p-lamp', quantity: 2, unitPrice: 4999 },
          ],
          currency: 'USD',
        },
      }),
    ]);
  });
});
