import { describe, expect, it } from 'vitest';
import { apiUrl, createApiClient, type ShopApi, STORE_HEADER } from '../src/api/client.ts';
import { ApiError, NetworkError } from '../src/api/problem.ts';
import { createSessionStore } from '../src/session.ts';
import { fakeJwt, json, memoryStorage, problem, scriptedFetch } from './helpers.ts';

const base = 'http://127.0.0.1:3000';
const access = fakeJwt({ sub: 'u-1' });
const idToken = fakeJwt({ sub: 'u-1', email: 'a@example.com' });

function signedIn(now: () => number = () => 0, expiresIn = 3600) {
  const session = createSessionStore(memoryStorage(), now);
  session.signIn({ accessToken: access, idToken, refreshToken: 'r-1', expiresIn });
  return session;
}

describe('apiUrl', () => {
  it('joins the base URL and path and leaves out empty query values', () => {
    expect(apiUrl(`${base}/`, '/products', { category: 'books', q: '', limit: 5, cursor: undefined })).toBe(
      `${base}/products?category=books&limit=5`,
    );
  });
});

describe('createApiClient', () => {
  it('signs in: posts the credentials and keeps the tokens in the session', async () => {
    const session = createSessionStore(memoryStorage());
    const { fetch, requests } = scriptedFetch([
      json(200, { accessToken: access, idToken, refreshToken: 'r-9', expiresIn: 3600 }),
    ]);
    await createApiClient({ baseUrl: base, session, fetch }).login({
      email: 'a@example.com',
      password: 'pw',
    });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `${base}/auth/login`,
      body: { email: 'a@example.com', password: 'pw' },
    });
    expect(requests[0]?.headers.authorization).toBeUndefined();
    expect(session.tokens()?.refreshToken).toBe('r-9');
  });

  it('sends the access token as a bearer token on routes that need it', async () => {
    const { fetch, requests } = scriptedFetch([json(200, { items: [], subtotal: 0, currency: 'USD' })]);
    await createApiClient({ baseUrl: base, session: signedIn(), fetch }).getCart();
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${access}`);
  });

  it('sends the Idempotency-Key it is given with a checkout', async () => {
    const { fetch, requests } = scriptedFetch([json(202, { orderId: 'o-1', status: 'PENDING' })]);
    const body = {
      shippingAddress: { line1: 'x', city: 'y', postalCode: '1', country: 'US' },
      paymentMethod: 'card_ok' as const,
    };
    const accepted = await createApiClient({ baseUrl: base, session: signedIn(), fetch }).checkout(
      body,
      'key-1',
    );
    expect(accepted.orderId).toBe('o-1');
    expect(requests[0]).toMatchObject({ method: 'POST', url: `${base}/cart/checkout`, body });
    expect(requests[0]?.headers['idempotency-key']).toBe('key-1');
  });

  it('sets where the cart goes and how, signed in, and answers the cart priced for it', async () => {
    const priced = { items: [], subtotal: 0, shippingTotal: 499, total: 499, currency: 'USD' };
    const { fetch, requests } = scriptedFetch([json(200, priced)]);
    const body = {
      shippingAddress: { line1: 'x', city: 'y', postalCode: '1', country: 'US' },
      shippingOptionId: 'express',
    };
    const cart = await createApiClient({ baseUrl: base, session: signedIn(), fetch }).setDelivery(body);
    expect(cart).toEqual(priced);
    expect(requests[0]).toMatchObject({ method: 'PUT', url: `${base}/cart/delivery`, body });
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${access}`);
  });

  it('turns a refused shipping option (409) into an ApiError with its detail', async () => {
    const { fetch } = scriptedFetch([problem(409, 'The shipping option "express" does not deliver to NO.')]);
    const failure = await createApiClient({ baseUrl: base, session: signedIn(), fetch })
      .setDelivery({
        shippingAddress: { line1: 'x', city: 'y', postalCode: '1', country: 'NO' },
        shippingOptionId: 'express',
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(409);
    expect((failure as ApiError).message).toMatch(/does not deliver to NO/);
  });

  it('lists the shipping options for a country without a token (anyone may read them)', async () => {
    const options = { items: [{ shippingOptionId: 's', name: 'Standard', price: 499 }] };
    const { fetch, requests } = scriptedFetch([json(200, options), json(200, { items: [] })]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    expect(await api.listShippingOptions('DE')).toEqual(options);
    await api.listShippingOptions();
    expect(requests.map((request) => request.url)).toEqual([
      `${base}/shipping-options?country=DE`,
      `${base}/shipping-options`,
    ]);
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });

  it('asks for every user’s orders with scope=all for an admin', async () => {
    const { fetch, requests } = scriptedFetch([json(200, { items: [], nextCursor: null })]);
    await createApiClient({ baseUrl: base, session: signedIn(), fetch }).listAllOrders({
      status: 'CONFIRMED',
    });
    expect(requests[0]?.url).toBe(`${base}/orders?scope=all&status=CONFIRMED`);
  });

  it('encodes ids in paths', async () => {
    const { fetch, requests } = scriptedFetch([json(200, {})]);
    await createApiClient({ baseUrl: base, session: signedIn(), fetch }).getOrder('a/b?c');
    expect(requests[0]?.url).toBe(`${base}/orders/a%2Fb%3Fc`);
  });

  it('answers undefined for a 204', async () => {
    const { fetch } = scriptedFetch([new Response(null, { status: 204 })]);
    await expect(
      createApiClient({ baseUrl: base, session: signedIn(), fetch }).clearCart(),
    ).resolves.toBeUndefined();
  });

  it('throws the problem+json answer as an ApiError with its field errors', async () => {
    const { fetch } = scriptedFetch([
      problem(400, 'The request is invalid.', [
        { field: 'shippingAddress.country', message: 'Must be 2 letters' },
        { field: 'shippingAddress.country', message: 'Must be uppercase' },
      ]),
    ]);
    const body = { shippingAddress: { line1: 'x', city: 'y', postalCode: '1', country: 'usa' } };
    const error = await createApiClient({ baseUrl: base, session: signedIn(), fetch })
      .checkout(body, 'k')
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe('The request is invalid.');
    expect((error as ApiError).fieldErrors).toEqual({
      'shippingAddress.country': 'Must be 2 letters; Must be uppercase',
    });
  });

  it('makes a problem up for an error answer that is not problem+json', async () => {
    const { fetch } = scriptedFetch([
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    ]);
    const error = (await createApiClient({ baseUrl: base, session: signedIn(), fetch })
      .getCart()
      .catch((reason: unknown) => reason)) as ApiError;
    expect(error.problem).toMatchObject({ status: 502, title: 'Bad Gateway' });
    expect(error.problem.detail).toMatch(/try again/);
  });

  it('reports an unreachable API as a NetworkError', async () => {
    const { fetch } = scriptedFetch([new TypeError('fetch failed')]);
    await expect(
      createApiClient({ baseUrl: base, session: signedIn(), fetch }).listProducts(),
    ).rejects.toBeInstanceOf(NetworkError);
  });

  it('refreshes an access token that is about to expire before using it', async () => {
    const session = signedIn(() => 0, 10);
    const fresh = fakeJwt({ sub: 'u-1', fresh: true });
    const { fetch, requests } = scriptedFetch([
      json(200, { accessToken: fresh, idToken, expiresIn: 3600 }),
      json(200, { items: [], nextCursor: null }),
    ]);
    await createApiClient({ baseUrl: base, session, fetch }).listOrders();
    expect(requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /auth/refresh',
      'GET /orders',
    ]);
    expect(requests[0]?.body).toEqual({ refreshToken: 'r-1' });
    expect(requests[1]?.headers.authorization).toBe(`Bearer ${fresh}`);
  });

  it('refreshes once after a 401 and repeats the request', async () => {
    const fresh = fakeJwt({ sub: 'u-1', fresh: true });
    const { fetch, requests } = scriptedFetch([
      problem(401, 'expired'),
      json(200, { accessToken: fresh, idToken, expiresIn: 3600 }),
      json(200, { items: [], nextCursor: null }),
    ]);
    await createApiClient({ baseUrl: base, session: signedIn(), fetch }).listNotifications();
    expect(requests).toHaveLength(3);
    expect(requests[2]?.headers.authorization).toBe(`Bearer ${fresh}`);
  });

  it('signs out when the refresh token is refused too', async () => {
    const session = signedIn();
    const { fetch } = scriptedFetch([problem(401, 'expired'), problem(401, 'refresh token revoked')]);
    await expect(createApiClient({ baseUrl: base, session, fetch }).getCart()).rejects.toMatchObject({
      status: 401,
      sessionEnded: true,
    });
    expect(session.tokens()).toBeUndefined();
  });

  it('runs one refresh for requests that need it at the same time', async () => {
    const session = signedIn(() => 0, 10);
    const { fetch, requests } = scriptedFetch([
      json(200, { accessToken: access, idToken, expiresIn: 3600 }),
      json(200, { items: [], subtotal: 0, currency: 'USD' }),
      json(200, { items: [], nextCursor: null }),
    ]);
    const client = createApiClient({ baseUrl: base, session, fetch });
    await Promise.all([client.getCart(), client.listOrders()]);
    expect(requests.filter((request) => request.url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('uses the rotated refresh token for the next refresh', async () => {
    const session = signedIn(() => 0, 10);
    const { fetch, requests } = scriptedFetch([
      json(200, { accessToken: access, idToken, refreshToken: 'r-2', expiresIn: 10 }),
      json(200, { items: [], nextCursor: null }),
      json(200, { accessToken: access, idToken, refreshToken: 'r-3', expiresIn: 3600 }),
      json(200, { items: [], nextCursor: null }),
    ]);
    const client = createApiClient({ baseUrl: base, session, fetch });
    await client.listOrders();
    await client.listOrders();
    const refreshes = requests.filter((request) => request.url.endsWith('/auth/refresh'));
    expect(refreshes.map((request) => request.body)).toEqual([
      { refreshToken: 'r-1' },
      { refreshToken: 'r-2' },
    ]);
    expect(session.tokens()?.refreshToken).toBe('r-3');
  });

  it('logs out: forgets the session at once and revokes the refresh token', async () => {
    const session = signedIn();
    const { fetch, requests } = scriptedFetch([new Response(null, { status: 204 })]);
    await createApiClient({ baseUrl: base, session, fetch }).logout();
    expect(session.tokens()).toBeUndefined();
    expect(requests).toEqual([
      expect.objectContaining({ method: 'POST', url: `${base}/auth/logout`, body: { refreshToken: 'r-1' } }),
    ]);
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });

  it('still logs out here when the shop cannot be reached to revoke the token', async () => {
    const session = signedIn();
    const { fetch } = scriptedFetch([new TypeError('fetch failed')]);
    await expect(createApiClient({ baseUrl: base, session, fetch }).logout()).resolves.toBeUndefined();
    expect(session.tokens()).toBeUndefined();
  });

  it('erases the account with the access token, then forgets the session', async () => {
    const session = signedIn();
    const { fetch, requests } = scriptedFetch([new Response(null, { status: 204 })]);
    await createApiClient({ baseUrl: base, session, fetch }).eraseAccount();
    expect(requests).toEqual([expect.objectContaining({ method: 'DELETE', url: `${base}/users/me` })]);
    expect(requests[0]?.headers.authorization).toMatch(/^Bearer /);
    expect(session.tokens()).toBeUndefined();
  });

  it('keeps the session when the erasure fails, so the customer can try again', async () => {
    const session = signedIn();
    const { fetch } = scriptedFetch([problem(429, 'Too many requests; retry later.')]);
    await expect(createApiClient({ baseUrl: base, session, fetch }).eraseAccount()).rejects.toMatchObject({
      status: 429,
    });
    expect(session.tokens()).toBeDefined();
  });

  it('does not sign out on a 401 from the login route itself', async () => {
    const session = signedIn();
    const { fetch } = scriptedFetch([problem(401, 'Wrong email or password.')]);
    await expect(
      createApiClient({ baseUrl: base, session, fetch }).login({ email: 'a@example.com', password: 'x' }),
    ).rejects.toMatchObject({ status: 401, message: 'Wrong email or password.', sessionEnded: false });
    expect(session.tokens()).toBeDefined();
  });
});

describe('the catalog as this client wrote it (cached reads up to catalogCacheSeconds old)', () => {
  const product = (changes: Record<string, unknown> = {}) => ({
    productId: 'p-1',
    name: 'Lamp',
    description: 'A lamp.',
    category: 'lighting',
    price: 1000,
    currency: 'USD',
    stock: 5,
    createdAt: '2026-12-02T10:00:00.000Z',
    updatedAt: '2026-12-02T10:00:00.000Z',
    ...changes,
  });
  const other = { ...product(), productId: 'p-2', name: 'Rug' };

  it('shows its own edit over an older cached answer, and a newer answer over its edit', async () => {
    const edited = product({ price: 800, updatedAt: '2026-12-02T10:05:00.000Z' });
    const newer = product({ price: 700, updatedAt: '2026-12-02T10:06:00.000Z' });
    const { fetch } = scriptedFetch([
      json(200, edited),
      json(200, product()),
      json(200, { items: [product(), other], nextCursor: null }),
      json(200, newer),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    await api.updateProduct('p-1', { price: 800 });
    expect(await api.getProduct('p-1')).toEqual(edited);
    expect((await api.listProducts()).items).toEqual([edited, other]);
    expect(await api.getProduct('p-1')).toEqual(newer);
  });

  it('leaves a product it deleted out of cached pages and answers it 404', async () => {
    const { fetch } = scriptedFetch([
      new Response(null, { status: 204 }),
      json(200, { items: [product(), other], nextCursor: 'c' }),
      json(200, product()),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    await api.deleteProduct('p-1');
    expect(await api.listProducts()).toEqual({ items: [other], nextCursor: 'c' });
    const failure = await api.getProduct('p-1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(404);
  });

  it('shows answers as they come for products it did not write', async () => {
    const { fetch } = scriptedFetch([json(200, { items: [product(), other], nextCursor: null })]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    expect((await api.listProducts()).items).toEqual([product(), other]);
  });
});

describe('the shipping and tax admin calls', () => {
  it('adds, changes and deletes a shipping option, signed in', async () => {
    const option = {
      shippingOptionId: 'so 1',
      name: 'Express',
      price: 999,
      estimatedDays: 1,
      countries: ['*'],
    };
    const { fetch, requests } = scriptedFetch([
      json(201, option),
      json(200, { ...option, price: 599 }),
      new Response(null, { status: 204 }),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    const { shippingOptionId: _id, ...body } = option;
    expect(await api.createShippingOption(body)).toEqual(option);
    expect((await api.updateShippingOption('so 1', { price: 599, freeOver: null })).price).toBe(599);
    await api.deleteShippingOption('so 1');
    expect(requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: `${base}/shipping-options`, body },
      { method: 'PATCH', url: `${base}/shipping-options/so%201`, body: { price: 599, freeOver: null } },
      { method: 'DELETE', url: `${base}/shipping-options/so%201`, body: undefined },
    ]);
    for (const request of requests) expect(request.headers.authorization).toBe(`Bearer ${access}`);
  });

  it('lists, sets and deletes tax rates in basis points', async () => {
    const { fetch, requests } = scriptedFetch([
      json(200, { items: [{ country: 'AT', rate: 2000 }] }),
      json(200, { country: 'DE', rate: 1900 }),
      new Response(null, { status: 204 }),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    expect(await api.listTaxRates()).toEqual({ items: [{ country: 'AT', rate: 2000 }] });
    expect(await api.setTaxRate('DE', 1900)).toEqual({ country: 'DE', rate: 1900 });
    await api.deleteTaxRate('DE');
    expect(requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'GET', url: `${base}/tax-rates`, body: undefined },
      { method: 'PUT', url: `${base}/tax-rates/DE`, body: { rate: 1900 } },
      { method: 'DELETE', url: `${base}/tax-rates/DE`, body: undefined },
    ]);
    expect(requests.slice(1).map((request) => request.headers.authorization)).toEqual([
      `Bearer ${access}`,
      `Bearer ${access}`,
    ]);
  });

  it('turns a refused option (400, 409) into an ApiError with its field errors and detail', async () => {
    const { fetch } = scriptedFetch([
      problem(400, 'The request is not valid.', [
        { field: 'countries.0', message: 'must be a known country' },
      ]),
      problem(409, 'The store offers 50 shipping options already.'),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    const body = { name: 'Express', price: 999, estimatedDays: 1, countries: ['XX'] };
    const invalid = await api.createShippingOption(body).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ApiError);
    expect((invalid as ApiError).fieldErrors).toEqual({ 'countries.0': 'must be a known country' });
    const full = await api.createShippingOption(body).catch((error: unknown) => error);
    expect(full).toMatchObject({ status: 409, message: 'The store offers 50 shipping options already.' });
  });
});

describe('the store of every store-scoped call (X-Store-Id)', () => {
  const emptyPage = () => json(200, { items: [], nextCursor: null });
  const cart = () => json(200, { items: [], subtotal: 0, currency: 'EUR' });
  const order = () => json(200, { orderId: 'o-1' });
  const body = {
    shippingAddress: { line1: 'x', city: 'y', postalCode: '1', country: 'DE' },
    paymentMethod: 'card_ok' as const,
  };
  const product = {
    name: 'Lamp',
    description: 'A lamp.',
    category: 'lighting',
    price: 1000,
    currency: 'EUR',
    stock: 1,
  };

  const shippingOption = { name: 'Express', price: 999, estimatedDays: 1, countries: ['DE'] };

  /** Every store-scoped call of the client, with an answer of its shape. */
  const storeScoped: [string, (api: ShopApi) => Promise<unknown>, () => Response][] = [
    ['GET /products', (api) => api.listProducts(), emptyPage],
    [
      'GET /products/{id}',
      (api) => api.getProduct('p-1'),
      () => json(200, { productId: 'p-1', updatedAt: '' }),
    ],
    [
      'POST /products',
      (api) => api.createProduct(product),
      () => json(201, { productId: 'p-2', updatedAt: '' }),
    ],
    [
      'PATCH /products/{id}',
      (api) => api.updateProduct('p-1', { stock: 2 }),
      () => json(200, { productId: 'p-1', updatedAt: '' }),
    ],
    ['DELETE /products/{id}', (api) => api.deleteProduct('p-1'), () => new Response(null, { status: 204 })],
    ['GET /cart', (api) => api.getCart(), cart],
    ['PUT /cart/items/{id}', (api) => api.setCartItem('p-1', 2), cart],
    ['DELETE /cart/items/{id}', (api) => api.removeCartItem('p-1'), cart],
    ['PUT /cart/variants/{id}', (api) => api.setCartVariant('p-1_v2', 2), cart],
    ['DELETE /cart/variants/{id}', (api) => api.removeCartVariant('p-1_v2'), cart],
    ['DELETE /cart', (api) => api.clearCart(), () => new Response(null, { status: 204 })],
    ['PUT /cart/delivery', (api) => api.setDelivery({ shippingAddress: body.shippingAddress }), cart],
    ['GET /shipping-options', (api) => api.listShippingOptions('DE'), () => json(200, { items: [] })],
    [
      'POST /shipping-options',
      (api) => api.createShippingOption(shippingOption),
      () => json(201, { shippingOptionId: 'so-1', ...shippingOption }),
    ],
    [
      'PATCH /shipping-options/{id}',
      (api) => api.updateShippingOption('so-1', { price: 599 }),
      () => json(200, { shippingOptionId: 'so-1', ...shippingOption }),
    ],
    [
      'DELETE /shipping-options/{id}',
      (api) => api.deleteShippingOption('so-1'),
      () => new Response(null, { status: 204 }),
    ],
    ['GET /tax-rates', (api) => api.listTaxRates(), () => json(200, { items: [] })],
    [
      'PUT /tax-rates/{country}',
      (api) => api.setTaxRate('DE', 1900),
      () => json(200, { country: 'DE', rate: 1900 }),
    ],
    [
      'DELETE /tax-rates/{country}',
      (api) => api.deleteTaxRate('DE'),
      () => new Response(null, { status: 204 }),
    ],
    [
      'POST /cart/checkout',
      (api) => api.checkout(body, 'k-1'),
      () => json(202, { orderId: 'o-1', status: 'PENDING' }),
    ],
    ['GET /orders', (api) => api.listOrders(), emptyPage],
    ['GET /orders?scope=all', (api) => api.listAllOrders(), emptyPage],
    ['GET /orders/{id}', (api) => api.getOrder('o-1'), order],
    ['POST /orders/{id}/cancel', (api) => api.cancelOrder('o-1'), order],
    ['POST /orders/{id}/ship', (api) => api.shipOrder('o-1'), order],
    ['POST /orders/{id}/deliver', (api) => api.deliverOrder('o-1'), order],
    ['GET /notifications', (api) => api.listNotifications(), emptyPage],
  ];

  it.each(storeScoped)('%s names the client’s store', async (_name, call, answer) => {
    const { fetch, requests } = scriptedFetch([answer()]);
    await call(createApiClient({ baseUrl: base, session: signedIn(), fetch, storeId: 'berlin' }));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers[STORE_HEADER]).toBe('berlin');
  });

  it.each(storeScoped)(
    '%s names main when no store is chosen (what v1 clients meant)',
    async (_name, call, answer) => {
      const { fetch, requests } = scriptedFetch([answer()]);
      await call(createApiClient({ baseUrl: base, session: signedIn(), fetch }));
      expect(requests[0]?.headers[STORE_HEADER]).toBe('main');
    },
  );

  it('sends no store on the routes that are not a store’s (accounts, profile, stores)', async () => {
    const { fetch, requests } = scriptedFetch([
      json(200, { accessToken: access, idToken, refreshToken: 'r-2', expiresIn: 3600 }),
      json(200, { userId: 'u-1' }),
      emptyPage(),
      json(200, { storeId: 'berlin' }),
      new Response(null, { status: 204 }),
      new Response(null, { status: 204 }),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch, storeId: 'berlin' });
    await api.login({ email: 'a@example.com', password: 'pw' });
    await api.getProfile();
    await api.allStores();
    await api.getStore('berlin');
    await api.grantStoreAdmin('berlin', 'b@example.com');
    await api.logout();
    expect(requests).toHaveLength(6);
    for (const request of requests) expect(request.headers[STORE_HEADER], request.url).toBeUndefined();
  });

  it('gives one client per store, all on the same session', async () => {
    const { fetch, requests } = scriptedFetch([cart(), cart()]);
    const main = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    const berlin = main.inStore('berlin');
    expect(berlin.storeId).toBe('berlin');
    expect(main.inStore('berlin')).toBe(berlin);
    expect(berlin.inStore('main')).toBe(main);
    await berlin.getCart();
    await main.getCart();
    expect(requests.map((request) => request.headers[STORE_HEADER])).toEqual(['berlin', 'main']);
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${access}`,
      `Bearer ${access}`,
    ]);
  });

  it('runs one refresh for two stores that need it at once (refresh tokens rotate)', async () => {
    const session = signedIn(() => 0, 10);
    const { fetch, requests } = scriptedFetch([
      json(200, { accessToken: access, idToken, refreshToken: 'r-2', expiresIn: 3600 }),
      cart(),
      cart(),
    ]);
    const main = createApiClient({ baseUrl: base, session, fetch });
    await Promise.all([main.getCart(), main.inStore('berlin').getCart()]);
    expect(requests.filter((request) => request.url.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(session.tokens()?.refreshToken).toBe('r-2');
  });

  it('keeps the store on the retry after a refresh', async () => {
    const fresh = fakeJwt({ sub: 'u-1', fresh: true });
    const { fetch, requests } = scriptedFetch([
      problem(401, 'expired'),
      json(200, { accessToken: fresh, idToken, expiresIn: 3600 }),
      cart(),
    ]);
    await createApiClient({ baseUrl: base, session: signedIn(), fetch, storeId: 'berlin' }).getCart();
    expect(requests.map((request) => request.headers[STORE_HEADER])).toEqual(['berlin', undefined, 'berlin']);
  });

  it('reads every page of the stores, and names a store admin by email in the path', async () => {
    const { fetch, requests } = scriptedFetch([
      json(200, { items: [{ storeId: 'main' }], nextCursor: 'c-1' }),
      json(200, { items: [{ storeId: 'berlin' }], nextCursor: null }),
      new Response(null, { status: 204 }),
      new Response(null, { status: 204 }),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    expect((await api.allStores()).map((store) => store.storeId)).toEqual(['main', 'berlin']);
    await api.grantStoreAdmin('berlin', 'b+1@example.com');
    await api.revokeStoreAdmin('berlin', 'b+1@example.com');
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET ${base}/stores?limit=100`,
      `GET ${base}/stores?limit=100&cursor=c-1`,
      `PUT ${base}/stores/berlin/admins/b%2B1%40example.com`,
      `DELETE ${base}/stores/berlin/admins/b%2B1%40example.com`,
    ]);
    expect(requests[2]?.headers.authorization).toMatch(/^Bearer /);
  });
});
