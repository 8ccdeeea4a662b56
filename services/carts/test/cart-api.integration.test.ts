import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { type CheckoutRequested, orderConfirmed, orderShipped } from '@shop/contracts';
import { createEvent, type EventEnvelope, recordEventsRelay, sqsEventSender } from '@shop/events';
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
import { CHECKOUT_EVENT_ATTRIBUTE, dynamoCarts } from '../src/adapters/dynamo-carts.ts';
import { dynamoProductReadModel } from '../src/adapters/dynamo-product-read-model.ts';
import { newProductId, productChangedEvent } from './products.ts';
import {
  checkoutRecordStream,
  checkoutRequestsQueue,
  createTables,
  drain,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// The routes as Lambda runs them: real handlers, real Cognito tokens (moto), real tables and queue.
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

beforeAll(async () => {
  useEmulator();
  const [created, queue, pool] = await Promise.all([
    createTables(),
    checkoutRequestsQueue(),
    testUserPool('carts'),
  ]);
  tables = created;
  queueUrl = queue;
  newCustomer = () => pool.signIn('customer');
  serviceEnvironment(tables, queueUrl, pool);
  // Imported only now: a handler module reads its configuration from the environment.
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

/**
 * What checkout sent to orders' queue so far: the relay function run over the new checkout records (as
 * the carts table's stream hands them to it in AWS), then the queue read and emptied.
 */
async function sentRequests() {
  const records = await checkoutRecords();
  if (records.length > 0)
    expect(await relay({ Records: records } as never, lambdaContext('relayOutbox'))).toEqual({
      batchItemFailures: [],
    });
  return drain(queueUrl);
}

/** Delivers events to the incoming-events consumer as one SQS batch. */
async function deliver(...events: EventEnvelope[]) {
  const answer = await consume(
    { Records: events.map((event) => sqsRecord(event)) } as SQSEvent,
    lambdaContext('consumeEvents'),
  );
  expect(answer.batchItemFailures).toEqual([]);
}

/** A product the read model knows, as products announced it. */
async function product(changes: Parameters<typeof productChangedEvent>[1] = {}) {
  const event = productChangedEvent(newProductId(), changes);
  await deliver(event);
  return event.data;
}

const putItem = (token: string, productId: string, body: unknown) =>
  invokeHttp(
    routes.put,
    httpEvent('PUT /cart/items/{productId}', {
      path: `/cart/items/${productId}`,
      pathParameters: { productId },
      body,
      token,
    }),
  );
const getCart = (token?: string) => invokeHttp(routes.get, httpEvent('GET /cart', token ? { token } : {}));
const checkout = (token: string, body: unknown, key?: string) =>
  invokeHttp(
    routes.checkout,
    httpEvent('POST /cart/checkout', {
      body,
      token,
      ...(key !== undefined ? { headers: { 'idempotency-key': key } } : {}),
    }),
  );

const shippingAddress = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

describe('the cart', () => {
  it('is empty for a customer who never added anything', async () => {
    const { token } = await newCustomer();

    expect(await getCart(token)).toMatchObject({
      status: 200,
      body: {
        items: [],
        subtotal: 0,
        discountTotal: 0,
        shippingTotal: 0,
        taxTotal: 0,
        total: 0,
        currency: 'USD',
      },
    });
  });

  it('answers 401 without a token', async () => {
    expect((await getCart()).status).toBe(401);
  });

  it('holds products priced from the read model, with line totals and a subtotal', async () => {
    const { token } = await newCustomer();
    const lamp = await product({ name: 'Lamp', price: 4999 });
    const shade = await product({ name: 'Shade', price: 1250 });

    const first = await putItem(token, lamp.productId, { quantity: 2 });
    await putItem(token, shade.productId, { quantity: 1 });
    const updated = await putItem(token, lamp.productId, { quantity: 3 });

    expect(first.status).toBe(200);
    expect(updated.status).toBe(200);
    const expected = {
      items: [
        {
          productId: lamp.productId,
          name: 'Lamp',
          variantId: lamp.productId,
          sku: lamp.productId,
          options: {},
          quantity: 3,
          unitPrice: 4999,
          discount: 0,
          tax: 0,
          lineTotal: 14997,
        },
        {
          productId: shade.productId,
          name: 'Shade',
          variantId: shade.productId,
          sku: shade.productId,
          options: {},
          quantity: 1,
          unitPrice: 1250,
          discount: 0,
          tax: 0,
          lineTotal: 1250,
        },
      ],
      subtotal: 16247,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 16247,
      currency: 'USD',
    };
    expect(updated.body).toEqual(expected);
    expect((await getCart(token)).body).toEqual(expected);
  });

  it('shows the price the read model holds now, after a catalog change', async () => {
    const { token } = await newCustomer();
    const lamp = await product({ price: 1000 });
    await putItem(token, lamp.productId, { quantity: 2 });

    await deliver(productChangedEvent(lamp.productId, { price: 800, name: 'Lamp (sale)', revision: 2 }));

    expect((await getCart(token)).body).toMatchObject({
      items: [{ name: 'Lamp (sale)', unitPrice: 800, lineTotal: 1600 }],
      subtotal: 1600,
    });
  });

  it('answers 404 for an unknown product and for a deleted one', async () => {
    const { token } = await newCustomer();
    const gone = await product();
    await deliver(productChangedEvent(gone.productId, { deleted: true, revision: 2 }));

    expect((await putItem(token, newProductId(), { quantity: 1 })).status).toBe(404);
    expect((await putItem(token, gone.productId, { quantity: 1 })).status).toBe(404);
    expect((await getCart(token)).body).toMatchObject({ items: [] });
  });

  it.each([
    [{ quantity: 0 }],
    [{ quantity: 100 }],
    [{ quantity: 1.5 }],
    [{ quantity: '2' }],
    [{ quantity: 1, unitPrice: 1 }],
    [{}],
  ])('answers 400 for the body %j', async (body) => {
    const { token } = await newCustomer();
    const lamp = await product();

    const response = await putItem(token, lamp.productId, body);

    expect(response.status).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
  });

  it('drops a product by DELETE /cart/items/{productId}, and empties by DELETE /cart', async () => {
    const { token } = await newCustomer();
    const [lamp, shade] = [await product(), await product()];
    await putItem(token, lamp.productId, { quantity: 1 });
    await putItem(token, shade.productId, { quantity: 4 });

    const removed = await invokeHttp(
      routes.remove,
      httpEvent('DELETE /cart/items/{productId}', {
        path: `/cart/items/${lamp.productId}`,
        pathParameters: { productId: lamp.productId },
        token,
      }),
    );
    expect(removed).toMatchObject({ status: 200, body: { items: [{ productId: shade.productId }] } });

    const cleared = await invokeHttp(routes.clear, httpEvent('DELETE /cart', { token }));
    expect(cleared.status).toBe(204);
    expect(cleared.body).toBeUndefined();
    expect((await getCart(token)).body).toEqual({
      items: [],
      subtotal: 0,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 0,
      currency: 'USD',
    });
  });

  it('answers 204 to DELETE /cart of a customer who has no cart, writing nothing', async () => {
    const { token, userId } = await newCustomer();

    expect((await invokeHttp(routes.clear, httpEvent('DELETE /cart', { token }))).status).toBe(204);

    const { Item } = await documentClient().send(
      new GetCommand({ TableName: tables.carts, Key: { userId, sk: 'CART' }, ConsistentRead: true }),
    );
    expect(Item).toBeUndefined();
  });

  it("keeps every customer's cart to themselves", async () => {
    const [alice, bob] = [await newCustomer(), await newCustomer()];
    const lamp = await product();
    await putItem(alice.token, lamp.productId, { quantity: 2 });

    expect((await getCart(bob.token)).body).toMatchObject({ items: [] });
    await invokeHttp(routes.clear, httpEvent('DELETE /cart', { token: bob.token }));
    expect((await getCart(alice.token)).body).toMatchObject({ items: [{ quantity: 2 }] });
  });
});

/** A new customer with 2 lamps (49.99) and 1 shade (12.50) in the cart. */
async function filledCart() {
  const customer = await newCustomer();
  const [lamp, shade] = [
    await product({ name: 'Lamp', price: 4999 }),
    await product({ name: 'Shade', price: 1250 }),
  ];
  await putItem(customer.token, lamp.productId, { quantity: 2 });
  await putItem(customer.token, shade.productId, { quantity: 1 });
  return { ...customer, lamp, shade };
}

describe('POST /cart/checkout', () => {
  it('answers 202 with a new order id and sends one CheckoutRequested with the priced lines', async () => {
    const noTax = (lineTotal: number) => ({ discount: 0, tax: 0, lineTotal });
    const { token, userId, lamp, shade } = await filledCart();
    await sentRequests();

    const response = await checkout(token, { shippingAddress }, uniqueName('key'));

    expect(response).toMatchObject({
      status: 202,
      body: { orderId: expect.any(String), status: 'PENDING' },
    });
    const orderId = response.body?.orderId as string;
    const sent = (await sentRequests()) as CheckoutRequested[];
    expect(sent).toEqual([
      expect.objectContaining({
        type: 'CheckoutRequested',
        version: 1,
        source: 'carts',
        data: {
          storeId: 'main',
          orderId,
          userId,
          lines: [
            { productId: lamp.productId, name: 'Lamp', quantity: 2, unitPrice: 4999, ...noTax(9998) },
            { productId: shade.productId, name: 'Shade', quantity: 1, unitPrice: 1250, ...noTax(1250) },
          ],
          currency: 'USD',
          total: 11248,
          // A store without tax rates or shipping options (main before issue 17's settings).
          subtotal: 11248,
          discountTotal: 0,
          shippingTotal: 0,
          taxTotal: 0,
          taxIncluded: false,
          shippingAddress,
          paymentMethod: 'card_ok',
        },
      }),
    ]);
    // The cart stays as it was until the order is confirmed.
    expect((await getCart(token)).body).toMatchObject({ subtotal: 11248 });
  });

  it('answers 400 without an Idempotency-Key, or with one over 255 characters, sending nothing', async () => {
    const { token } = await filledCart();
    await sentRequests();

    const missing = await checkout(token, { shippingAddress });
    const tooLong = await checkout(token, { shippingAddress }, 'k'.repeat(256));

    expect(missing.status).toBe(400);
    expect(missing.body?.errors).toEqual([expect.objectContaining({ field: 'idempotency-key' })]);
    expect(tooLong.status).toBe(400);
    expect(await sentRequests()).toEqual([]);
  });

  it('answers 400 for a body with unknown fields or a bad address', async () => {
    const { token } = await filledCart();

    expect((await checkout(token, { shippingAddress, total: 1 }, uniqueName('key'))).status).toBe(400);
    expect(
      (await checkout(token, { shippingAddress: { ...shippingAddress, country: 'usa' } }, uniqueName('key')))
        .status,
    ).toBe(400);
  });

  it('answers 409 for an empty cart, sending nothing', async () => {
    const { token } = await newCustomer();
    await sentRequests();

    const response = await checkout(token, { shippingAddress }, uniqueName('key'));

    expect(response.status).toBe(409);
    expect(await sentRequests()).toEqual([]);
  });

  it('answers 5 concurrent replays of one key identically, with one order id, and sends one request', async () => {
    const { token } = await filledCart();
    const key = uniqueName('key');
    await sentRequests();

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => checkout(token, { shippingAddress, paymentMethod: 'card_ok' }, key)),
    );
    const later = await checkout(token, { shippingAddress }, key);

    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202]);
    const orderIds = new Set([...answers, later].map((answer) => answer.body?.orderId));
    expect(orderIds.size).toBe(1);
    expect(later).toMatchObject({ status: 202, body: answers[0]?.body });
    const sent = await sentRequests();
    expect(sent.map((event) => (event.data as { orderId: string }).orderId)).toEqual([...orderIds]);
  });

  it('answers 422 when the key comes back with another body', async () => {
    const { token } = await filledCart();
    const key = uniqueName('key');
    await checkout(token, { shippingAddress }, key);

    const response = await checkout(token, { shippingAddress, paymentMethod: 'card_declined' }, key);

    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ type: expect.stringContaining('idempotency-key-reused') });
  });

  it("never answers one customer with another's key", async () => {
    const [alice, bob] = [await filledCart(), await filledCart()];
    const key = uniqueName('shared-key');

    const forAlice = await checkout(alice.token, { shippingAddress }, key);
    const forBob = await checkout(
      bob.token,
      { shippingAddress: { ...shippingAddress, city: 'Elsewhere' } },
      key,
    );

    expect(forAlice.status).toBe(202);
    expect(forBob.status).toBe(202);
    expect(forBob.body?.orderId).not.toBe(forAlice.body?.orderId);
  });

  it('starts a new order for a new key, and a replay still answers after the order emptied the cart', async () => {
    const { token, userId, lamp, shade } = await filledCart();
    const key = uniqueName('key');
    const first = await checkout(token, { shippingAddress }, key);
    const orderId = first.body?.orderId as string;

    await deliver(
      createEvent(
        orderConfirmed,
        {
          orderId,
          userId,
          status: 'CONFIRMED',
          items: [
            { productId: lamp.productId, name: 'Lamp', quantity: 2, unitPrice: 4999 },
            { productId: shade.productId, name: 'Shade', quantity: 1, unitPrice: 1250 },
          ],
          total: 11248,
          currency: 'USD',
          updatedAt: new Date().toISOString(),
        },
        { source: 'orders' },
      ),
    );

    expect((await getCart(token)).body).toMatchObject({ items: [] });
    expect(await checkout(token, { shippingAddress }, key)).toMatchObject({
      status: 202,
      body: first.body,
    });
    expect((await checkout(token, { shippingAddress }, uniqueName('key'))).status).toBe(409);
  });
});

describe('the checkout limits (one customer cannot hold the stock)', () => {
  const event = (
    definition: typeof orderConfirmed | typeof orderShipped,
    orderId: string,
    userId: string,
    status: 'CONFIRMED' | 'SHIPPED',
  ) =>
    createEvent(
      definition,
      { orderId, userId, status, items: [], total: 0, currency: 'USD', updatedAt: new Date().toISOString() },
      { source: 'orders' },
    );

  /** A customer who checks out one lamp and whose order is confirmed (not shipped); answers the order id. */
  async function confirmedOrder(customer: { token: string; userId: string }, productId: string) {
    await putItem(customer.token, productId, { quantity: 1 });
    const accepted = await checkout(customer.token, { shippingAddress }, uniqueName('key'));
    expect(accepted.status).toBe(202);
    const orderId = accepted.body?.orderId as string;
    await deliver(event(orderConfirmed, orderId, customer.userId, 'CONFIRMED'));
    return orderId;
  }

  it('answers 409 to a second checkout while the first is in flight, sending nothing; a replay of the first key still answers 202', async () => {
    const { token, lamp } = await filledCart();
    const firstKey = uniqueName('key');
    const first = await checkout(token, { shippingAddress }, firstKey);
    await sentRequests();
    await putItem(token, lamp.productId, { quantity: 5 });

    const second = await checkout(token, { shippingAddress }, uniqueName('key'));

    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      type: expect.stringMatching(/\/checkout-in-flight$/),
      title: 'Checkout in progress',
      detail: expect.stringContaining(first.body?.orderId as string),
    });
    expect(await sentRequests()).toEqual([]);
    // Idempotency first, then the limits: the same key and body answer the first checkout again.
    expect(await checkout(token, { shippingAddress }, firstKey)).toMatchObject({
      status: 202,
      body: first.body,
    });
  });

  it('answers a replay whose first look at its key came just before the winning replay committed with that 202, not a 409', async () => {
    const client = documentClient();
    const products = dynamoProductReadModel({ tableName: tables.productViews, client });
    const carts = dynamoCarts({ tableName: tables.carts, client, products });
    const userId = uniqueName('user');
    const lamp = await product();
    await carts.setQuantity({ userId, storeId: 'main' }, lamp.productId, 1);
    const key = uniqueName('key');
    const body = { shippingAddress, paymentMethod: 'card_ok' as const };
    let winner: Promise<{ orderId: string }> | undefined;
    // The loser reads the key's record (none yet), then the winner commits, then the loser reads the cart.
    const racing = {
      send: async (command: { input: { Key?: { sk?: string } } }) => {
        const answer = await client.send(command as never);
        if (!winner && command instanceof GetCommand && command.input.Key?.sk?.startsWith('CHECKOUT#')) {
          winner = carts.checkout({ userId, storeId: 'main' }, key, body, 'corr-winner');
          await winner;
        }
        return answer;
      },
    } as unknown as typeof client;
    const loser = dynamoCarts({ tableName: tables.carts, client: racing, products });

    const answer = await loser.checkout({ userId, storeId: 'main' }, key, body, 'corr-loser');

    expect(answer).toEqual({ orderId: (await winner)?.orderId, status: 'PENDING' });
  });

  it('lets exactly one of two concurrent checkouts of one cart through, with different keys', async () => {
    const { token } = await filledCart();
    await sentRequests();

    const answers = await Promise.all([
      checkout(token, { shippingAddress }, uniqueName('key')),
      checkout(token, { shippingAddress }, uniqueName('key')),
    ]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    expect(await sentRequests()).toHaveLength(1);
  });

  it('does not let DELETE /cart lift the limits: the checkout in flight still counts', async () => {
    const { token, lamp } = await filledCart();
    await checkout(token, { shippingAddress }, uniqueName('key'));

    expect((await invokeHttp(routes.clear, httpEvent('DELETE /cart', { token }))).status).toBe(204);
    expect((await getCart(token)).body).toMatchObject({ items: [] });
    await putItem(token, lamp.productId, { quantity: 1 });

    expect((await checkout(token, { shippingAddress }, uniqueName('key'))).body).toMatchObject({
      status: 409,
      type: expect.stringMatching(/\/checkout-in-flight$/),
    });
  });

  it('answers 409 naming the limit to the sixth open order, and takes a new order once one has shipped', async () => {
    const customer = await newCustomer();
    const lamp = await product({ name: 'Lamp' });
    const orders = [];
    for (let index = 0; index < 5; index += 1) orders.push(await confirmedOrder(customer, lamp.productId));
    await putItem(customer.token, lamp.productId, { quantity: 1 });
    await sentRequests();

    const sixth = await checkout(customer.token, { shippingAddress }, uniqueName('key'));

    expect(sixth.status).toBe(409);
    expect(sixth.body).toMatchObject({
      type: expect.stringMatching(/\/open-orders-limit$/),
      detail: expect.stringMatching(/5 open orders.*at most 5/),
    });
    expect(await sentRequests()).toEqual([]);
    const shipped = event(orderShipped, orders[0] as string, customer.userId, 'SHIPPED');
    await deliver(shipped);
    // A redelivered confirmation of the shipped order does not make it count again.
    await deliver(event(orderConfirmed, orders[0] as string, customer.userId, 'CONFIRMED'));
    expect((await checkout(customer.token, { shippingAddress }, uniqueName('key'))).status).toBe(202);
  });

  it('answers 409 naming the product when a checkout would put more than 20 units of it on open orders', async () => {
    const { token } = await newCustomer();
    const lamp = await product({ name: 'Brass Lamp' });
    await putItem(token, lamp.productId, { quantity: 21 });

    const answer = await checkout(token, { shippingAddress }, uniqueName('key'));

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      type: expect.stringMatching(/\/open-units-limit$/),
      detail: expect.stringContaining('"Brass Lamp"'),
    });
    await putItem(token, lamp.productId, { quantity: 20 });
    expect((await checkout(token, { shippingAddress }, uniqueName('key'))).status).toBe(202);
  });

  it('no longer blocks on a checkout in flight for over an hour (its order lost), so the customer is not locked out', async () => {
    const { token, userId } = await filledCart();
    await checkout(token, { shippingAddress }, uniqueName('key'));
    const stored = await documentClient().send(
      new GetCommand({ TableName: tables.carts, Key: { userId, sk: 'CART' }, ConsistentRead: true }),
    );
    const checkouts = ((stored.Item?.checkouts ?? []) as Array<{ at: string }>).map((entry) => ({
      ...entry,
      at: new Date(Date.now() - 61 * 60_000).toISOString(),
    }));
    await documentClient().send(
      new UpdateCommand({
        TableName: tables.carts,
        Key: { userId, sk: 'CART' },
        UpdateExpression: 'SET checkouts = :checkouts',
        ExpressionAttributeValues: { ':checkouts': checkouts },
      }),
    );

    expect((await checkout(token, { shippingAddress }, uniqueName('key'))).status).toBe(202);
  });
});

describe('the checkout request', () => {
  it('is not lost when it cannot be sent at once: the relay is retried and sends it, under its one id', async () => {
    const client = documentClient();
    const products = dynamoProductReadModel({ tableName: tables.productViews, client });
    const carts = dynamoCarts({ tableName: tables.carts, client, products });
    const userId = uniqueName('user');
    const lamp = await product();
    await carts.setQuantity({ userId, storeId: 'main' }, lamp.productId, 1);
    await sentRequests();

    const { orderId } = await carts.checkout(
      { userId, storeId: 'main' },
      uniqueName('key'),
      { shippingAddress, paymentMethod: 'card_ok' },
      'corr-1',
    );
    // Nothing is sent by the checkout itself: the record carries the request for the stream relay.
    expect(await drain(queueUrl)).toEqual([]);
    const records = await checkoutRecords();
    expect(records).toHaveLength(1);

    const unreachable = recordEventsRelay({
      attribute: CHECKOUT_EVENT_ATTRIBUTE,
      publisher: {
        publish: async () => {
          throw new Error('SQS is unreachable');
        },
      },
    });
    const failed = await unreachable(records);
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber }]);
    expect(await drain(queueUrl)).toEqual([]);

    // The stream hands the same record again until it goes.
    const retried = recordEventsRelay({
      attribute: CHECKOUT_EVENT_ATTRIBUTE,
      publisher: sqsEventSender({ queueUrl }),
    });
    expect(await retried(records)).toEqual({ batchItemFailures: [] });
    expect(await retried(records)).toEqual({ batchItemFailures: [] });
    const sent = await drain(queueUrl);
    expect(sent).toEqual([
      expect.objectContaining({
        type: 'CheckoutRequested',
        correlationId: 'corr-1',
        data: expect.objectContaining({ orderId }),
      }),
      expect.objectContaining({ type: 'CheckoutRequested', data: expect.objectContaining({ orderId }) }),
    ]);
    expect(sent[1]?.id).toBe(sent[0]?.id);
  });
});
