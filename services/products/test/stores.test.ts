import { CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import {
  mainStoreDefaults,
  type Store,
  stockReleaseRequested,
  stockReservationRequested,
} from '@shop/contracts';
import { createEvent, type EventEnvelope } from '@shop/events';
import { recordStoreChange } from '@shop/store-directory';
import {
  httpEvent,
  invokeHttp,
  lambdaContext,
  sqsRecord,
  testUserPool,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { BERLIN, createTables, drain, itemCount, serviceEnvironment, type Tables } from './support.ts';

// Issue 15's attacks on the catalog: real handlers, real Cognito tokens and groups (moto), real tables.
let tables: Tables;
let queueUrl: string;
let tokens: { admin: string; customer: string; berlinAdmin: string };
let routes: {
  list: typeof import('../src/handlers/products/list.ts').handler;
  get: typeof import('../src/handlers/products/get.ts').handler;
  create: typeof import('../src/handlers/products/create.ts').handler;
  update: typeof import('../src/handlers/products/update.ts').handler;
  remove: typeof import('../src/handlers/products/delete.ts').handler;
  stock: typeof import('../src/handlers/stock/requests.ts').handler;
};

const berlin: Store = {
  storeId: BERLIN,
  name: 'Laden Berlin',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
  returnWindowDays: 14,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const knife = {
  name: 'Chef Knife',
  description: 'Forged steel, 20 cm.',
  category: 'home-and-kitchen',
  price: 6999,
  stock: 10,
};

beforeAll(async () => {
  useEmulator();
  const [created, topic, pool] = await Promise.all([
    createTables(),
    topicWithListener('product-events'),
    testUserPool('products-stores'),
  ]);
  tables = created;
  queueUrl = topic.listenerUrl;
  await pool.cognito.send(
    new CreateGroupCommand({ UserPoolId: pool.userPoolId, GroupName: `store-admin-${BERLIN}` }),
  );
  const [admin, customer, berlinAdmin] = await Promise.all([
    pool.signIn('admin', ['admin']),
    pool.signIn('customer'),
    pool.signIn('berlin-admin', [`store-admin-${BERLIN}`]),
  ]);
  tokens = { admin: admin.token, customer: customer.token, berlinAdmin: berlinAdmin.token };
  // The products service's own copy of the stores, as StoreChanged leaves it.
  await recordStoreChange({ tableName: tables.stores }, mainStoreDefaults);
  await recordStoreChange({ tableName: tables.stores }, berlin);
  serviceEnvironment(tables, topic.topicArn, pool);
  routes = {
    list: (await import('../src/handlers/products/list.ts')).handler,
    get: (await import('../src/handlers/products/get.ts')).handler,
    create: (await import('../src/handlers/products/create.ts')).handler,
    update: (await import('../src/handlers/products/update.ts')).handler,
    remove: (await import('../src/handlers/products/delete.ts')).handler,
    stock: (await import('../src/handlers/stock/requests.ts')).handler,
  };
});

type Answer = { status: number; body?: Record<string, unknown> };
type Page = { items: Array<{ productId: string; name: string; storeId: string }>; nextCursor: string | null };

const inStore = (storeId: string | undefined): Record<string, string> =>
  storeId === undefined ? {} : { 'x-store-id': storeId };

async function create(storeId: string | undefined, body: Record<string, unknown>, token = tokens.admin) {
  return (await invokeHttp(
    routes.create,
    httpEvent('POST /products', { body, token, headers: inStore(storeId) }),
  )) as Answer;
}

async function created(storeId: string | undefined, body: Record<string, unknown> = knife) {
  const answer = await create(storeId, body);
  expect(answer.status).toBe(201);
  return answer.body as Record<string, unknown> & { productId: string; storeId: string };
}

const productEvent = (
  routeKey: string,
  productId: string,
  storeId: string | undefined,
  options: { body?: unknown; token?: string } = {},
) =>
  httpEvent(routeKey, {
    path: `/products/${productId}`,
    pathParameters: { productId },
    headers: inStore(storeId),
    ...options,
  });

const get = async (productId: string, storeId?: string) =>
  (await invokeHttp(routes.get, productEvent('GET /products/{productId}', productId, storeId))) as Answer;
const patch = async (productId: string, storeId: string | undefined, body: unknown, token = tokens.admin) =>
  (await invokeHttp(
    routes.update,
    productEvent('PATCH /products/{productId}', productId, storeId, { body, token }),
  )) as Answer;
const remove = async (productId: string, storeId: string | undefined, token = tokens.admin) =>
  (await invokeHttp(
    routes.remove,
    productEvent('DELETE /products/{productId}', productId, storeId, { token }),
  )) as Answer;
const list = async (storeId: string | undefined, query: Record<string, string | undefined>) =>
  (await invokeHttp(
    routes.list,
    httpEvent('GET /products', { query: definedOnly(query), headers: inStore(storeId) }),
  )) as Answer;
const definedOnly = (query: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;

/** Every item the catalog's tables hold, to show a refused request wrote nothing. */
const written = () =>
  Promise.all([itemCount(tables.products), itemCount(tables.search), itemCount(tables.outbox)]);

describe('the store of a request (X-Store-Id)', () => {
  it('is main without the header, and the named store with it: its id and currency on the product', async () => {
    const inMain = await created(undefined);
    const inBerlin = await created(BERLIN);
    expect(inMain).toMatchObject({ storeId: 'main', currency: 'USD' });
    expect(inBerlin).toMatchObject({ storeId: BERLIN, currency: 'EUR' });
    expect((await created(BERLIN, { ...knife, currency: 'CHF' })).currency).toBe('CHF');
    expect((await get(inMain.productId, 'main')).body).toEqual(inMain);
  });

  it.each([
    ['unknown', 'nowhere', 404],
    ['malformed', 'Not A Store!', 400],
    ['too long', 'x'.repeat(33), 400],
  ])('refuses an %s store with %s on every route, writing nothing', async (_, storeId, status) => {
    const existing = await created(undefined);
    const before = await written();
    const answers = [
      await create(storeId, knife),
      await patch(existing.productId, storeId, { price: 1 }),
      await remove(existing.productId, storeId),
      await get(existing.productId, storeId),
      await list(storeId, {}),
      await list(storeId, { q: 'knife' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(status);
      if (status === 400)
        expect(answer.body?.errors).toEqual([expect.objectContaining({ field: 'headers.x-store-id' })]);
    }
    expect(await written()).toEqual(before);
    expect((await get(existing.productId)).body).toMatchObject({ price: knife.price, stock: knife.stock });
  });
});

describe("a store admin's reach", () => {
  it('writes in their own store (201, 200, 204) and nowhere else (403, nothing written)', async () => {
    const mainProduct = await created(undefined);
    const before = await written();
    const forbidden = [
      await create(undefined, knife, tokens.berlinAdmin),
      await create('main', knife, tokens.berlinAdmin),
      await patch(mainProduct.productId, undefined, { price: 1 }, tokens.berlinAdmin),
      await remove(mainProduct.productId, 'main', tokens.berlinAdmin),
    ];
    expect(forbidden.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(await written()).toEqual(before);
    expect((await get(mainProduct.productId)).body).toEqual(mainProduct);

    const own = await create(BERLIN, knife, tokens.berlinAdmin);
    expect(own).toMatchObject({ status: 201, body: { storeId: BERLIN } });
    const productId = String(own.body?.productId);
    expect(await patch(productId, BERLIN, { price: 7490 }, tokens.berlinAdmin)).toMatchObject({
      status: 200,
      body: { price: 7490, storeId: BERLIN },
    });
    expect((await remove(productId, BERLIN, tokens.berlinAdmin)).status).toBe(204);
  });

  it('is not given to a customer in any store (403), nor to an anonymous caller (401)', async () => {
    expect((await create(BERLIN, knife, tokens.customer)).status).toBe(403);
    const anonymous = await invokeHttp(
      routes.create,
      httpEvent('POST /products', { body: knife, headers: inStore(BERLIN) }),
    );
    expect(anonymous.status).toBe(401);
  });
});

describe("another store's product", () => {
  it('is not found through this store: read, change and delete answer 404 and change nothing', async () => {
    const theirs = await created(BERLIN, { ...knife, name: 'Berlin Only Grater', category: 'graters' });
    await drain(queueUrl);
    const before = await written();
    expect((await get(theirs.productId)).status).toBe(404);
    expect((await get(theirs.productId, 'main')).status).toBe(404);
    expect((await patch(theirs.productId, 'main', { price: 1 })).status).toBe(404);
    expect((await remove(theirs.productId, undefined)).status).toBe(404);
    expect(await written()).toEqual(before);
    expect(await drain(queueUrl)).toEqual([]);
    expect((await get(theirs.productId, BERLIN)).body).toEqual(theirs);
    // Nor is it listed or found in main.
    for (const query of [{}, { category: 'graters' }, { q: 'grater' }]) {
      const page = (await list('main', { ...query, limit: '100' })).body as Page;
      expect(page.items.map((item) => item.productId)).not.toContain(theirs.productId);
    }
    const found = (await list(BERLIN, { q: 'grater' })).body as Page;
    expect(found.items.map((item) => item.productId)).toEqual([theirs.productId]);
  });
});

describe('a cursor', () => {
  it('issued in one store is refused in another (400 cursor), for a listing, a category and a search', async () => {
    for (const index of [1, 2, 3]) {
      await created(undefined, { ...knife, name: `Cursor Knife ${index}`, category: 'cursor-knives' });
      await created(BERLIN, { ...knife, name: `Cursor Knife ${index}`, category: 'cursor-knives' });
    }
    for (const query of [{}, { category: 'cursor-knives' }, { q: 'cursor knife' }]) {
      const first = (await list('main', { ...query, limit: '2' })).body as Page;
      expect(first.nextCursor).toEqual(expect.any(String));
      const replayed = await list(BERLIN, { ...query, limit: '2', cursor: first.nextCursor as string });
      expect(replayed).toMatchObject({
        status: 400,
        body: { errors: [{ field: 'cursor', message: 'was issued for another store' }] },
      });
      // In its own store it goes on.
      expect((await list('main', { ...query, limit: '2', cursor: first.nextCursor as string })).status).toBe(
        200,
      );
    }
  });
});

describe('two stores with the same product name', () => {
  it('keep two products, each listed, searched, priced and stocked in its own store only', async () => {
    const name = `Twin Mug ${uniqueName('t')}`;
    const inMain = await created(undefined, { ...knife, name, category: 'twin-mugs', price: 1499, stock: 5 });
    const inBerlin = await created(BERLIN, { ...knife, name, category: 'twin-mugs', price: 1690, stock: 7 });
    expect(inBerlin.productId).not.toBe(inMain.productId);
    for (const [storeId, product] of [
      ['main', inMain],
      [BERLIN, inBerlin],
    ] as const) {
      for (const query of [{ category: 'twin-mugs' }, { q: name }]) {
        const page = (await list(storeId, query)).body as Page;
        expect(page.items).toEqual([product]);
      }
    }
    // An edit and a reservation in berlin leave main's product as it was.
    await patch(inBerlin.productId, BERLIN, { name: `${name} XL` });
    const orderId = uniqueName('order');
    await reserve(BERLIN, orderId, [{ productId: inBerlin.productId, quantity: 3 }]);
    expect((await get(inBerlin.productId, BERLIN)).body).toMatchObject({ stock: 4, name: `${name} XL` });
    expect((await get(inMain.productId)).body).toEqual(inMain);
    const mainPage = (await list('main', { q: name })).body as Page;
    expect(mainPage.items.map((item) => item.productId)).toEqual([inMain.productId]);
  });
});

async function reserve(
  storeId: string,
  orderId: string,
  lines: Array<{ productId: string; quantity: number }>,
) {
  const request = createEvent(
    stockReservationRequested,
    { storeId, orderId, lines },
    { source: 'orders', correlationId: orderId },
  );
  const answer = await routes.stock(
    { Records: [sqsRecord(request)] } as SQSEvent,
    lambdaContext('handleStockRequests'),
  );
  expect(answer.batchItemFailures).toEqual([]);
  return request;
}

const storedStock = async (productId: string) =>
  (
    await documentClient().send(
      new GetCommand({ TableName: tables.products, Key: { productId }, ConsistentRead: true }),
    )
  ).Item?.stock as number;

describe('the stock consumer', () => {
  it("refuses a line of another store's product like an unknown one, taking nothing", async () => {
    const theirs = await created(BERLIN, { ...knife, stock: 4 });
    const ours = await created(undefined, { ...knife, stock: 4 });
    const orderId = uniqueName('order');
    await drain(queueUrl);
    await reserve('main', orderId, [
      { productId: ours.productId, quantity: 1 },
      { productId: theirs.productId, quantity: 1 },
    ]);
    expect([await storedStock(ours.productId), await storedStock(theirs.productId)]).toEqual([4, 4]);
    const replies = (await drain(queueUrl)).filter(
      (event: EventEnvelope) => (event.data as { orderId?: string }).orderId === orderId,
    );
    expect(replies).toEqual([
      expect.objectContaining({
        type: 'StockReservationFailed',
        data: {
          orderId,
          storeId: 'main',
          reason: 'OUT_OF_STOCK',
          shortLines: [{ productId: theirs.productId, requested: 1, available: 0 }],
        },
      }),
    ]);
  });

  it("reserves a store's own product and says which store in the reply", async () => {
    const theirs = await created(BERLIN, { ...knife, stock: 4 });
    const orderId = uniqueName('order');
    await drain(queueUrl);
    await reserve(BERLIN, orderId, [{ productId: theirs.productId, quantity: 2 }]);
    expect(await storedStock(theirs.productId)).toBe(2);
    const replies = (await drain(queueUrl)).filter(
      (event: EventEnvelope) => (event.data as { orderId?: string }).orderId === orderId,
    );
    expect(replies).toEqual([
      expect.objectContaining({
        type: 'StockReserved',
        data: { orderId, storeId: BERLIN, lines: [{ productId: theirs.productId, quantity: 2 }] },
      }),
    ]);
  });

  it("takes nothing of another store's hot product, whose stock lives in shards", async () => {
    const theirs = await created(BERLIN, { ...knife, stock: 32, hot: true });
    await reserve(BERLIN, uniqueName('order'), [{ productId: theirs.productId, quantity: 2 }]);
    expect((await get(theirs.productId, BERLIN)).body).toMatchObject({ stock: 30 });
    // This container now knows the product is hot, so main's requests go straight to its shards.
    await drain(queueUrl);
    const orderId = uniqueName('order');
    await reserve('main', orderId, [{ productId: theirs.productId, quantity: 1 }]);
    await reserve('main', uniqueName('order'), [{ productId: theirs.productId, quantity: 5 }]);
    expect((await get(theirs.productId, BERLIN)).body).toMatchObject({ stock: 30 });
    const [reply] = (await drain(queueUrl)).filter(
      (event: EventEnvelope) => (event.data as { orderId?: string }).orderId === orderId,
    );
    expect(reply?.data).toEqual({
      orderId,
      storeId: 'main',
      reason: 'OUT_OF_STOCK',
      shortLines: [{ productId: theirs.productId, requested: 1, available: 0 }],
    });
  });

  it("gives nothing back for a release that names another store than the order's", async () => {
    const theirs = await created(BERLIN, { ...knife, stock: 4 });
    const orderId = uniqueName('order');
    await reserve(BERLIN, orderId, [{ productId: theirs.productId, quantity: 3 }]);
    await drain(queueUrl);
    const release = (storeId: string) =>
      routes.stock(
        {
          Records: [
            sqsRecord(
              createEvent(
                stockReleaseRequested,
                { storeId, orderId, reason: 'CANCELLED' },
                { source: 'orders', correlationId: orderId },
              ),
            ),
          ],
        } as SQSEvent,
        lambdaContext('handleStockRequests'),
      );
    await release('main');
    expect(await storedStock(theirs.productId)).toBe(1);
    await release(BERLIN);
    expect(await storedStock(theirs.productId)).toBe(4);
    const replies = (await drain(queueUrl)).filter(
      (event: EventEnvelope) => (event.data as { orderId?: string }).orderId === orderId,
    );
    expect(replies.map((event) => event.data)).toEqual([
      { orderId, storeId: 'main', lines: [] },
      { orderId, storeId: BERLIN, lines: [{ productId: theirs.productId, quantity: 3 }] },
    ]);
  });

  it('publishes ProductChanged with the store of the product', async () => {
    await drain(queueUrl);
    const product = await created(BERLIN);
    const [event] = await drain(queueUrl);
    expect(event).toMatchObject({
      type: 'ProductChanged',
      data: { productId: product.productId, storeId: BERLIN, currency: 'EUR' },
    });
  });
});
