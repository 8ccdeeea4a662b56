import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { type CheckoutRequested, mainStoreDefaults, ORDERS_SOURCE, orderConfirmed } from '@shop/contracts';
import { createEvent, type EventEnvelope } from '@shop/events';
import { recordStoreChange } from '@shop/store-directory';
import {
  httpEvent,
  invokeHttp,
  lambdaContext,
  sqsRecord,
  testUserPool,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { newProductId, productChangedEvent } from './products.ts';
import {
  checkoutRecordStream,
  checkoutRequestsQueue,
  createTables,
  drain,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// Issue 15 for carts: every cart route in the store of `X-Store-Id` (absent: main), a cart per
// customer and store, a product of another store unknown in this one, and the attacks of the issue
// against the real handlers, tables and Cognito tokens of the emulator.
let tables: Tables;
let queueUrl: string;
let newCustomer: () => Promise<{ token: string; userId: string }>;
let routes: {
  get: typeof import('../src/handlers/cart/get.ts').handler;
  put: typeof import('../src/handlers/cart/put-item.ts').handler;
  remove: typeof import('../src/handlers/cart/delete-item.ts').handler;
  clear: typeof import('../src/handlers/cart/clear.ts').handler;
  checkout: typeof import('../src/handlers/cart/checkout.ts').handler;
};
let consume: typeof import('../src/handlers/events/consume.ts').handler;
let relay: typeof import('../src/handlers/outbox/relay.ts').handler;
let checkoutRecords: ReturnType<typeof checkoutRecordStream>;

const BERLIN = 'berlin';

beforeAll(async () => {
  useEmulator();
  const [created, queue, pool] = await Promise.all([
    createTables(),
    checkoutRequestsQueue(),
    testUserPool('carts-stores'),
  ]);
  tables = created;
  queueUrl = queue;
  newCustomer = () => pool.signIn('shopper');
  serviceEnvironment(tables, queueUrl, pool);
  // The second store, as StoreChanged brought it into carts' own read model of stores.
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
  routes = {
    get: (await import('../src/handlers/cart/get.ts')).handler,
    put: (await import('../src/handlers/cart/put-item.ts')).handler,
    remove: (await import('../src/handlers/cart/delete-item.ts')).handler,
    clear: (await import('../src/handlers/cart/clear.ts')).handler,
    checkout: (await import('../src/handlers/cart/checkout.ts')).handler,
  };
  consume = (await import('../src/handlers/events/consume.ts')).handler;
  relay = (await import('../src/handlers/outbox/relay.ts')).handler;
  checkoutRecords = checkoutRecordStream(tables.carts);
});

async function deliver(...events: EventEnvelope[]) {
  const answer = await consume(
    { Records: events.map((event) => sqsRecord(event)) } as SQSEvent,
    lambdaContext('consumeEvents'),
  );
  expect(answer.batchItemFailures).toEqual([]);
}

/** What checkout sent to orders' queue since the last call (the relay run over the new records). */
async function sentRequests(): Promise<CheckoutRequested[]> {
  const records = await checkoutRecords();
  if (records.length > 0) await relay({ Records: records } as never, lambdaContext('relayOutbox'));
  return (await drain(queueUrl)) as CheckoutRequested[];
}

/** A product of a store, as products announced it. */
async function product(storeId: string, changes: Parameters<typeof productChangedEvent>[1] = {}) {
  const event = productChangedEvent(newProductId(), {
    storeId,
    ...(storeId === BERLIN ? { currency: 'EUR' } : {}),
    ...changes,
  });
  await deliver(event);
  return event.data;
}

/** The `x-store-id` header, or none (the v1 request: main). */
const inStore = (store?: string): Record<string, string> => (store ? { 'x-store-id': store } : {});

const getCart = (token: string, store?: string) =>
  invokeHttp(routes.get, httpEvent('GET /cart', { token, headers: inStore(store) }));
const putItem = (token: string, productId: string, quantity: number, store?: string) =>
  invokeHttp(
    routes.put,
    httpEvent('PUT /cart/items/{productId}', {
      pathParameters: { productId },
      body: { quantity },
      token,
      headers: inStore(store),
    }),
  );
const removeItem = (token: string, productId: string, store?: string) =>
  invokeHttp(
    routes.remove,
    httpEvent('DELETE /cart/items/{productId}', {
      pathParameters: { productId },
      token,
      headers: inStore(store),
    }),
  );
const clearCart = (token: string, store?: string) =>
  invokeHttp(routes.clear, httpEvent('DELETE /cart', { token, headers: inStore(store) }));
const checkout = async (token: string, key: string, store?: string) => {
  const answer = await invokeHttp(
    routes.checkout,
    httpEvent('POST /cart/checkout', {
      body: {
        shippingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
      },
      token,
      headers: { 'idempotency-key': key, ...inStore(store) },
    }),
  );
  return { ...answer, body: answer.body as { orderId: string; status: string; errors?: unknown } };
};

/** Every item of the customer's partition of the carts table: carts and key records of every store. */
const partition = async (userId: string) =>
  (
    await documentClient().send(
      new QueryCommand({
        TableName: tables.carts,
        KeyConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('a cart per customer and store', () => {
  it('keeps two independent carts for one customer in two stores, each priced in its store', async () => {
    const { token, userId } = await newCustomer();
    const lamp = await product('main', { name: 'Lamp', price: 4999 });
    const lampe = await product(BERLIN, { name: 'Lampe', price: 3999 });

    expect(await getCart(token, BERLIN)).toMatchObject({
      status: 200,
      body: {
        items: [],
        subtotal: 0,
        discountTotal: 0,
        shippingTotal: 0,
        taxTotal: 0,
        total: 0,
        currency: 'EUR',
      },
    });
    expect((await putItem(token, lamp.productId, 2)).status).toBe(200);
    expect((await putItem(token, lampe.productId, 1, BERLIN)).status).toBe(200);

    expect((await getCart(token)).body).toEqual({
      items: [
        {
          productId: lamp.productId,
          name: 'Lamp',
          variantId: lamp.productId,
          sku: lamp.productId,
          options: {},
          quantity: 2,
          unitPrice: 4999,
          discount: 0,
          tax: 0,
          lineTotal: 9998,
        },
      ],
      subtotal: 9998,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 9998,
      currency: 'USD',
    });
    expect((await getCart(token, 'main')).body).toEqual((await getCart(token)).body);
    expect((await getCart(token, BERLIN)).body).toEqual({
      items: [
        {
          productId: lampe.productId,
          name: 'Lampe',
          variantId: lampe.productId,
          sku: lampe.productId,
          options: {},
          quantity: 1,
          unitPrice: 3999,
          discount: 0,
          tax: 0,
          lineTotal: 3999,
        },
      ],
      subtotal: 3999,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 3999,
      currency: 'EUR',
    });

    // Emptying one store's cart leaves the other's.
    expect((await clearCart(token, BERLIN)).status).toBe(204);
    expect((await getCart(token, BERLIN)).body).toMatchObject({ items: [] });
    expect((await getCart(token)).body).toMatchObject({ items: [{ productId: lamp.productId }] });
    // Main's cart is where it always was (sort key CART); the other store's carries its id.
    const keys = (await partition(userId)).map((item) => [item.sk, item.storeId]);
    expect(keys).toHaveLength(2);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['CART', 'main'],
        [`CART#${BERLIN}`, BERLIN],
      ]),
    );
  });

  it("answers 404 for another store's product, in PUT, and leaves it out of the cart", async () => {
    const { token, userId } = await newCustomer();
    const lamp = await product('main');
    const lampe = await product(BERLIN);

    const foreign = await putItem(token, lamp.productId, 1, BERLIN);
    const foreignInMain = await putItem(token, lampe.productId, 1);

    expect(foreign.status).toBe(404);
    expect(foreign.headers['Content-Type']).toBe('application/problem+json');
    expect(foreignInMain.status).toBe(404);
    expect(await partition(userId)).toEqual([]);
    // Removing it is no error and changes nothing there either.
    expect((await removeItem(token, lamp.productId, BERLIN)).body).toMatchObject({ items: [] });
  });

  it('keeps a product in its store when a later event names another store', async () => {
    const { token } = await newCustomer();
    const lamp = await product('main', { price: 1000 });
    // A forged or misrouted change of main's product under Berlin's id must not move it there.
    await deliver(productChangedEvent(lamp.productId, { storeId: BERLIN, price: 1, revision: 5 }));

    expect((await putItem(token, lamp.productId, 1, BERLIN)).status).toBe(404);
    expect((await putItem(token, lamp.productId, 1)).body).toMatchObject({ items: [{ unitPrice: 1000 }] });
  });

  it('checks out each store on its own: two requests, two orders, the same key twice', async () => {
    const { token, userId } = await newCustomer();
    const lamp = await product('main', { price: 4999 });
    const lampe = await product(BERLIN, { price: 3999 });
    await putItem(token, lamp.productId, 1);
    await putItem(token, lampe.productId, 2, BERLIN);
    await sentRequests();
    const key = uniqueName('key');

    const inMain = await checkout(token, key);
    const inBerlin = await checkout(token, key, BERLIN);
    // A checkout in flight in main does not block Berlin's (limits count per store) and vice versa.
    expect(inMain.status).toBe(202);
    expect(inBerlin.status).toBe(202);
    expect(inBerlin.body.orderId).not.toBe(inMain.body.orderId);
    // Each key answers its own store's order on a replay.
    expect((await checkout(token, key, BERLIN)).body).toEqual(inBerlin.body);
    expect((await checkout(token, key)).body).toEqual(inMain.body);

    const sent = await sentRequests();
    const byOrder = new Map(sent.map((request) => [request.data.orderId, request.data]));
    expect(sent).toHaveLength(2);
    expect(byOrder.get(inMain.body.orderId)).toMatchObject({
      storeId: 'main',
      userId,
      currency: 'USD',
      total: 4999,
      lines: [{ productId: lamp.productId, quantity: 1 }],
    });
    expect(byOrder.get(inBerlin.body.orderId)).toMatchObject({
      storeId: BERLIN,
      userId,
      currency: 'EUR',
      total: 7998,
      lines: [{ productId: lampe.productId, quantity: 2 }],
    });
  });

  it("settles an order in its own store's cart only", async () => {
    const { token, userId } = await newCustomer();
    const lampe = await product(BERLIN, { price: 3999 });
    const lamp = await product('main', { price: 4999 });
    await putItem(token, lampe.productId, 1, BERLIN);
    await putItem(token, lamp.productId, 1);
    const { orderId } = (await checkout(token, uniqueName('key'), BERLIN)).body;

    const snapshot = {
      storeId: BERLIN,
      orderId,
      userId,
      status: 'CONFIRMED' as const,
      items: [{ productId: lampe.productId, name: 'Lampe', quantity: 1, unitPrice: 3999 }],
      total: 3999,
      currency: 'EUR',
      updatedAt: new Date().toISOString(),
    };
    // The same order id announced for main changes nothing: main's cart never checked it out.
    await deliver(createEvent(orderConfirmed, { ...snapshot, storeId: 'main' }, { source: ORDERS_SOURCE }));
    expect((await getCart(token, BERLIN)).body).toMatchObject({ items: [{ productId: lampe.productId }] });

    await deliver(createEvent(orderConfirmed, snapshot, { source: ORDERS_SOURCE }));
    expect((await getCart(token, BERLIN)).body).toMatchObject({ items: [] });
    expect((await getCart(token)).body).toMatchObject({ items: [{ productId: lamp.productId }] });
  });
});

describe('X-Store-Id attacks', () => {
  it.each([
    ['an unknown store', 'atlantis', 404],
    ['a malformed store id', 'Berlin!', 400],
    ['a store id that is too long', 'a'.repeat(33), 400],
  ])('refuses %s on every cart route, writing nothing', async (_, store, status) => {
    const { token, userId } = await newCustomer();
    const lamp = await product('main');
    await sentRequests();

    const answers = [
      await getCart(token, store),
      await putItem(token, lamp.productId, 1, store),
      await removeItem(token, lamp.productId, store),
      await clearCart(token, store),
      await checkout(token, uniqueName('key'), store),
    ];

    for (const answer of answers) {
      expect(answer.status).toBe(status);
      expect(answer.headers['Content-Type']).toBe('application/problem+json');
    }
    if (status === 400)
      expect(answers[1]?.body?.errors).toEqual([expect.objectContaining({ field: 'headers.x-store-id' })]);
    expect(await partition(userId)).toEqual([]);
    expect(await sentRequests()).toEqual([]);
  });

  it('answers 401 before looking at the store', async () => {
    const answer = await invokeHttp(routes.get, httpEvent('GET /cart', { headers: inStore('Berlin!') }));
    expect(answer.status).toBe(401);
  });
});
