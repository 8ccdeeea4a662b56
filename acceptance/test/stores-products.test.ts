// Issue 15's attacks on the catalog, through the base URL: a store of its own (created as the platform
// admin, with a store admin granted), the seeded `berlin`, and main without any X-Store-Id.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

const storeId = `acc-${randomUUID().slice(0, 8)}`;
const inStore = (id: string) => ({ 'x-store-id': id });
let admin: SignedInUser;
let storeAdmin: { accessToken: string };

const lamp = (name: string) => ({
  name,
  description: 'Made by the stores acceptance test.',
  category: 'acceptance-stores',
  price: 2500,
  stock: 5,
});
const ids = (answer: { body: { items: Array<{ productId: string }> } }) =>
  answer.body.items.map((item) => item.productId);

beforeAll(async () => {
  admin = await api.admin();
  const created = await api.request('POST', '/stores', {
    token: admin.accessToken,
    body: { storeId, name: 'Acceptance Laden', currency: 'EUR', country: 'DE', taxIncluded: true },
  });
  expect(created.status).toBe(201);
  const user = await api.newCustomer('store-admin');
  const granted = await api.request('PUT', `/stores/${storeId}/admins/${encodeURIComponent(user.email)}`, {
    token: admin.accessToken,
  });
  expect(granted.status).toBe(204);
  // Tokens issued before the grant do not carry it: sign in again.
  storeAdmin = await api.login(user.email, user.password);
  // The products service learns the store from StoreChanged (its own read model).
  await poll(
    `store ${storeId} known to the catalog`,
    () => api.request('GET', '/products?limit=1', { headers: inStore(storeId) }),
    (answer) => answer.status === 200,
    { timeoutMs: 20_000 },
  );
}, 60_000);

describe('the store of a request', () => {
  it('is refused when unknown (404) or malformed (400), and nothing is written', async () => {
    const name = `Nowhere lamp ${randomUUID().slice(0, 8)}`;
    const unknown = await api.request('POST', '/products', {
      token: admin.accessToken,
      body: lamp(name),
      headers: inStore(`no-${randomUUID().slice(0, 8)}`),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await api.request('POST', '/products', {
      token: admin.accessToken,
      body: lamp(name),
      headers: inStore('Not A Store!'),
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'headers.x-store-id' })]);
    expect((await api.request('GET', '/products', { headers: inStore('nowhere-at-all') })).status).toBe(404);
    const word = name.split(' ').at(-1) as string;
    for (const id of ['main', storeId])
      expect(ids(await api.request('GET', `/products?q=${word}`, { headers: inStore(id) }))).toEqual([]);
  });
});

describe('a store admin', () => {
  it("manages their own store's products (201, 200, 204) and none of main's (403)", async () => {
    const own = await api.request('POST', '/products', {
      token: storeAdmin.accessToken,
      body: lamp('Own lamp'),
      headers: inStore(storeId),
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ storeId, currency: 'EUR' });
    const changed = await api.request('PATCH', `/products/${own.body.productId}`, {
      token: storeAdmin.accessToken,
      body: { price: 2790 },
      headers: inStore(storeId),
    });
    expect(changed).toMatchObject({ status: 200, body: { price: 2790 } });

    const mains = await api.request('POST', '/products', {
      token: admin.accessToken,
      body: lamp('Main lamp'),
    });
    expect(mains.status).toBe(201);
    const mainId = mains.body.productId as string;
    const refused = [
      await api.request('POST', '/products', { token: storeAdmin.accessToken, body: lamp('Intruder') }),
      await api.request('PATCH', `/products/${mainId}`, {
        token: storeAdmin.accessToken,
        body: { price: 1 },
      }),
      await api.request('DELETE', `/products/${mainId}`, {
        token: storeAdmin.accessToken,
        headers: inStore('main'),
      }),
    ];
    expect(refused.map((answer) => answer.status)).toEqual([403, 403, 403]);
    expect((await api.request('GET', `/products/${mainId}`)).body).toEqual(mains.body);

    expect(
      (
        await api.request('DELETE', `/products/${own.body.productId}`, {
          token: storeAdmin.accessToken,
          headers: inStore(storeId),
        })
      ).status,
    ).toBe(204);
  });
});

describe("another store's product and cursor", () => {
  it("is 404 through main's routes, and main's cursor is a 400 in the other store", async () => {
    const theirs = await api.request('POST', '/products', {
      token: admin.accessToken,
      body: lamp('Theirs lamp'),
      headers: inStore(storeId),
    });
    expect(theirs.status).toBe(201);
    const productId = theirs.body.productId as string;
    expect((await api.request('GET', `/products/${productId}`)).status).toBe(404);
    const patched = await api.request('PATCH', `/products/${productId}`, {
      token: admin.accessToken,
      body: { price: 1 },
    });
    expect(patched.status).toBe(404);
    expect((await api.request('DELETE', `/products/${productId}`, { token: admin.accessToken })).status).toBe(
      404,
    );
    expect((await api.request('GET', `/products/${productId}`, { headers: inStore(storeId) })).body).toEqual(
      theirs.body,
    );

    const page = await api.request('GET', '/products?limit=2');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const replayed = await api.request('GET', `/products?limit=2&cursor=${page.body.nextCursor}`, {
      headers: inStore(storeId),
    });
    expect(replayed.status).toBe(400);
    expect(replayed.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});

describe('the seeded berlin store', () => {
  it('has a catalog of its own in euro, with a product named like one of main, independent of it', async () => {
    const berlin = await api.request('GET', '/products?limit=100', { headers: inStore('berlin') });
    expect(berlin.status).toBe(200);
    expect(berlin.body.items.length).toBeGreaterThanOrEqual(20);
    for (const item of berlin.body.items) expect(item).toMatchObject({ storeId: 'berlin', currency: 'EUR' });

    const inBerlin = await api.request('GET', '/products?q=chef%20knife', { headers: inStore('berlin') });
    const inMain = await api.request('GET', '/products?q=chef%20knife');
    const [theirs] = inBerlin.body.items;
    const [ours] = inMain.body.items;
    expect(theirs).toMatchObject({ name: 'Chef Knife', storeId: 'berlin', currency: 'EUR' });
    expect(ours).toMatchObject({ name: 'Chef Knife', storeId: 'main', currency: 'USD' });
    expect(theirs.productId).not.toBe(ours.productId);
    // Berlin's admin-side stock change leaves main's knife alone.
    const restocked = await api.request('PATCH', `/products/${theirs.productId}`, {
      token: admin.accessToken,
      body: { stock: theirs.stock + 1 },
      headers: inStore('berlin'),
    });
    expect(restocked.status).toBe(200);
    expect((await api.request('GET', `/products/${ours.productId}`)).body.stock).toBe(ours.stock);
  });
});
