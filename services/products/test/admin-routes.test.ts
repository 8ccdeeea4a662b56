import { httpEvent, invokeHttp, topicWithListener, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTables,
  drain,
  itemCount,
  serviceEnvironment,
  type Tables,
  userPoolWithTokens,
} from './support.ts';

// The routes as Lambda runs them: real handlers, real Cognito tokens (moto), real tables and topic.
let tables: Tables;
let queueUrl: string;
let adminToken: string;
let customerToken: string;
let routes: {
  list: typeof import('../src/handlers/products/list.ts').handler;
  get: typeof import('../src/handlers/products/get.ts').handler;
  create: typeof import('../src/handlers/products/create.ts').handler;
  update: typeof import('../src/handlers/products/update.ts').handler;
  remove: typeof import('../src/handlers/products/delete.ts').handler;
};

const lamp = {
  name: 'Brass Desk Lamp',
  description: 'A warm reading light with a weighted base.',
  category: 'lighting',
  price: 4999,
  stock: 12,
};

beforeAll(async () => {
  useEmulator();
  const [created, topic, pool] = await Promise.all([
    createTables(),
    topicWithListener('product-events'),
    userPoolWithTokens(),
  ]);
  tables = created;
  queueUrl = topic.listenerUrl;
  ({ adminToken, customerToken } = pool);
  serviceEnvironment(tables, topic.topicArn, pool);
  // The stage's catalogCacheSeconds; not the default (30), so the tests see it is the one used.
  process.env.CATALOG_CACHE_SECONDS = '45';
  // Imported only now: a handler module reads its configuration from the environment.
  routes = {
    list: (await import('../src/handlers/products/list.ts')).handler,
    get: (await import('../src/handlers/products/get.ts')).handler,
    create: (await import('../src/handlers/products/create.ts')).handler,
    update: (await import('../src/handlers/products/update.ts')).handler,
    remove: (await import('../src/handlers/products/delete.ts')).handler,
  };
});

async function createProduct(body: Record<string, unknown> = lamp) {
  const response = await invokeHttp(routes.create, httpEvent('POST /products', { body, token: adminToken }));
  expect(response.status).toBe(201);
  return response.body as Record<string, unknown> & { productId: string };
}

const productRoute = (
  routeKey: string,
  productId: string,
  options: { body?: unknown; token?: string } = {},
) =>
  httpEvent(routeKey, {
    path: `/products/${productId}`,
    pathParameters: { productId },
    ...options,
  });

describe('POST /products', () => {
  it('creates a product for an admin, answers 201 with it, and publishes ProductChanged', async () => {
    await drain(queueUrl);
    const response = await invokeHttp(
      routes.create,
      httpEvent('POST /products', { body: lamp, token: adminToken }),
    );

    expect(response.status).toBe(201);
    const created = response.body as Record<string, unknown> & { productId: string };
    expect(created).toEqual({
      ...lamp,
      productId: expect.stringMatching(/^p-[0-9a-f]{16}$/),
      // No X-Store-Id: the main store's, in its currency (v1 clients see what they saw, plus storeId).
      storeId: 'main',
      currency: 'USD',
      // v1.1: a product without options shows its one variant (its own id, price and stock) and no rating.
      options: [],
      variants: [
        {
          variantId: created.productId,
          sku: created.productId,
          options: {},
          price: lamp.price,
          stock: lamp.stock,
        },
      ],
      rating: { average: 0, count: 0 },
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    expect(response.headers.Location).toBe(`/products/${created.productId}`);
    const read = await invokeHttp(routes.get, productRoute('GET /products/{productId}', created.productId));
    expect(read).toMatchObject({ status: 200, body: created });
    const events = await drain(queueUrl);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ProductChanged',
        source: 'products',
        data: {
          productId: created.productId,
          storeId: 'main',
          name: lamp.name,
          description: lamp.description,
          category: lamp.category,
          price: lamp.price,
          currency: 'USD',
          stock: lamp.stock,
          deleted: false,
          revision: 1,
          updatedAt: created.updatedAt,
        },
      }),
    ]);
  });

  it('keeps a given currency and image URL', async () => {
    const created = await createProduct({
      ...lamp,
      currency: 'EUR',
      imageUrl: 'https://img.example/lamp.png',
    });
    expect(created).toMatchObject({ currency: 'EUR', imageUrl: 'https://img.example/lamp.png' });
  });

  it('refuses a customer with 403 and an anonymous caller with 401, writing nothing', async () => {
    const before = await itemCount(tables.products);
    const asCustomer = await invokeHttp(
      routes.create,
      httpEvent('POST /products', { body: lamp, token: customerToken }),
    );
    const anonymous = await invokeHttp(routes.create, httpEvent('POST /products', { body: lamp }));
    expect(asCustomer).toMatchObject({ status: 403, body: { status: 403, title: 'Forbidden' } });
    expect(asCustomer.headers['Content-Type']).toBe('application/problem+json');
    expect(anonymous).toMatchObject({ status: 401 });
    expect(await itemCount(tables.products)).toBe(before);
  });

  it.each([
    ['a negative price', { ...lamp, price: -1 }, 'price'],
    ['a fractional price', { ...lamp, price: 10.5 }, 'price'],
    ['a negative stock', { ...lamp, stock: -3 }, 'stock'],
    ['an empty name', { ...lamp, name: '   ' }, 'name'],
    ['a missing name', { ...lamp, name: undefined }, 'name'],
    ['an unknown field', { ...lamp, userId: 'u-1' }, 'userId'],
    ['a server-owned field', { ...lamp, productId: 'p-mine' }, 'productId'],
    ['a made-up currency', { ...lamp, currency: 'XYZ' }, 'currency'],
    ['a lower-case currency', { ...lamp, currency: 'usd' }, 'currency'],
    ['a category that is not a slug', { ...lamp, category: 'Desk Lamps' }, 'category'],
    ['an image URL that is not http(s)', { ...lamp, imageUrl: 'javascript:alert(1)' }, 'imageUrl'],
  ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field) => {
    const before = await Promise.all([itemCount(tables.products), itemCount(tables.search)]);
    const response = await invokeHttp(
      routes.create,
      httpEvent('POST /products', { body, token: adminToken }),
    );
    expect(response.status).toBe(400);
    expect(response.body?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await Promise.all([itemCount(tables.products), itemCount(tables.search)])).toEqual(before);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const event = httpEvent('POST /products', { body: 'name=lamp', token: adminToken });
    event.headers['content-type'] = 'application/x-www-form-urlencoded';
    expect((await invokeHttp(routes.create, event)).status).toBe(415);
  });
});

describe('PATCH /products/{productId}', () => {
  it('changes the given fields only, and publishes the new state', async () => {
    const created = await createProduct();
    await drain(queueUrl);
    const response = await invokeHttp(
      routes.update,
      productRoute('PATCH /products/{productId}', created.productId, {
        body: { name: 'Copper Desk Lamp', price: 5499, stock: 30 },
        token: adminToken,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...created,
      name: 'Copper Desk Lamp',
      price: 5499,
      stock: 30,
      variants: [
        { variantId: created.productId, sku: created.productId, options: {}, price: 5499, stock: 30 },
      ],
      updatedAt: expect.any(String),
    });
    const [event] = await drain(queueUrl);
    expect(event).toMatchObject({
      type: 'ProductChanged',
      data: { productId: created.productId, name: 'Copper Desk Lamp', price: 5499, stock: 30, revision: 2 },
    });
  });

  it('refuses a customer (403), an empty or unknown-field body (400), and an unknown product (404)', async () => {
    const created = await createProduct();
    const patch = (body: unknown, token = adminToken, productId = created.productId) =>
      invokeHttp(routes.update, productRoute('PATCH /products/{productId}', productId, { body, token }));

    expect((await patch({ price: 1 }, customerToken)).status).toBe(403);
    expect((await patch({})).status).toBe(400);
    const unknownField = await patch({ price: 1, status: 'ON_SALE' });
    expect(unknownField).toMatchObject({ status: 400, body: { errors: [{ field: 'status' }] } });
    expect((await patch({ stock: -1 })).status).toBe(400);
    expect((await patch({ name: '' })).status).toBe(400);
    expect((await patch({ price: 1 }, adminToken, 'p-0000000000000000')).status).toBe(404);
    const unchanged = await invokeHttp(
      routes.get,
      productRoute('GET /products/{productId}', created.productId),
    );
    expect(unchanged.body).toEqual(created);
  });
});

describe('products with variants (issue 16)', () => {
  const shirt = (tag: string) => ({
    name: `Route shirt ${tag}`,
    description: 'Two sizes.',
    category: 'clothing',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      { sku: `${tag}-S`, options: { Size: 'S' }, price: 1500, stock: 3 },
      { sku: `${tag}-M`, options: { Size: 'M' }, price: 1700, stock: 4 },
    ],
  });
  const variantRoute = (productId: string, variantId: string, body: unknown, token = adminToken) =>
    httpEvent('PATCH /products/{productId}/variants/{variantId}', {
      path: `/products/${productId}/variants/${variantId}`,
      pathParameters: { productId, variantId },
      body,
      token,
    });

  it('creates one (201), patches a variant through the product route function, and refuses a taken SKU (409)', async () => {
    const tag = `RT${Date.now().toString(36).toUpperCase()}`;
    const created = await createProduct(shirt(tag));
    expect(created).toMatchObject({ price: 1500, stock: 7, options: [{ name: 'Size', values: ['S', 'M'] }] });
    const [small, medium] = created.variants as Array<{ variantId: string; sku: string }>;
    const patched = await invokeHttp(
      routes.update,
      variantRoute(created.productId, medium?.variantId as string, { price: 1200, stock: 9 }),
    );
    expect(patched).toMatchObject({ status: 200, body: { price: 1200, stock: 12 } });
    expect((patched.body as { variants: unknown[] }).variants[1]).toMatchObject({
      variantId: medium?.variantId,
      price: 1200,
      stock: 9,
    });

    const taken = await invokeHttp(
      routes.update,
      variantRoute(created.productId, medium?.variantId as string, { sku: small?.sku }),
    );
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ detail: expect.stringContaining(String(small?.sku)) });
    const again = await invokeHttp(
      routes.create,
      httpEvent('POST /products', { body: shirt(tag), token: adminToken }),
    );
    expect(again.status).toBe(409);

    expect(
      (
        await invokeHttp(
          routes.update,
          variantRoute(created.productId, `${created.productId}_v7`, { stock: 1 }),
        )
      ).status,
    ).toBe(404);
    expect(
      (await invokeHttp(routes.update, variantRoute(created.productId, medium?.variantId as string, {})))
        .status,
    ).toBe(400);
    expect(
      (
        await invokeHttp(
          routes.update,
          variantRoute(created.productId, medium?.variantId as string, { stock: 1 }, customerToken),
        )
      ).status,
    ).toBe(403);
    const productPatch = await invokeHttp(
      routes.update,
      productRoute('PATCH /products/{productId}', created.productId, {
        body: { price: 1 },
        token: adminToken,
      }),
    );
    expect(productPatch.status).toBe(400);
    expect(JSON.stringify(productPatch.body)).toContain('/variants/');
  });

  it('refuses bad combinations with 400 and writes nothing', async () => {
    const before = await itemCount(tables.products);
    const tag = `BAD${Date.now().toString(36).toUpperCase()}`;
    const body = shirt(tag);
    for (const bad of [
      { ...body, variants: [body.variants[0], { ...body.variants[1], options: { Size: 'S' } }] },
      { ...body, variants: [{ ...body.variants[0], options: { Size: 'S', Colour: 'Blue' } }] },
      { ...body, variants: [{ ...body.variants[0], options: {} }] },
      { ...body, options: ['A', 'B', 'C', 'D'].map((name) => ({ name, values: ['x'] })) },
      { ...body, options: [{ name: 'Size', values: Array.from({ length: 51 }, (_, index) => `s${index}`) }] },
      { ...body, price: 100 },
    ]) {
      const refused = await invokeHttp(
        routes.create,
        httpEvent('POST /products', { body: bad, token: adminToken }),
      );
      expect(refused.status).toBe(400);
      expect(refused.headers['Content-Type']).toBe('application/problem+json');
    }
    expect(await itemCount(tables.products)).toBe(before);
  });
});

describe('DELETE /products/{productId}', () => {
  it('removes the product from reads, listings and search, and publishes it as deleted', async () => {
    const created = await createProduct({ ...lamp, name: 'Vanishing Lamp', category: 'vanishing' });
    await drain(queueUrl);
    const route = productRoute('DELETE /products/{productId}', created.productId, { token: adminToken });

    const response = await invokeHttp(routes.remove, route);

    expect(response).toEqual({ status: 204, headers: expect.any(Object), body: undefined });
    expect(
      (await invokeHttp(routes.get, productRoute('GET /products/{productId}', created.productId))).status,
    ).toBe(404);
    const byCategory = await invokeHttp(
      routes.list,
      httpEvent('GET /products', { query: { category: 'vanishing' } }),
    );
    expect(byCategory.body).toEqual({ items: [], nextCursor: null });
    const bySearch = await invokeHttp(routes.list, httpEvent('GET /products', { query: { q: 'vanishing' } }));
    expect(bySearch.body).toEqual({ items: [], nextCursor: null });
    const [event] = await drain(queueUrl);
    expect(event).toMatchObject({
      type: 'ProductChanged',
      data: { productId: created.productId, deleted: true },
    });
    // Gone for good: a second delete and an edit find nothing.
    expect((await invokeHttp(routes.remove, route)).status).toBe(404);
    const patch = productRoute('PATCH /products/{productId}', created.productId, {
      body: { price: 1 },
      token: adminToken,
    });
    expect((await invokeHttp(routes.update, patch)).status).toBe(404);
  });

  it('refuses a customer with 403 and leaves the product', async () => {
    const created = await createProduct();
    const route = productRoute('DELETE /products/{productId}', created.productId, { token: customerToken });
    expect((await invokeHttp(routes.remove, route)).status).toBe(403);
    expect(
      (await invokeHttp(routes.get, productRoute('GET /products/{productId}', created.productId))).status,
    ).toBe(200);
  });
});

describe('GET /products?q=', () => {
  it('finds products by every word of the query in name or description, case-insensitively', async () => {
    const telescope = await createProduct({
      ...lamp,
      name: 'Stargazer Telescope',
      description: 'A refractor for Moon and planets.',
      category: 'optics',
    });
    const binoculars = await createProduct({
      ...lamp,
      name: 'Stargazer Binoculars',
      description: 'Wide field, for the MOON and birds.',
      category: 'optics',
    });
    await createProduct({
      ...lamp,
      name: 'Stargazer Poster',
      description: 'A star map.',
      category: 'posters',
    });
    const search = async (query: Record<string, string>) =>
      (await invokeHttp(routes.list, httpEvent('GET /products', { query }))).body as {
        items: Array<{ productId: string; name: string }>;
        nextCursor: string | null;
      };

    const moon = await search({ q: 'STARGAZER moon' });
    expect(moon.items.map((item) => item.productId)).toEqual([binoculars.productId, telescope.productId]);
    const inPosters = await search({ q: 'stargazer', category: 'posters' });
    expect(inPosters.items.map((item) => item.name)).toEqual(['Stargazer Poster']);
    expect((await search({ q: 'refractor' })).items).toEqual([telescope]);
    // A word of 3+ letters also matches the words it begins (API.md v1.1).
    expect((await search({ q: 'stargaz' })).items.map((item) => item.name)).toEqual([
      'Stargazer Binoculars',
      'Stargazer Poster',
      'Stargazer Telescope',
    ]);
    expect((await search({ q: 'stargazers' })).items).toEqual([]);
  });

  it('pages through the results with a cursor, and refuses a query with no word', async () => {
    for (const index of [1, 2, 3]) await createProduct({ ...lamp, name: `Pagination Probe ${index}` });
    const first = await invokeHttp(
      routes.list,
      httpEvent('GET /products', { query: { q: 'probe pagination', limit: '2' } }),
    );
    const firstPage = first.body as { items: Array<{ name: string }>; nextCursor: string };
    expect(firstPage.items.map((item) => item.name)).toEqual(['Pagination Probe 1', 'Pagination Probe 2']);
    const second = await invokeHttp(
      routes.list,
      httpEvent('GET /products', {
        query: { q: 'probe pagination', limit: '2', cursor: firstPage.nextCursor },
      }),
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ name: 'Pagination Probe 3' })],
      nextCursor: null,
    });

    const noWord = await invokeHttp(routes.list, httpEvent('GET /products', { query: { q: '!' } }));
    expect(noWord).toMatchObject({ status: 400, body: { errors: [{ field: 'q' }] } });
    const otherCursor = await invokeHttp(
      routes.list,
      httpEvent('GET /products', { query: { q: 'lamp', cursor: firstPage.nextCursor } }),
    );
    expect(otherCursor).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });
});

describe('catalog queries through the route', () => {
  it('answers sorted pages and the facets, and refuses bad queries with 400 naming the field', async () => {
    const sorted = await invokeHttp(
      routes.list,
      httpEvent('GET /products', { query: { sort: '-price', limit: '3' } }),
    );
    expect(sorted.status).toBe(200);
    const prices = (sorted.body as { items: Array<{ price: number }> }).items.map((item) => item.price);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    const facets = await invokeHttp(
      routes.list,
      httpEvent('GET /products/facets', { path: '/products/facets', query: { category: 'lighting' } }),
    );
    expect(facets).toMatchObject({ status: 200, body: { categories: [{ value: 'lighting' }] } });
    expect(facets.headers['Cache-Control']).toContain('max-age=45');
    for (const [query, field] of [
      [{ minPrice: '500', maxPrice: '100' }, 'minPrice'],
      [{ sort: 'cheapest' }, 'sort'],
      [{ inStock: 'yes' }, 'inStock'],
    ] as const) {
      const refused = await invokeHttp(routes.list, httpEvent('GET /products', { query }));
      expect(refused).toMatchObject({ status: 400, body: { errors: [{ field }] } });
    }
    const page = await invokeHttp(
      routes.list,
      httpEvent('GET /products', { query: { sort: 'price', limit: '1' } }),
    );
    const cursor = (page.body as { nextCursor: string }).nextCursor;
    const replayed = await invokeHttp(
      routes.list,
      httpEvent('GET /products', { query: { sort: 'newest', cursor } }),
    );
    expect(replayed).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });
});

describe('cacheable public reads', () => {
  const cached = 'public, max-age=45, s-maxage=45';

  it('answers a product and a catalog page with Cache-Control and an ETag, and 304 to If-None-Match', async () => {
    const created = await createProduct({ ...lamp, name: 'Cached Lamp' });
    for (const event of [
      () => productRoute('GET /products/{productId}', created.productId),
      () => httpEvent('GET /products', { query: { category: 'lighting', limit: '5' } }),
      () => httpEvent('GET /products', { query: { limit: '5' } }),
    ]) {
      const handler = event().routeKey === 'GET /products' ? routes.list : routes.get;
      const first = await invokeHttp(handler, event());
      expect(first.status).toBe(200);
      expect(first.headers['Cache-Control']).toBe(cached);
      const etag = String(first.headers.ETag);
      expect(etag).toMatch(/^"[\w-]+"$/);

      const again = await invokeHttp(handler, { ...event(), headers: { 'if-none-match': etag } });
      expect(again).toMatchObject({
        status: 304,
        body: undefined,
        headers: { ETag: etag, 'Cache-Control': cached },
      });

      const other = await invokeHttp(handler, { ...event(), headers: { 'if-none-match': '"not-this-one"' } });
      expect(other.status).toBe(200);
      expect(other.headers.ETag).toBe(etag);
    }
  });

  it('answers a changed product with a new ETag and its new body, not 304', async () => {
    const created = await createProduct({ ...lamp, name: 'Changing Lamp' });
    const before = await invokeHttp(routes.get, productRoute('GET /products/{productId}', created.productId));
    const patched = await invokeHttp(
      routes.update,
      productRoute('PATCH /products/{productId}', created.productId, {
        body: { price: 3999 },
        token: adminToken,
      }),
    );
    expect(patched.status).toBe(200);
    expect(patched.headers['Cache-Control']).toBe('no-store');

    const after = await invokeHttp(routes.get, {
      ...productRoute('GET /products/{productId}', created.productId),
      headers: { 'if-none-match': String(before.headers.ETag) },
    });
    expect(after).toMatchObject({ status: 200, body: { price: 3999 } });
    expect(after.headers.ETag).not.toBe(before.headers.ETag);
  });

  it('never lets a 404, a 400 or an admin write be kept', async () => {
    const missing = await invokeHttp(routes.get, productRoute('GET /products/{productId}', 'p-none'));
    expect(missing.status).toBe(404);
    expect(missing.headers['Cache-Control']).toBe('no-store');
    const invalid = await invokeHttp(routes.list, httpEvent('GET /products', { query: { limit: '0' } }));
    expect(invalid.status).toBe(400);
    expect(invalid.headers['Cache-Control']).toBe('no-store');
    const created = await invokeHttp(
      routes.create,
      httpEvent('POST /products', { body: lamp, token: adminToken }),
    );
    expect(created.status).toBe(201);
    expect(created.headers['Cache-Control']).toBe('no-store');
    expect(created.headers.ETag).toBeUndefined();
  });
});
