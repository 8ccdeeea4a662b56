// The stores service through the base URL (issue 15): the seeded stores, an admin opening and
// changing a store, a store admin granted (after a refresh) and confined to their store, and a new
// store reaching another service's read model through StoreChanged.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

let admin: SignedInUser;
beforeAll(async () => {
  admin = await api.admin();
});

const freshStoreId = () => `acc-${randomUUID().slice(0, 8)}`;

async function openStore(storeId = freshStoreId()) {
  const created = await api.request('POST', '/stores', {
    token: admin.accessToken,
    body: { storeId, name: `Store ${storeId}`, currency: 'EUR', country: 'DE', taxIncluded: true },
  });
  expect(created.status).toBe(201);
  return created.body as { storeId: string; name: string; updatedAt: string };
}

describe('the seeded stores', () => {
  it('lists main and berlin as npm start seeds them', async () => {
    const listed = await api.request('GET', '/stores?limit=100');
    expect(listed.status).toBe(200);
    const byId = new Map(listed.body.items.map((store: { storeId: string }) => [store.storeId, store]));
    expect(byId.get('main')).toMatchObject({
      name: 'Shop',
      currency: 'USD',
      country: 'US',
      taxIncluded: false,
    });
    expect(byId.get('berlin')).toMatchObject({ currency: 'EUR', country: 'DE', taxIncluded: true });
    const one = await api.request('GET', '/stores/berlin');
    expect(one.body).toEqual(byId.get('berlin'));
  });
});

describe('an admin keeps the stores', () => {
  it('opens a store (201), which then answers, and is refused a second time (409)', async () => {
    const opened = await openStore();
    const read = await api.request('GET', `/stores/${opened.storeId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(opened);
    const again = await api.request('POST', '/stores', {
      token: admin.accessToken,
      body: { storeId: opened.storeId, name: 'Again', currency: 'USD', country: 'US' },
    });
    expect(again.status).toBe(409);
  });

  it('answers 400 for a malformed store id, 404 for an unknown one, 403 to a customer', async () => {
    expect((await api.request('GET', '/stores/Not_A_Store')).status).toBe(400);
    expect((await api.request('GET', `/stores/${freshStoreId()}`)).status).toBe(404);
    const customer = await api.newCustomer('stores');
    const refused = await api.request('POST', '/stores', {
      token: customer.accessToken,
      body: { storeId: freshStoreId(), name: 'Mine', currency: 'USD', country: 'US' },
    });
    expect(refused.status).toBe(403);
    const patched = await api.request('PATCH', '/stores/main', {
      token: customer.accessToken,
      body: { name: 'Taken over' },
    });
    expect(patched.status).toBe(403);
  });
});

describe('a store admin', () => {
  it('is granted by the admin, holds the right after a refresh, and only in their store', async () => {
    const store = await openStore();
    const staff = await api.newCustomer('store-admin');
    const granted = await api.request('PUT', `/stores/${store.storeId}/admins/${staff.email}`, {
      token: admin.accessToken,
    });
    expect(granted.status).toBe(204);
    // The token issued before the grant does not carry it.
    const before = await api.request('PATCH', `/stores/${store.storeId}`, {
      token: staff.accessToken,
      body: { name: 'Renamed by its admin' },
    });
    expect(before.status).toBe(403);

    const refreshed = await api.request('POST', '/auth/refresh', {
      body: { refreshToken: staff.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.accessToken as string;
    const own = await api.request('PATCH', `/stores/${store.storeId}`, {
      token,
      body: { name: 'Renamed by its admin' },
    });
    expect(own.status).toBe(200);
    expect(own.body.name).toBe('Renamed by its admin');

    // Nothing in another store, no admins granted, no user list.
    const other = await api.request('PATCH', '/stores/berlin', { token, body: { name: 'Taken over' } });
    expect(other.status).toBe(403);
    const grant = await api.request('PUT', `/stores/${store.storeId}/admins/${admin.email}`, { token });
    expect(grant.status).toBe(403);
    expect((await api.request('GET', '/users', { token })).status).toBe(403);
    expect((await api.request('GET', '/stores/berlin')).body.name).not.toBe('Taken over');
  });

  it('cannot be granted for an unknown user or store (404)', async () => {
    const store = await openStore();
    const nobody = await api.request(
      'PUT',
      `/stores/${store.storeId}/admins/nobody-${randomUUID()}@example.com`,
      {
        token: admin.accessToken,
      },
    );
    expect(nobody.status).toBe(404);
    const noStore = await api.request('PUT', `/stores/${freshStoreId()}/admins/${admin.email}`, {
      token: admin.accessToken,
    });
    expect(noStore.status).toBe(404);
  });
});

describe('StoreChanged', () => {
  it("reaches another service's read model: a new store's notifications answer once it is known", async () => {
    const customer = await api.newCustomer('new-store');
    const storeId = freshStoreId();
    const headers = { 'x-store-id': storeId };
    // Unknown to the notifications service before it is opened.
    expect(
      (await api.request('GET', '/notifications', { token: customer.accessToken, headers })).status,
    ).toBe(404);
    await openStore(storeId);
    const known = await poll(
      `store ${storeId} in the notifications' read model`,
      () => api.request('GET', '/notifications', { token: customer.accessToken, headers }),
      (answer) => answer.status === 200,
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(known.body).toEqual({ items: [], nextCursor: null });
  });
});
