import { sqsRecord, uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BERLIN,
  call,
  createTables,
  deliver,
  deliveredOrder,
  drainRatings,
  knowStores,
  poolWithStoreAdmins,
  productRatingsQueue,
  registered,
  serviceEnvironment,
} from './support.ts';

// Every review route through its real handler (middleware, Cognito tokens signed by the emulator,
// the tables as serverless.yml declares them), buyers made by the real OrderDelivered consumer.
type Person = { token: string; userId: string };
let people: { ada: Person; bob: Person; eve: Person; admin: Person; berlinAdmin: Person };
let ratingsQueue: string;
let routes: {
  list: typeof import('../src/handlers/reviews/list.ts').handler;
  post: typeof import('../src/handlers/reviews/post.ts').handler;
  update: typeof import('../src/handlers/reviews/update.ts').handler;
  remove: typeof import('../src/handlers/reviews/delete.ts').handler;
  mine: typeof import('../src/handlers/reviews/mine.ts').handler;
  recordBuyers: typeof import('../src/handlers/events/record-buyers.ts').handler;
};

const LIST = 'GET /products/{productId}/reviews';
const POST = 'POST /products/{productId}/reviews';
const PUT = 'PUT /products/{productId}/reviews/mine';
const DELETE = 'DELETE /products/{productId}/reviews/{reviewId}';
const MINE = 'GET /reviews/mine/{productId}';

const lamp = uniqueName('p-lamp');
const desk = uniqueName('p-desk');
const good = { rating: 4, title: 'Good lamp', body: 'Bright and steady.' };

const post = (who: Person, productId: string, body: unknown, store?: string) =>
  call(routes.post, POST, {
    token: who.token,
    pathParameters: { productId },
    body,
    ...(store ? { store } : {}),
  });
const list = (productId: string, query: Record<string, string> = {}, store?: string) =>
  call(routes.list, LIST, { pathParameters: { productId }, query, ...(store ? { store } : {}) });

beforeAll(async () => {
  useEmulator();
  const [tables, queue, pool] = await Promise.all([
    createTables(),
    productRatingsQueue(),
    poolWithStoreAdmins(),
  ]);
  ratingsQueue = queue;
  await knowStores(tables);
  const [ada, bob, eve, admin, berlinAdmin] = await Promise.all([
    pool.signIn('ada'),
    pool.signIn('bob'),
    pool.signIn('eve'),
    pool.signIn('admin', ['admin']),
    pool.signIn('berlin-admin', [`store-admin-${BERLIN.storeId}`]),
  ]);
  people = { ada, bob, eve, admin, berlinAdmin };
  // Read once per cold start by the handlers' config and authenticator, so set before they are imported.
  serviceEnvironment(tables, ratingsQueue, pool);
  vi.resetModules();
  routes = {
    list: (await import('../src/handlers/reviews/list.ts')).handler,
    post: (await import('../src/handlers/reviews/post.ts')).handler,
    update: (await import('../src/handlers/reviews/update.ts')).handler,
    remove: (await import('../src/handlers/reviews/delete.ts')).handler,
    mine: (await import('../src/handlers/reviews/mine.ts')).handler,
    recordBuyers: (await import('../src/handlers/events/record-buyers.ts')).handler,
  };
  // Ada and Bob received the lamp in main (Ada the desk too); Eve received it in berlin only.
  const events = [
    registered(ada.userId, 'Ada Lovelace'),
    registered(bob.userId, 'Bob'),
    deliveredOrder(ada.userId, [lamp, desk]),
    deliveredOrder(bob.userId, [lamp]),
    deliveredOrder(eve.userId, [lamp], { storeId: BERLIN.storeId, currency: 'EUR' }),
  ];
  expect(await deliver(routes.recordBuyers, ...events.map((event) => sqsRecord(event)))).toEqual([]);
});

describe('POST /products/{productId}/reviews', () => {
  it('refuses a customer who never received the product (403), and one who received it in another store', async () => {
    const stranger = await post(people.eve, lamp, good);
    expect(stranger.status).toBe(403);
    expect(stranger.headers['Content-Type']).toBe('application/problem+json');
    expect(stranger.body.detail).toBe('Only customers who received this product can review it.');
    expect((await post(people.ada, lamp, good, BERLIN.storeId)).status).toBe(403);
  });

  it("takes a verified buyer's review: 201, plain text as given (trimmed), the profile name as author", async () => {
    const answer = await post(people.ada, lamp, {
      rating: 4,
      title: '  Nice <b>lamp</b> ',
      body: '<script>alert(1)</script> Bright. ',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      reviewId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      productId: lamp,
      authorName: 'Ada Lovelace',
      rating: 4,
      title: 'Nice <b>lamp</b>',
      body: '<script>alert(1)</script> Bright.',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(answer.body)).not.toContain(people.ada.userId);
  });

  it('answers a second review of the same product by the same buyer 409', async () => {
    const again = await post(people.ada, lamp, { rating: 1, title: 'Again', body: '' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://shop.example/problems/conflict');
  });

  it.each([
    ['a rating of 0', { rating: 0, title: 'Zero', body: '' }],
    ['a rating of 6', { rating: 6, title: 'Six', body: '' }],
    ['a rating of 4.5', { rating: 4.5, title: 'Half', body: '' }],
    ['a rating as text', { rating: '4', title: 'Text', body: '' }],
    ['a title of 10,000 characters', { rating: 3, title: 'x'.repeat(10_000), body: '' }],
    ['a blank title', { rating: 3, title: '   ', body: '' }],
    ['a body over 5,000 characters', { rating: 3, title: 'Long', body: 'y'.repeat(5001) }],
    ['no title', { rating: 3, body: '' }],
    ['a field the server owns', { ...good, authorName: 'Someone else' }],
  ])('refuses %s with 400, writing nothing', async (_, body) => {
    const answer = await post(people.bob, lamp, body);
    expect(answer.status).toBe(400);
    expect(answer.headers['Content-Type']).toBe('application/problem+json');
    expect(
      (await call(routes.mine, MINE, { token: people.bob.token, pathParameters: { productId: lamp } }))
        .status,
    ).toBe(404);
  });

  it('needs a token (401) and a known store (404)', async () => {
    expect((await call(routes.post, POST, { pathParameters: { productId: lamp }, body: good })).status).toBe(
      401,
    );
    expect((await post(people.bob, lamp, good, 'nowhere')).status).toBe(404);
  });
});

describe('GET /products/{productId}/reviews and GET /reviews/mine/{productId}', () => {
  let bobsReview: string;
  beforeAll(async () => {
    const answer = await post(people.bob, lamp, { rating: 5, title: 'Best lamp', body: 'Warm light.' });
    expect(answer.status).toBe(201);
    bobsReview = answer.body.reviewId as string;
  });

  it('lists anyone the reviews of the product, newest first, with the contract fields only', async () => {
    const page = await list(lamp);
    expect(page.status).toBe(200);
    const items = page.body.items as Array<Record<string, unknown>>;
    expect(items.map((item) => item.authorName)).toEqual(['Bob', 'Ada Lovelace']);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(
      ['authorName', 'body', 'createdAt', 'productId', 'rating', 'reviewId', 'title', 'updatedAt'].sort(),
    );
    expect(page.body.nextCursor).toBeNull();
    expect(page.headers['Cache-Control']).toBe('no-store');
  });

  it('lists by rating, and a page at a time with a cursor bound to its product and sort', async () => {
    const byRating = await list(lamp, { sort: 'rating' });
    expect((byRating.body.items as Array<{ rating: number }>).map((item) => item.rating)).toEqual([5, 4]);
    const first = await list(lamp, { sort: 'rating', limit: '1' });
    expect((first.body.items as Array<{ reviewId: string }>).map((item) => item.reviewId)).toEqual([
      bobsReview,
    ]);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await list(lamp, { sort: 'rating', limit: '1', cursor });
    expect((second.body.items as Array<{ rating: number }>).map((item) => item.rating)).toEqual([4]);
    for (const [productId, query] of [
      [lamp, { sort: 'newest', cursor }],
      [desk, { sort: 'rating', cursor }],
      [lamp, { sort: 'rating', cursor: 'bm90LWEtY3Vyc29y' }],
    ] as const) {
      const refused = await list(productId, query);
      expect(refused.status, JSON.stringify(query)).toBe(400);
    }
    expect((await list(lamp, { sort: 'stars' })).status).toBe(400);
  });

  it("keeps a store's reviews to that store, and an unknown store is 404", async () => {
    expect((await list(lamp, {}, BERLIN.storeId)).body.items).toEqual([]);
    expect((await list(lamp, {}, 'nowhere')).status).toBe(404);
    expect((await list(uniqueName('p-nobody'))).body).toEqual({ items: [], nextCursor: null });
  });

  it("answers the caller's own review, 404 for one who has none, 401 without a token", async () => {
    const mine = await call(routes.mine, MINE, {
      token: people.bob.token,
      pathParameters: { productId: lamp },
    });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ reviewId: bobsReview, authorName: 'Bob', rating: 5 });
    const none = await call(routes.mine, MINE, {
      token: people.eve.token,
      pathParameters: { productId: lamp },
    });
    expect(none.status).toBe(404);
    expect((await call(routes.mine, MINE, { pathParameters: { productId: lamp } })).status).toBe(401);
  });
});

describe('PUT /products/{productId}/reviews/mine', () => {
  it("changes the caller's own review", async () => {
    const answer = await call(routes.update, PUT, {
      token: people.ada.token,
      pathParameters: { productId: lamp },
      body: { rating: 2, title: 'Flickers', body: 'After a week.' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      rating: 2,
      title: 'Flickers',
      body: 'After a week.',
      authorName: 'Ada Lovelace',
    });
    expect(answer.body.updatedAt).not.toBe(answer.body.createdAt);
  });

  it('is 404 for a customer without a review of it, and 400 for a bad body', async () => {
    const none = await call(routes.update, PUT, {
      token: people.eve.token,
      pathParameters: { productId: lamp },
      body: good,
    });
    expect(none.status).toBe(404);
    for (const rating of [0, 6, 4.5]) {
      const bad = await call(routes.update, PUT, {
        token: people.ada.token,
        pathParameters: { productId: lamp },
        body: { rating, title: 'Bad', body: '' },
      });
      expect(bad.status).toBe(400);
    }
  });
});

describe('DELETE /products/{productId}/reviews/{reviewId}', () => {
  let adasDesk: string;
  beforeAll(async () => {
    const answer = await post(people.ada, desk, { rating: 3, title: 'Wobbly', body: '' });
    expect(answer.status).toBe(201);
    adasDesk = answer.body.reviewId as string;
  });
  const remove = (who: Person, reviewId: string, store?: string) =>
    call(routes.remove, DELETE, {
      token: who.token,
      pathParameters: { productId: desk, reviewId },
      ...(store ? { store } : {}),
    });
  const deskReviews = async () => ((await list(desk)).body.items as unknown[]).length;

  it("refuses another customer (403) and another store's admin (403), deleting nothing", async () => {
    const stranger = await remove(people.bob, adasDesk);
    expect(stranger.status).toBe(403);
    expect(stranger.headers['Content-Type']).toBe('application/problem+json');
    expect((await remove(people.berlinAdmin, adasDesk)).status).toBe(403);
    // In berlin, where the admin is one, the review of main is not there at all.
    expect((await remove(people.berlinAdmin, adasDesk, BERLIN.storeId)).status).toBe(404);
    expect(await deskReviews()).toBe(1);
  });

  it('is 404 for a review that does not exist', async () => {
    expect((await remove(people.ada, 'no-such-review')).status).toBe(404);
  });

  it("lets the store's admin remove a review", async () => {
    expect((await remove(people.admin, adasDesk)).status).toBe(204);
    expect(await deskReviews()).toBe(0);
    expect((await remove(people.ada, adasDesk)).status).toBe(404);
  });

  it('lets the author delete their own, and post again afterwards', async () => {
    const again = await post(people.ada, desk, { rating: 4, title: 'Fixed it', body: '' });
    expect(again.status).toBe(201);
    expect((await remove(people.ada, again.body.reviewId as string)).status).toBe(204);
    expect(await deskReviews()).toBe(0);
  });
});

describe('the rating changes the routes sent to products', () => {
  it("carry each product's exact aggregate at strictly increasing revisions", async () => {
    const ratings = await drainRatings(ratingsQueue);
    const ofProduct = (productId: string) =>
      ratings
        .filter((event) => event.data.productId === productId)
        .map(({ data }) => [data.count, data.sum, data.average, data.revision]);
    // Lamp: Ada 4, Bob 5, Ada's 4 changed to 2.
    expect(ofProduct(lamp)).toEqual([
      [1, 4, 4, 1],
      [2, 9, 4.5, 2],
      [2, 7, 3.5, 3],
    ]);
    // Desk: Ada 3, removed by the admin; Ada 4 again, deleted by her.
    expect(ofProduct(desk)).toEqual([
      [1, 3, 3, 1],
      [0, 0, 0, 2],
      [1, 4, 4, 3],
      [0, 0, 0, 4],
    ]);
    expect(
      ratings.every((event) => event.type === 'ProductRatingChanged' && event.data.storeId === 'main'),
    ).toBe(true);
  });
});
