import { storeAdminGroup } from '@shop/auth';
import {
  MAX_SHIPPING_OPTIONS,
  mainStoreDefaults,
  type ShippingOption,
  type Store,
  type StoreChanged,
  storeChanged,
  store as storeSchema,
  type TaxRate,
} from '@shop/contracts';
import {
  httpEvent,
  invokeHttp,
  type TestUserPool,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTables, drain, serviceEnvironment, userPoolWithTokens } from './support.ts';

// The checkout settings routes as Lambda runs them: the two functions (reads, changes) dispatching on
// the route key, real tokens and groups, the real table, outbox and topic.
let queueUrl: string;
let pool: TestUserPool;
let adminToken: string;
let customerToken: string;
let routes: {
  read: typeof import('../src/handlers/checkout-settings/read.ts').handler;
  change: typeof import('../src/handlers/checkout-settings/change.ts').handler;
  createStore: typeof import('../src/handlers/stores/create.ts').handler;
  getStore: typeof import('../src/handlers/stores/get.ts').handler;
  listStores: typeof import('../src/handlers/stores/list.ts').handler;
  updateStore: typeof import('../src/handlers/stores/update.ts').handler;
};

beforeAll(async () => {
  useEmulator();
  const [tables, topic, users] = await Promise.all([
    createTables(),
    topicWithListener('store-events'),
    userPoolWithTokens(),
  ]);
  queueUrl = topic.listenerUrl;
  ({ pool, adminToken, customerToken } = users);
  serviceEnvironment(tables, topic.topicArn, pool);
  routes = {
    read: (await import('../src/handlers/checkout-settings/read.ts')).handler,
    change: (await import('../src/handlers/checkout-settings/change.ts')).handler,
    createStore: (await import('../src/handlers/stores/create.ts')).handler,
    getStore: (await import('../src/handlers/stores/get.ts')).handler,
    listStores: (await import('../src/handlers/stores/list.ts')).handler,
    updateStore: (await import('../src/handlers/stores/update.ts')).handler,
  };
});

const freshId = () =>
  uniqueName('ship')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 32);

async function openStore(): Promise<Store> {
  const response = await invokeHttp(
    routes.createStore,
    httpEvent('POST /stores', {
      body: { storeId: freshId(), name: 'Berlin', currency: 'EUR', country: 'DE', taxIncluded: true },
      token: adminToken,
    }),
  );
  expect(response.status).toBe(201);
  return response.body as Store;
}

type Call = { storeId?: string; token?: string; body?: unknown; query?: Record<string, string> };
const headersOf = (storeId: string | undefined): Record<string, string> =>
  storeId ? { 'x-store-id': storeId } : {};

const listOptions = ({ storeId, query }: Call = {}) =>
  invokeHttp(routes.read, httpEvent('GET /shipping-options', { headers: headersOf(storeId), query }));
const listRates = ({ storeId }: Call = {}) =>
  invokeHttp(routes.read, httpEvent('GET /tax-rates', { headers: headersOf(storeId) }));
const addOption = ({ storeId, token = adminToken, body }: Call) =>
  invokeHttp(
    routes.change,
    httpEvent('POST /shipping-options', { headers: headersOf(storeId), token, body }),
  );
const optionRoute = (method: 'PATCH' | 'DELETE', shippingOptionId: string, call: Call) =>
  invokeHttp(
    routes.change,
    httpEvent(`${method} /shipping-options/{shippingOptionId}`, {
      pathParameters: { shippingOptionId },
      headers: headersOf(call.storeId),
      token: call.token ?? adminToken,
      body: call.body,
    }),
  );
const rateRoute = (method: 'PUT' | 'DELETE', country: string, call: Call) =>
  invokeHttp(
    routes.change,
    httpEvent(`${method} /tax-rates/{country}`, {
      pathParameters: { country },
      headers: headersOf(call.storeId),
      token: call.token ?? adminToken,
      body: call.body,
    }),
  );

const standard = { name: 'Standard', price: 495, freeOver: 5000, estimatedDays: 3, countries: ['DE', 'AT'] };
const worldwide = { name: 'Worldwide', price: 1995, estimatedDays: 10, countries: ['*'] };
const fieldsOf = (body: unknown) => (body as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
const storeChangesOf = async (storeId: string) =>
  (await drain(queueUrl))
    .filter((event) => event.type === storeChanged.type && (event.data as Store).storeId === storeId)
    .map((event) => event.data as StoreChanged['data']);

describe('shipping options', () => {
  it('adds, lists, filters by country, changes and removes the options of the request’s store', async () => {
    const { storeId } = await openStore();
    const created = await addOption({ storeId, body: standard });
    expect(created.status).toBe(201);
    const option = created.body as ShippingOption;
    expect(option).toEqual({ shippingOptionId: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), ...standard });
    const everywhere = (await addOption({ storeId, body: worldwide })).body as ShippingOption;

    expect((await listOptions({ storeId })).body).toEqual({ items: [option, everywhere] });
    expect((await listOptions({ storeId, query: { country: 'AT' } })).body).toEqual({
      items: [option, everywhere],
    });
    expect((await listOptions({ storeId, query: { country: 'FR' } })).body).toEqual({ items: [everywhere] });
    // Another store (main here) has none of them.
    expect((await listOptions()).body).toEqual({ items: [] });

    const patched = await optionRoute('PATCH', option.shippingOptionId, {
      storeId,
      body: { price: 0, freeOver: null, countries: ['DE'] },
    });
    expect(patched.status).toBe(200);
    const { freeOver: _freeOver, ...withoutThreshold } = option;
    expect(patched.body).toEqual({ ...withoutThreshold, price: 0, countries: ['DE'] });
    expect((await listOptions({ storeId, query: { country: 'AT' } })).body).toEqual({ items: [everywhere] });

    const removed = await optionRoute('DELETE', option.shippingOptionId, { storeId });
    expect(removed.status).toBe(204);
    expect((await listOptions({ storeId })).body).toEqual({ items: [everywhere] });
    expect((await optionRoute('DELETE', option.shippingOptionId, { storeId })).status).toBe(404);
    expect(
      (await optionRoute('PATCH', option.shippingOptionId, { storeId, body: { price: 1 } })).status,
    ).toBe(404);
  });

  it.each([
    ['a negative price', { price: -1 }, 'price'],
    ['a fractional price', { price: 4.95 }, 'price'],
    ['an empty name', { name: '   ' }, 'name'],
    ['an unknown country', { countries: ['DE', 'XX'] }, 'countries.1'],
    ['"*" beside a country', { countries: ['*', 'DE'] }, 'countries'],
    ['a country twice', { countries: ['DE', 'DE'] }, 'countries'],
    ['no country', { countries: [] }, 'countries'],
    ['a fractional estimatedDays', { estimatedDays: 1.5 }, 'estimatedDays'],
    ['an id of its own', { shippingOptionId: 'mine' }, 'shippingOptionId'],
  ])('answers 400 naming the field for %s, and adds nothing', async (_case, change, field) => {
    const { storeId } = await openStore();
    const response = await addOption({ storeId, body: { ...standard, ...change } });
    expect(response.status).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(fieldsOf(response.body)).toContain(field);
    expect((await listOptions({ storeId })).body).toEqual({ items: [] });
  });

  it('answers 400 for an empty or unknown patch, an unknown country filter and a malformed store', async () => {
    const { storeId } = await openStore();
    const option = (await addOption({ storeId, body: standard })).body as ShippingOption;
    expect((await optionRoute('PATCH', option.shippingOptionId, { storeId, body: {} })).status).toBe(400);
    const unknownField = await optionRoute('PATCH', option.shippingOptionId, { storeId, body: { cost: 1 } });
    expect(fieldsOf(unknownField.body)).toContain('cost');
    const filter = await listOptions({ storeId, query: { country: 'XX' } });
    expect(filter.status).toBe(400);
    expect(fieldsOf(filter.body)).toContain('country');
    const malformed = await listOptions({ storeId: 'NOT_A_STORE' });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toContain('headers.x-store-id');
  });

  it(`refuses a ${MAX_SHIPPING_OPTIONS + 1}st option with a 409`, async () => {
    const { storeId } = await openStore();
    for (let index = 0; index < MAX_SHIPPING_OPTIONS; index += 1)
      expect((await addOption({ storeId, body: { ...worldwide, name: `Option ${index}` } })).status).toBe(
        201,
      );
    const over = await addOption({ storeId, body: worldwide });
    expect(over.status).toBe(409);
    expect(((await listOptions({ storeId })).body as { items: unknown[] }).items).toHaveLength(
      MAX_SHIPPING_OPTIONS,
    );
  }, 60_000);
});

describe('tax rates', () => {
  it('sets, replaces, lists by country and removes the rates of the request’s store', async () => {
    const { storeId } = await openStore();
    const set = await rateRoute('PUT', 'DE', { storeId, body: { rate: 1900 } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ country: 'DE', rate: 1900 });
    await rateRoute('PUT', 'AT', { storeId, body: { rate: 2000 } });
    expect((await rateRoute('PUT', 'DE', { storeId, body: { rate: 700 } })).body).toEqual({
      country: 'DE',
      rate: 700,
    });
    const listed = await listRates({ storeId });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      items: [
        { country: 'AT', rate: 2000 },
        { country: 'DE', rate: 700 },
      ] satisfies TaxRate[],
    });
    expect((await rateRoute('DELETE', 'AT', { storeId })).status).toBe(204);
    expect((await listRates({ storeId })).body).toEqual({ items: [{ country: 'DE', rate: 700 }] });
    expect((await rateRoute('DELETE', 'AT', { storeId })).status).toBe(404);
  });

  it.each([
    ['a rate over 10,000', 'DE', { rate: 10_001 }, 'rate'],
    ['a fractional rate', 'DE', { rate: 19.5 }, 'rate'],
    ['a negative rate', 'DE', { rate: -1 }, 'rate'],
    ['an unknown field', 'DE', { rate: 1900, vat: true }, 'vat'],
    ['an unknown country', 'XX', { rate: 1900 }, 'country'],
    ['a lower-case country', 'de', { rate: 1900 }, 'country'],
  ])('answers 400 naming the field for %s', async (_case, country, body, field) => {
    const { storeId } = await openStore();
    const response = await rateRoute('PUT', country, { storeId, body });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toContain(field);
    expect((await listRates({ storeId })).body).toEqual({ items: [] });
  });
});

describe('who may change the settings', () => {
  it('refuses a customer and another store’s admin (403), callers without a token (401)', async () => {
    const [storeA, storeB] = await Promise.all([openStore(), openStore()]);
    const adminOfA = await pool.signIn('store-a-admin', [storeAdminGroup(storeA.storeId)]);
    expect((await addOption({ storeId: storeA.storeId, token: adminOfA.token, body: standard })).status).toBe(
      201,
    );
    expect(
      (await rateRoute('PUT', 'DE', { storeId: storeA.storeId, token: adminOfA.token, body: { rate: 1 } }))
        .status,
    ).toBe(200);
    for (const token of [customerToken, adminOfA.token]) {
      expect((await addOption({ storeId: storeB.storeId, token, body: standard })).status).toBe(403);
      expect(
        (await rateRoute('PUT', 'DE', { storeId: storeB.storeId, token, body: { rate: 1 } })).status,
      ).toBe(403);
      expect((await rateRoute('DELETE', 'DE', { storeId: storeB.storeId, token })).status).toBe(403);
    }
    // Another store's admin is not told whether a store exists.
    expect((await addOption({ storeId: 'nowhere', token: adminOfA.token, body: standard })).status).toBe(403);
    const anonymous = await invokeHttp(
      routes.change,
      httpEvent('POST /shipping-options', { headers: headersOf(storeB.storeId), body: standard }),
    );
    expect(anonymous.status).toBe(401);
    expect((await listOptions({ storeId: storeB.storeId })).body).toEqual({ items: [] });
    expect((await listRates({ storeId: storeB.storeId })).body).toEqual({ items: [] });
  });

  it('answers 404 for an unknown store, to anyone reading and to an admin changing', async () => {
    expect((await listOptions({ storeId: 'nowhere' })).status).toBe(404);
    expect((await listRates({ storeId: 'nowhere' })).status).toBe(404);
    expect((await addOption({ storeId: 'nowhere', body: standard })).status).toBe(404);
    expect((await rateRoute('PUT', 'DE', { storeId: 'nowhere', body: { rate: 1 } })).status).toBe(404);
  });
});

describe('the settings travel with the store', () => {
  it('each change publishes StoreChanged with the whole store and its settings; a store change keeps them', async () => {
    const opened = await openStore();
    const { storeId } = opened;
    await drain(queueUrl);
    const option = (await addOption({ storeId, body: standard })).body as ShippingOption;
    await rateRoute('PUT', 'DE', { storeId, body: { rate: 1900 } });
    const [afterOption, afterRate, ...more] = await storeChangesOf(storeId);
    expect(more).toEqual([]);
    expect(afterOption).toEqual({ ...opened, shippingOptions: [option], updatedAt: afterOption?.updatedAt });
    expect(afterRate).toEqual({
      ...opened,
      shippingOptions: [option],
      taxRates: [{ country: 'DE', rate: 1900 }],
      updatedAt: afterRate?.updatedAt,
    });
    expect(opened.updatedAt < (afterOption?.updatedAt ?? '')).toBe(true);
    expect((afterOption?.updatedAt ?? '') < (afterRate?.updatedAt ?? '')).toBe(true);

    const renamed = await invokeHttp(
      routes.updateStore,
      httpEvent('PATCH /stores/{storeId}', {
        pathParameters: { storeId },
        body: { name: 'Mitte' },
        token: adminToken,
      }),
    );
    expect(renamed.status).toBe(200);
    const [afterRename] = await storeChangesOf(storeId);
    expect(afterRename).toMatchObject({
      name: 'Mitte',
      shippingOptions: [option],
      taxRates: [{ country: 'DE', rate: 1900 }],
    });
    expect((await listOptions({ storeId })).body).toEqual({ items: [option] });
  });

  it('GET, PATCH and the list of /stores still answer exactly the Store, without the settings', async () => {
    const { storeId } = await openStore();
    await addOption({ storeId, body: standard });
    await rateRoute('PUT', 'DE', { storeId, body: { rate: 1900 } });
    const storeFields = Object.keys(storeSchema.shape).sort();
    const one = await invokeHttp(
      routes.getStore,
      httpEvent('GET /stores/{storeId}', { pathParameters: { storeId } }),
    );
    const patched = await invokeHttp(
      routes.updateStore,
      httpEvent('PATCH /stores/{storeId}', {
        pathParameters: { storeId },
        body: { returnWindowDays: 14 },
        token: adminToken,
      }),
    );
    const list = await invokeHttp(routes.listStores, httpEvent('GET /stores', { query: { limit: '100' } }));
    const listed = (list.body as { items: Store[] }).items.find((item) => item.storeId === storeId);
    for (const answer of [one.body, patched.body, listed])
      expect(Object.keys(answer as object).sort()).toEqual(storeFields);
  });

  it('writes main on its first settings change, from what it was before', async () => {
    expect((await listRates()).body).toEqual({ items: [] });
    expect((await rateRoute('PUT', 'US', { body: { rate: 0 } })).status).toBe(200);
    expect((await listRates()).body).toEqual({ items: [{ country: 'US', rate: 0 }] });
    const main = await invokeHttp(
      routes.getStore,
      httpEvent('GET /stores/{storeId}', { pathParameters: { storeId: 'main' } }),
    );
    expect(main.body).toEqual({ ...mainStoreDefaults, updatedAt: expect.any(String) });
  });
});
