import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { type CheckoutRequested, orderConfirmed, type ProductChanged } from '@shop/contracts';
import { createEvent, type EventEnvelope } from '@shop/events';
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
import { CART_TTL_SECONDS } from '../src/domain/cart.ts';
import { newProductId, productChangedEvent } from './products.ts';
import {
  checkoutRecordStream,
  checkoutRequestsQueue,
  createTables,
  drain,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// Issue 16 through the wire: PUT and DELETE /cart/variants/{variantId} (the putCartItem and
// deleteCartItem functions, which also serve /cart/items/{productId}), priced from a read model fed
// with ProductChanged events that carry variants, and the checkout request they make.
let tables: Tables;
let queueUrl: string;
let newCustomer: () => Promise<{ token: string; userId: string }>;
let routes: {
  get: typeof import('../src/handlers/cart/get.ts').handler;
  put: typeof import('../src/handlers/cart/put-item.ts').handler;
  remove: typeof import('../src/handlers/cart/delete-item.ts').handler;
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
    testUserPool('carts-variants'),
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

/** What checkout sent to orders' queue so far (the relay run over the new checkout records). */
async function sentRequests() {
  const records = await checkoutRecords();
  if (records.length > 0)
    expect(await relay({ Records: records } as never, lambdaContext('relayOutbox'))).toEqual({
      batchItemFailures: [],
    });
  return drain(queueUrl);
}

/** A T-shirt in Size S/M and Blue/Black, as products announces a product with options. */
function shirtChanged(productId: string, changes: Partial<ProductChanged['data']> = {}) {
  const variant = (suffix: string, size: string, colour: string, price: number) => ({
    variantId: `${productId}_${suffix}`,
    sku: `TS-${size}-${colour}`.toUpperCase(),
    options: { Size: size, Colour: colour },
    price,
    stock: 5,
  });
  return productChangedEvent(productId, {
    name: 'T-shirt',
    price: 1500,
    stock: 20,
    options: [
      { name: 'Size', values: ['S', 'M'] },
      { name: 'Colour', values: ['Blue', 'Black'] },
    ],
    variants: [
      variant('v1', 'S', 'Blue', 1500),
      variant('v2', 'S', 'Black', 1510),
      variant('v3', 'M', 'Blue', 1600),
      variant('v4', 'M', 'Black', 1610),
    ],
    ...changes,
  });
}

async function shirt() {
  const event = shirtChanged(newProductId());
  await deliver(event);
  return {
    productId: event.data.productId,
    variant: (suffix: string) => `${event.data.productId}_${suffix}`,
  };
}

const putVariant = (token: string, variantId: string, body: unknown) =>
  invokeHttp(
    routes.put,
    httpEvent('PUT /cart/variants/{variantId}', {
      path: `/cart/variants/${variantId}`,
      pathParameters: { variantId },
      body,
      token,
    }),
  );
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
const removeVariant = (token: string, variantId: string) =>
  invokeHttp(
    routes.remove,
    httpEvent('DELETE /cart/variants/{variantId}', {
      path: `/cart/variants/${variantId}`,
      pathParameters: { variantId },
      token,
    }),
  );
const removeItem = (token: string, productId: string) =>
  invokeHttp(
    routes.remove,
    httpEvent('DELETE /cart/items/{productId}', {
      path: `/cart/items/${productId}`,
      pathParameters: { productId },
      token,
    }),
  );
const getCart = (token: string) => invokeHttp(routes.get, httpEvent('GET /cart', { token }));

const shippingAddress = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

describe('PUT /cart/variants/{variantId}', () => {
  it('puts the variant in the cart at its own price, with its SKU and options', async () => {
    const { token } = await newCustomer();
    const { productId, variant } = await shirt();

    const answer = await putVariant(token, variant('v3'), { quantity: 2 });

    expect(answer.status).toBe(200);
    const expected = {
      items: [
        {
          productId,
          name: 'T-shirt',
          variantId: variant('v3'),
          sku: 'TS-M-BLUE',
          options: { Size: 'M', Colour: 'Blue' },
          quantity: 2,
          unitPrice: 1600,
          discount: 0,
          tax: 0,
          lineTotal: 3200,
        },
      ],
      subtotal: 3200,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 3200,
      currency: 'USD',
    };
    expect(answer.body).toEqual(expected);
    expect((await getCart(token)).body).toEqual(expected);
  });

  it('holds two variants of one product as two lines, and replaces the quantity of each on its own', async () => {
    const { token } = await newCustomer();
    const { variant } = await shirt();

    await putVariant(token, variant('v3'), { quantity: 1 });
    await putVariant(token, variant('v2'), { quantity: 1 });
    const answer = await putVariant(token, variant('v3'), { quantity: 4 });

    expect(answer.body).toMatchObject({
      items: [
        { variantId: variant('v3'), quantity: 4, lineTotal: 6400 },
        { variantId: variant('v2'), quantity: 1, lineTotal: 1510 },
      ],
      subtotal: 7910,
    });
  });

  it("shows a variant's new price once products announces it", async () => {
    const { token } = await newCustomer();
    const { productId, variant } = await shirt();
    await putVariant(token, variant('v4'), { quantity: 1 });

    const repriced = shirtChanged(productId, { revision: 2 });
    const variants = repriced.data.variants?.map((item) =>
      item.variantId === variant('v4') ? { ...item, price: 1200 } : item,
    );
    await deliver({
      ...repriced,
      data: { ...repriced.data, price: 1200, ...(variants ? { variants } : {}) },
    });

    expect((await getCart(token)).body).toMatchObject({
      items: [{ variantId: variant('v4'), unitPrice: 1200, lineTotal: 1200 }],
    });
  });

  it("takes a one-variant product by its product's id, the same line as PUT /cart/items", async () => {
    const { token } = await newCustomer();
    const lamp = productChangedEvent(newProductId(), { name: 'Lamp', price: 4999 });
    await deliver(lamp);

    await putItem(token, lamp.data.productId, { quantity: 1 });
    const answer = await putVariant(token, lamp.data.productId, { quantity: 3 });

    expect(answer.body).toMatchObject({
      items: [
        {
          productId: lamp.data.productId,
          variantId: lamp.data.productId,
          sku: lamp.data.productId,
          options: {},
          quantity: 3,
        },
      ],
      subtotal: 14997,
    });
  });

  it('answers 404 for a variant its product does not sell, for an unknown product, and for a deleted one', async () => {
    const { token } = await newCustomer();
    const { productId, variant } = await shirt();
    const gone = await shirt();
    await deliver(shirtChanged(gone.productId, { deleted: true, revision: 2 }));

    for (const variantId of [`${productId}_v9`, `${newProductId()}_v1`, gone.variant('v1')]) {
      const answer = await putVariant(token, variantId, { quantity: 1 });
      expect(answer.status, variantId).toBe(404);
      expect(answer.headers['Content-Type']).toBe('application/problem+json');
    }
    expect((await putVariant(token, variant('v1'), { quantity: 1 })).status).toBe(200);
  });

  it.each([[{ quantity: 0 }], [{ quantity: 100 }], [{ quantity: 1, unitPrice: 1 }], [{}]])(
    'answers 400 for the body %j',
    async (body) => {
      const { token } = await newCustomer();
      const { variant } = await shirt();

      expect((await putVariant(token, variant('v1'), body)).status).toBe(400);
    },
  );
});

describe('PUT /cart/items/{productId} of a product with several variants', () => {
  it('answers 409 naming PUT /cart/variants/{variantId}, and changes nothing', async () => {
    const { token } = await newCustomer();
    const { productId } = await shirt();

    const answer = await putItem(token, productId, { quantity: 1 });

    expect(answer.status).toBe(409);
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
    expect(answer.body?.detail).toContain('/cart/variants/');
    expect((await getCart(token)).body).toMatchObject({ items: [] });
  });
});

describe('DELETE /cart/variants/{variantId} and /cart/items/{productId}', () => {
  it('takes one variant out by its id, and every variant of a product by the product id', async () => {
    const { token } = await newCustomer();
    const { productId, variant } = await shirt();
    await putVariant(token, variant('v1'), { quantity: 1 });
    await putVariant(token, variant('v3'), { quantity: 2 });
    await putVariant(token, variant('v4'), { quantity: 1 });

    const one = await removeVariant(token, variant('v3'));
    expect(one.status).toBe(200);
    const left = (one.body?.items ?? []) as Array<{ variantId: string }>;
    expect(left.map((item) => item.variantId)).toEqual([variant('v1'), variant('v4')]);
    expect((await removeVariant(token, variant('v3'))).status).toBe(200);

    const all = await removeItem(token, productId);
    expect(all).toMatchObject({ status: 200, body: { items: [], subtotal: 0 } });
  });
});

describe('a cart line stored before variants', () => {
  it("is its product's one variant: shown with the product's id as variant and SKU, and changed by either route", async () => {
    const { token, userId } = await newCustomer();
    const lamp = productChangedEvent(newProductId(), { name: 'Lamp', price: 2000 });
    await deliver(lamp);
    const productId = lamp.data.productId;
    // The cart item exactly as the service wrote it before variants.
    await documentClient().send(
      new PutCommand({
        TableName: tables.carts,
        Item: {
          userId,
          sk: 'CART',
          lines: [{ productId, quantity: 2, addedAt: new Date().toISOString() }],
          checkouts: [],
          openOrders: [],
          version: 1,
          updatedAt: new Date().toISOString(),
          expiresAt: Math.floor(Date.now() / 1000) + CART_TTL_SECONDS,
        },
      }),
    );

    expect((await getCart(token)).body).toMatchObject({
      items: [{ productId, variantId: productId, sku: productId, options: {}, quantity: 2, lineTotal: 4000 }],
    });
    expect((await putVariant(token, productId, { quantity: 5 })).body).toMatchObject({
      items: [{ variantId: productId, quantity: 5 }],
    });
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: tables.carts, Key: { userId, sk: 'CART' }, ConsistentRead: true }),
    );
    expect(Item?.lines).toEqual([{ productId, quantity: 5, addedAt: expect.any(String) }]);
    expect((await removeVariant(token, productId)).body).toMatchObject({ items: [] });
  });
});

describe('checking out variants', () => {
  it("sends each variant's id, SKU and options to orders, and takes exactly those variants out once confirmed", async () => {
    const { token, userId } = await newCustomer();
    const { productId, variant } = await shirt();
    const lamp = productChangedEvent(newProductId(), { name: 'Lamp', price: 4999 });
    await deliver(lamp);
    await putVariant(token, variant('v3'), { quantity: 2 });
    await putVariant(token, variant('v2'), { quantity: 1 });
    await putItem(token, lamp.data.productId, { quantity: 1 });
    await sentRequests();

    const accepted = await invokeHttp(
      routes.checkout,
      httpEvent('POST /cart/checkout', {
        body: { shippingAddress },
        token,
        headers: { 'idempotency-key': uniqueName('key') },
      }),
    );

    expect(accepted.status).toBe(202);
    const orderId = accepted.body?.orderId as string;
    const sent = (await sentRequests()) as CheckoutRequested[];
    expect(sent).toHaveLength(1);
    expect(sent[0]?.data).toMatchObject({
      orderId,
      lines: [
        {
          productId,
          name: 'T-shirt',
          variantId: variant('v3'),
          sku: 'TS-M-BLUE',
          options: { Size: 'M', Colour: 'Blue' },
          quantity: 2,
          unitPrice: 1600,
        },
        {
          productId,
          name: 'T-shirt',
          variantId: variant('v2'),
          sku: 'TS-S-BLACK',
          options: { Size: 'S', Colour: 'Black' },
          quantity: 1,
          unitPrice: 1510,
        },
        // A product without options goes as before variants.
        { productId: lamp.data.productId, name: 'Lamp', quantity: 1, unitPrice: 4999 },
      ],
      total: 3200 + 1510 + 4999,
    });
    expect(sent[0]?.data.lines[2]).not.toHaveProperty('variantId');

    // One more Medium Blue after checking out: it stays once the order is confirmed.
    await putVariant(token, variant('v3'), { quantity: 3 });
    await deliver(
      createEvent(
        orderConfirmed,
        {
          orderId,
          userId,
          status: 'CONFIRMED',
          items: sent[0]?.data.lines ?? [],
          total: sent[0]?.data.total ?? 0,
          currency: 'USD',
          updatedAt: new Date().toISOString(),
        },
        { source: 'orders' },
      ),
    );

    expect((await getCart(token)).body).toMatchObject({
      items: [{ variantId: variant('v3'), quantity: 1 }],
    });
  });
});
