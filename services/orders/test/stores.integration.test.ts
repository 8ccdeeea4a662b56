import { CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { documentClient } from '@shop/aws';
import { mainStoreDefaults } from '@shop/contracts';
import type { EventEnvelope } from '@shop/events';
import { recordStoreChange } from '@shop/store-directory';
import {
  lambdaContext,
  sqsRecord,
  testUserPool,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkout, released, reserved } from './fixtures.ts';
import { call, createTables, drain, type Person, type SqsHandler } from './stack.ts';

// Issue 15 for orders: every order route in the store of `X-Store-Id` (absent: main), orders and their
// events carrying the store, store admins confined to their store, and the attacks, against
// the real handlers, tables and Cognito tokens of the emulator.
const BERLIN = 'berlin';
let tables: Awaited<ReturnType<typeof createTables>>;
let orderEventsListener: string;
let stockRequestsQueue: string;
let shopper: Person;
let stranger: Person;
let admin: Person;
let berlinAdmin: Person;
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
  const [created, topic, stockRequests, pool] = await Promise.all([
    createTables(),
    topicWithListener('order-events'),
    new SQSClient({}).send(new CreateQueueCommand({ QueueName: uniqueName('stock-requests') })),
    testUserPool('orders-stores'),
  ]);
  tables = created;
  orderEventsListener = topic.listenerUrl;
  stockRequestsQueue = stockRequests.QueueUrl as string;
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
  // The second store, as StoreChanged brought it into orders' own read model, with its admins' group.
  await recordStoreChange(
    { tableName: tables.stores, client: documentClient() },
    {
      ...mainStoreDefaults,
      storeId: BERLIN,
      name: 'Berlin',
      currency: 'EUR',
      country: 'DE',
      taxIncluded: true,
    },
  );
  await pool.cognito.send(
    new CreateGroupCommand({ UserPoolId: pool.userPoolId, GroupName: `store-admin-${BERLIN}` }),
  );
  signIn = pool.signIn;
  [shopper, stranger, admin, berlinAdmin] = await Promise.all([
    pool.signIn('shopper'),
    pool.signIn('stranger'),
    pool.signIn('admin', ['admin']),
    pool.signIn('berlin-admin', [`store-admin-${BERLIN}`]),
  ]);
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

async function deliver(handler: SqsHandler, functionName: string, events: EventEnvelope[]) {
  const answer = await handler(
    { Records: events.map((event) => sqsRecord(event)) } as SQSEvent,
    lambdaContext(functionName),
  );
  return answer.batchItemFailures;
}

/** A CONFIRMED (or, `pending`, a PENDING) order of the person in the store. */
async function placed(person: Person, storeId: string, options: { pending?: true } = {}): Promise<string> {
  const orderId = uniqueName('order');
  expect(
    await deliver(handlers.checkout, 'handleCheckoutRequests', [
      checkout(orderId, person.userId, { storeId }),
    ]),
  ).toEqual([]);
  if (!options.pending) {
    const reply = reserved(orderId);
    expect(
      await deliver(handlers.replies, 'handleStockReplies', [{ ...reply, data: { ...reply.data, storeId } }]),
    ).toEqual([]);
  }
  return orderId;
}

const ids = (answer: { body: Record<string, unknown> }) =>
  (answer.body.items as Array<{ orderId: string }>).map((item) => item.orderId);

const sent: EventEnvelope[] = [];
async function sentFor(orderId: string) {
  sent.push(...(await drain(orderEventsListener)), ...(await drain(stockRequestsQueue)));
  return sent.filter((event) => (event.data as { orderId?: string }).orderId === orderId);
}

describe('orders in their store', () => {
  it("carries the store on the order, its events and its stock requests; another store's id is 404", async () => {
    const orderId = await placed(shopper, BERLIN);

    const inBerlin = await call(handlers.get, 'GET /orders/{orderId}', {
      token: shopper.token,
      orderId,
      store: BERLIN,
    });
    expect(inBerlin).toMatchObject({ status: 200, body: { orderId, storeId: BERLIN, status: 'CONFIRMED' } });
    const events = await sentFor(orderId);
    expect(events.map((event) => event.type).sort()).toEqual([
      'OrderConfirmed',
      'OrderPlaced',
      'StockReservationRequested',
    ]);
    expect(events.every((event) => (event.data as { storeId: string }).storeId === BERLIN)).toBe(true);

    // The same id under main (by header, or by leaving it out): like an order that does not exist.
    const missing = await call(handlers.get, 'GET /orders/{orderId}', {
      token: shopper.token,
      orderId: uniqueName('order'),
    });
    for (const store of [undefined, 'main']) {
      const elsewhere = await call(handlers.get, 'GET /orders/{orderId}', {
        token: shopper.token,
        orderId,
        ...(store ? { store } : {}),
      });
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body).toEqual({ ...missing.body, detail: expect.any(String) });
      expect(
        (
          await call(handlers.cancel, 'POST /orders/{orderId}/cancel', {
            token: shopper.token,
            orderId,
            store,
          })
        ).status,
      ).toBe(404);
      // Also for the platform admin: the order is Berlin's, not main's.
      expect(
        (await call(handlers.ship, 'POST /orders/{orderId}/ship', { token: admin.token, orderId, store }))
          .status,
      ).toBe(404);
    }
    expect(
      (await call(handlers.get, 'GET /orders/{orderId}', { token: shopper.token, orderId, store: BERLIN }))
        .body,
    ).toMatchObject({ status: 'CONFIRMED' });
  });

  it('lists one customer’s orders per store, each store its own', async () => {
    const customer = await signIn('two-stores');
    const inMain = await placed(customer, 'main');
    const inBerlin = await placed(customer, BERLIN);

    const mainList = await call(handlers.list, 'GET /orders', { token: customer.token });
    const berlinList = await call(handlers.list, 'GET /orders', { token: customer.token, store: BERLIN });

    expect(mainList).toMatchObject({ status: 200, body: { nextCursor: null } });
    expect(ids(mainList)).toEqual([inMain]);
    expect(ids(berlinList)).toEqual([inBerlin]);
    expect(berlinList.body.items).toEqual([expect.objectContaining({ storeId: BERLIN, currency: 'USD' })]);
  });

  it("refuses a cursor of one store in another (400 cursor), never that store's orders", async () => {
    const customer = await signIn('cursor');
    const first = await placed(customer, BERLIN, { pending: true });
    await placed(customer, BERLIN, { pending: true });
    await placed(customer, 'main', { pending: true });

    const page = await call(handlers.list, 'GET /orders', {
      token: customer.token,
      store: BERLIN,
      query: { limit: '1' },
    });
    const cursor = page.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));

    const replayed = await call(handlers.list, 'GET /orders', {
      token: customer.token,
      query: { limit: '1', cursor },
    });
    expect(replayed.status).toBe(400);
    expect(replayed.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expect(replayed.body.items).toBeUndefined();
    const adminReplay = await call(handlers.list, 'GET /orders', {
      token: admin.token,
      query: { scope: 'all', limit: '1', cursor },
    });
    expect(adminReplay.status).toBe(400);
    // In its own store it goes on.
    const next = await call(handlers.list, 'GET /orders', {
      token: customer.token,
      store: BERLIN,
      query: { limit: '1', cursor },
    });
    expect(ids(next)).toEqual([first]);
  });

  it('does not let a stock reply of another store decide the order', async () => {
    const orderId = await placed(shopper, BERLIN, { pending: true });
    const reply = reserved(orderId);

    // The reply says main (or is from before stores): it is not this order's, and is retried, not applied.
    const failures = await deliver(handlers.replies, 'handleStockReplies', [reply]);
    expect(failures).toHaveLength(1);
    const release = released(orderId);
    expect(await deliver(handlers.replies, 'handleStockReplies', [release])).toEqual([]);

    const order = await call(handlers.get, 'GET /orders/{orderId}', {
      token: shopper.token,
      orderId,
      store: BERLIN,
    });
    expect(order.body).toMatchObject({ status: 'PENDING' });
  });
});

describe('store admins', () => {
  it("answer 403 to a store admin on main's scope=all, ship and deliver, and 200 in their store", async () => {
    const ofMain = await placed(shopper, 'main');
    const ofBerlin = await placed(shopper, BERLIN);

    for (const store of [undefined, 'main']) {
      const options = { token: berlinAdmin.token, ...(store ? { store } : {}) };
      expect((await call(handlers.list, 'GET /orders', { ...options, query: { scope: 'all' } })).status).toBe(
        403,
      );
      expect(
        (await call(handlers.ship, 'POST /orders/{orderId}/ship', { ...options, orderId: ofMain })).status,
      ).toBe(403);
      expect(
        (await call(handlers.deliver, 'POST /orders/{orderId}/deliver', { ...options, orderId: ofMain }))
          .status,
      ).toBe(403);
      // Not an admin of main: someone else's order there is simply not theirs.
      expect(
        (await call(handlers.get, 'GET /orders/{orderId}', { ...options, orderId: ofMain })).status,
      ).toBe(404);
      expect(
        (await call(handlers.cancel, 'POST /orders/{orderId}/cancel', { ...options, orderId: ofMain }))
          .status,
      ).toBe(404);
    }
    expect(
      (await call(handlers.get, 'GET /orders/{orderId}', { token: shopper.token, orderId: ofMain })).body,
    ).toMatchObject({
      status: 'CONFIRMED',
    });

    const inBerlin = { token: berlinAdmin.token, store: BERLIN };
    const all = await call(handlers.list, 'GET /orders', {
      ...inBerlin,
      query: { scope: 'all', status: 'CONFIRMED', limit: '100' },
    });
    expect(all.status).toBe(200);
    expect(ids(all)).toContain(ofBerlin);
    expect(ids(all)).not.toContain(ofMain);
    expect(
      (await call(handlers.get, 'GET /orders/{orderId}', { ...inBerlin, orderId: ofBerlin })).status,
    ).toBe(200);
    const shipped = await call(handlers.ship, 'POST /orders/{orderId}/ship', {
      ...inBerlin,
      orderId: ofBerlin,
    });
    expect(shipped).toMatchObject({ status: 200, body: { status: 'SHIPPED', storeId: BERLIN } });
    const delivered = await call(handlers.deliver, 'POST /orders/{orderId}/deliver', {
      ...inBerlin,
      orderId: ofBerlin,
    });
    expect(delivered).toMatchObject({ status: 200, body: { status: 'DELIVERED' } });
    // Berlin's own main-less admin cannot reach main's order through Berlin either.
    expect(
      (await call(handlers.ship, 'POST /orders/{orderId}/ship', { ...inBerlin, orderId: ofMain })).status,
    ).toBe(404);
  });

  it('let a store admin cancel an order of their store, as the platform admin can', async () => {
    const orderId = await placed(shopper, BERLIN);

    const cancelled = await call(handlers.cancel, 'POST /orders/{orderId}/cancel', {
      token: berlinAdmin.token,
      orderId,
      store: BERLIN,
    });

    expect(cancelled).toMatchObject({
      status: 200,
      body: { status: 'CANCELLED', reason: 'CANCELLED_BY_ADMIN' },
    });
    const release = (await sentFor(orderId)).find((event) => event.type === 'StockReleaseRequested');
    expect(release?.data).toMatchObject({ storeId: BERLIN, orderId });
  });
});

describe('X-Store-Id attacks', () => {
  it.each([
    ['an unknown store', 'atlantis', 404],
    ['a malformed store id', 'BERLIN', 400],
  ])('refuses %s on every order route, changing nothing', async (_, store, status) => {
    const orderId = await placed(shopper, 'main');
    await sentFor(orderId);

    const answers = [
      await call(handlers.list, 'GET /orders', { token: shopper.token, store }),
      await call(handlers.get, 'GET /orders/{orderId}', { token: shopper.token, orderId, store }),
      await call(handlers.cancel, 'POST /orders/{orderId}/cancel', { token: shopper.token, orderId, store }),
      await call(handlers.ship, 'POST /orders/{orderId}/ship', { token: admin.token, orderId, store }),
      await call(handlers.deliver, 'POST /orders/{orderId}/deliver', { token: admin.token, orderId, store }),
    ];

    for (const answer of answers) {
      expect(answer.status).toBe(status);
      expect(answer.headers['Content-Type']).toBe('application/problem+json');
    }
    if (status === 400)
      expect(answers[0]?.body.errors).toEqual([expect.objectContaining({ field: 'headers.x-store-id' })]);
    const order = await call(handlers.get, 'GET /orders/{orderId}', { token: shopper.token, orderId });
    expect(order.body).toMatchObject({ status: 'CONFIRMED' });
    expect((order.body.history as unknown[]).length).toBe(2);
    expect((await sentFor(orderId)).map((event) => event.type).sort()).toEqual([
      'OrderConfirmed',
      'OrderPlaced',
      'StockReservationRequested',
    ]);
  });

  it('answers a stranger 404 for an order of a store, in that store too', async () => {
    const orderId = await placed(shopper, BERLIN);
    expect(
      (await call(handlers.get, 'GET /orders/{orderId}', { token: stranger.token, orderId, store: BERLIN }))
        .status,
    ).toBe(404);
  });
});
