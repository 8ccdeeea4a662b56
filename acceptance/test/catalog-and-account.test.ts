// The routes the order flow does not take, through the base URL: an admin's catalog edits and
// deletes, search by word and category, a cleared cart, refreshed tokens, the API description. (The
// least-privilege check, run last, also needs these functions to have made their calls.)
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

let admin: SignedInUser;
let customer: SignedInUser;
beforeAll(async () => {
  admin = await api.admin();
  customer = await api.newCustomer('catalog');
});

const ids = (answer: { body: { items: Array<{ productId: string }> } }) =>
  answer.body.items.map((item) => item.productId);

describe('an admin keeps the catalog', () => {
  it('renames a product, finds it by its new word and its category, then deletes it for good', async () => {
    const word = `zq${randomUUID().slice(0, 8)}`;
    const category = `cat-${randomUUID().slice(0, 8)}`;
    const created = await api.request('POST', '/products', {
      token: admin.accessToken,
      body: { name: 'Plain lamp', description: 'A lamp.', category, price: 1200, stock: 3 },
    });
    expect(created.status).toBe(201);
    const { productId } = created.body;

    const renamed = await api.request('PATCH', `/products/${productId}`, {
      token: admin.accessToken,
      body: { name: `Lamp ${word}`, price: 1350 },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ productId, name: `Lamp ${word}`, price: 1350, category, stock: 3 });

    const byWord = await api.request('GET', `/products?q=${word.toUpperCase()}`);
    expect(byWord.status).toBe(200);
    expect(ids(byWord)).toEqual([productId]);
    expect(ids(await api.request('GET', '/products?q=plain'))).not.toContain(productId);
    const byCategory = await api.request('GET', `/products?category=${category}`);
    expect(ids(byCategory)).toEqual([productId]);

    // A customer may not edit; the product is unchanged.
    const refused = await api.request('PATCH', `/products/${productId}`, {
      token: customer.accessToken,
      body: { price: 1 },
    });
    expect(refused.status).toBe(403);
    expect((await api.request('GET', `/products/${productId}`)).body.price).toBe(1350);

    expect((await api.request('DELETE', `/products/${productId}`, { token: admin.accessToken })).status).toBe(
      204,
    );
    expect((await api.request('GET', `/products/${productId}`)).status).toBe(404);
    expect(ids(await api.request('GET', `/products?q=${word}`))).toEqual([]);
    expect(ids(await api.request('GET', `/products?category=${category}`))).toEqual([]);
  });
});

describe('anyone browsing', () => {
  it('sees the whole catalog sorted by name, page after page, each product once', async () => {
    const names: string[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await api.request('GET', `/products?limit=25${query}`);
      expect(page.status).toBe(200);
      for (const item of page.body.items as Array<{ productId: string; name: string }>) {
        expect(seen.has(item.productId)).toBe(false);
        seen.add(item.productId);
        names.push(item.name.toLowerCase());
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    // The demo catalog alone has 56 products.
    expect(names.length).toBeGreaterThanOrEqual(56);
    expect(names).toEqual([...names].sort());
  });
});

describe('cacheable public reads (stages.yml catalogCacheSeconds: 30)', () => {
  const cached = 'public, max-age=30, s-maxage=30';

  it('answers a product and catalog pages with an ETag, and 304 without a body while nothing changed', async () => {
    const books = await api.request('GET', '/products?category=books&limit=1');
    const productId = ids(books)[0] as string;
    for (const path of [
      `/products/${productId}`,
      '/products?limit=20',
      '/products?category=books&limit=20',
    ]) {
      const first = await api.request('GET', path);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe(cached);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await api.request('GET', path, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe(cached);
    }
  });

  it('answers 200 with a new ETag once the product changed, and never lets a private or write answer be kept', async () => {
    const product = await api.newProduct(admin.accessToken, { stock: 4 }, customer.accessToken);
    const before = await api.request('GET', `/products/${product.productId}`);
    const etag = before.headers.get('etag') as string;
    const patched = await api.request('PATCH', `/products/${product.productId}`, {
      token: admin.accessToken,
      body: { price: 777 },
    });
    expect(patched.headers.get('cache-control')).toBe('no-store');
    const after = await api.request('GET', `/products/${product.productId}`, {
      headers: { 'if-none-match': etag },
    });
    expect(after.status).toBe(200);
    expect(after.body.price).toBe(777);
    expect(after.headers.get('etag')).not.toBe(etag);

    const cart = await api.request('GET', '/cart', { token: customer.accessToken });
    expect(cart.status).toBe(200);
    expect(cart.headers.get('cache-control')).toBe('no-store');
    expect(cart.headers.get('etag')).toBeNull();
    const me = await api.request('GET', '/users/me', {
      token: customer.accessToken,
      headers: { 'if-none-match': '*' },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const missing = await api.request('GET', '/products/p-none', { headers: { 'if-none-match': '*' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });
});

describe('a customer', () => {
  it('clears the cart with one call', async () => {
    const product = await api.newProduct(admin.accessToken, { stock: 5 }, customer.accessToken);
    await poll(
      'the product in the cart',
      () =>
        api.request('PUT', `/cart/items/${product.productId}`, {
          token: customer.accessToken,
          body: { quantity: 2 },
        }),
      (answer) => answer.status === 200,
    );
    expect((await api.request('DELETE', '/cart', { token: customer.accessToken })).status).toBe(204);
    const cart = await api.request('GET', '/cart', { token: customer.accessToken });
    expect(cart.body).toMatchObject({ items: [], subtotal: 0 });
  });

  it('refreshes the tokens, and the new access token works; a bad refresh token is a 401', async () => {
    const refreshed = await api.request('POST', '/auth/refresh', {
      body: { refreshToken: customer.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    // Refresh tokens rotate: the answer carries the next one (a field added to v1's answer).
    expect(refreshed.body).toEqual({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    expect(refreshed.body.refreshToken).not.toBe(customer.refreshToken);
    const me = await api.request('GET', '/users/me', { token: refreshed.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.userId).toBe(customer.userId);
    const bad = await api.request('POST', '/auth/refresh', { body: { refreshToken: 'not-a-refresh-token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('logs out: the refresh token refreshes nothing any more, and logging out again is the same 204', async () => {
    const leaving = await api.newCustomer('logout');
    const logout = () =>
      api.request('POST', '/auth/logout', { body: { refreshToken: leaving.refreshToken } });
    expect((await logout()).status).toBe(204);
    const refused = await api.request('POST', '/auth/refresh', {
      body: { refreshToken: leaving.refreshToken },
    });
    expect(refused.status).toBe(401);
    expect((await logout()).status).toBe(204);
    expect((await api.request('POST', '/auth/logout', { body: { refreshToken: 'made-up' } })).status).toBe(
      204,
    );
  });

  it('reads the API description, which lists the routes it just used', async () => {
    const document = await api.request('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/auth/refresh', '/cart', '/products/{productId}']),
    );
    const docs = await api.request('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
  });
});
