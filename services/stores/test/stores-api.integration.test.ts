import {
  GetGroupCommand,
  InitiateAuthCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { storeAdminGroup } from '@shop/auth';
import { mainStoreDefaults, type Store, storeChanged } from '@shop/contracts';
import {
  httpEvent,
  invokeHttp,
  type TestUserPool,
  testPassword,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTables, drain, serviceEnvironment, type Tables, userPoolWithTokens } from './support.ts';

// The routes as Lambda runs them: real handlers, real Cognito tokens and groups (moto), real tables and topic.
let tables: Tables;
let queueUrl: string;
let pool: TestUserPool;
let adminToken: string;
let customerToken: string;
let routes: {
  list: typeof import('../src/handlers/stores/list.ts').handler;
  get: typeof import('../src/handlers/stores/get.ts').handler;
  create: typeof import('../src/handlers/stores/create.ts').handler;
  update: typeof import('../src/handlers/stores/update.ts').handler;
  grant: typeof import('../src/handlers/admins/grant.ts').handler;
  revoke: typeof import('../src/handlers/admins/revoke.ts').handler;
};

beforeAll(async () => {
  useEmulator();
  const [created, topic, users] = await Promise.all([
    createTables(),
    topicWithListener('store-events'),
    userPoolWithTokens(),
  ]);
  tables = created;
  queueUrl = topic.listenerUrl;
  ({ pool, adminToken, customerToken } = users);
  serviceEnvironment(tables, topic.topicArn, pool);
  // Imported only now: a handler module reads its configuration from the environment.
  routes = {
    list: (await import('../src/handlers/stores/list.ts')).handler,
    get: (await import('../src/handlers/stores/get.ts')).handler,
    create: (await import('../src/handlers/stores/create.ts')).handler,
    update: (await import('../src/handlers/stores/update.ts')).handler,
    grant: (await import('../src/handlers/admins/grant.ts')).handler,
    revoke: (await import('../src/handlers/admins/revoke.ts')).handler,
  };
});

/** A store id no other test uses. */
const freshId = (prefix = 'shop') =>
  uniqueName(prefix)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 32);

const berlin = (storeId: string) => ({
  storeId,
  name: 'Berlin Shop',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
});

async function openStore(storeId = freshId()): Promise<Store> {
  const response = await invokeHttp(
    routes.create,
    httpEvent('POST /stores', { body: berlin(storeId), token: adminToken }),
  );
  expect(response.status).toBe(201);
  return response.body as Store;
}

const storeRoute = (routeKey: string, storeId: string, options: { body?: unknown; token?: string } = {}) =>
  httpEvent(routeKey, { path: `/stores/${storeId}`, pathParameters: { storeId }, ...options });

const adminRoute = (routeKey: string, storeId: string, email: string, token?: string) =>
  httpEvent(routeKey, {
    path: `/stores/${storeId}/admins/${email}`,
    pathParameters: { storeId, email },
    ...(token ? { token } : {}),
  });

const patch = (storeId: string, body: unknown, token: string) =>
  invokeHttp(routes.update, storeRoute('PATCH /stores/{storeId}', storeId, { body, token }));

/** Signs a new user in by password: their access token and refresh token. */
async function signInWithRefresh(groups: string[] = []) {
  const { email } = await pool.createUser('store-staff', groups);
  const { AuthenticationResult } = await pool.cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: testPassword },
    }),
  );
  return {
    email,
    token: AuthenticationResult?.AccessToken as string,
    refreshToken: AuthenticationResult?.RefreshToken as string,
  };
}

async function refreshed(refreshToken: string): Promise<string> {
  const { AuthenticationResult } = await pool.cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );
  return AuthenticationResult?.AccessToken as string;
}

const storeChangedOf = async (storeId: string) =>
  (await drain(queueUrl)).filter(
    (event) => event.type === storeChanged.type && (event.data as Store).storeId === storeId,
  );

describe('POST /stores', () => {
  it('opens a store for an admin: 201 with it, its admin group, and StoreChanged with the snapshot', async () => {
    await drain(queueUrl);
    const storeId = freshId();
    const response = await invokeHttp(
      routes.create,
      httpEvent('POST /stores', {
        body: { storeId, name: 'Lyon', currency: 'EUR', country: 'FR' },
        token: adminToken,
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.Location).toBe(`/stores/${storeId}`);
    const created = response.body as Store;
    // taxIncluded and returnWindowDays default as main's do.
    expect(created).toEqual({
      storeId,
      name: 'Lyon',
      currency: 'EUR',
      country: 'FR',
      taxIncluded: false,
      returnWindowDays: 30,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    const { Group } = await pool.cognito.send(
      new GetGroupCommand({ UserPoolId: pool.userPoolId, GroupName: storeAdminGroup(storeId) }),
    );
    expect(Group?.GroupName).toBe(`store-admin-${storeId}`);
    const events = await storeChangedOf(storeId);
    expect(events.map((event) => event.data)).toEqual([created]);
  });

  it('answers 409 for an id that is taken, main included before anyone wrote it, and publishes nothing', async () => {
    const existing = await openStore();
    await drain(queueUrl);
    for (const storeId of [existing.storeId, 'main']) {
      const response = await invokeHttp(
        routes.create,
        httpEvent('POST /stores', { body: berlin(storeId), token: adminToken }),
      );
      expect(response.status).toBe(409);
      expect(response.headers['Content-Type']).toBe('application/problem+json');
    }
    expect(await drain(queueUrl)).toEqual([]);
    const stillThere = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', existing.storeId));
    expect(stillThere.body).toEqual(existing);
  });

  it('refuses customers (403) and callers without a token (401), opening nothing', async () => {
    const storeId = freshId();
    const asCustomer = await invokeHttp(
      routes.create,
      httpEvent('POST /stores', { body: berlin(storeId), token: customerToken }),
    );
    expect(asCustomer.status).toBe(403);
    const anonymous = await invokeHttp(routes.create, httpEvent('POST /stores', { body: berlin(storeId) }));
    expect(anonymous.status).toBe(401);
    const lookup = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', storeId));
    expect(lookup.status).toBe(404);
  });

  it.each([
    ['a malformed storeId', { storeId: 'Bad_Id' }, 'storeId'],
    ['a one-character storeId', { storeId: 'a' }, 'storeId'],
    ['a storeId of 33 characters', { storeId: 'a'.repeat(33) }, 'storeId'],
    ['a currency that is not ISO 4217', { currency: 'usd' }, 'currency'],
    ['a country that is not ISO 3166', { country: 'Germany' }, 'country'],
    ['a return window over a year', { returnWindowDays: 400 }, 'returnWindowDays'],
    ['a field the server owns', { createdAt: '2020-01-01T00:00:00.000Z' }, 'createdAt'],
  ])('answers 400 naming the field for %s', async (_case, change, field) => {
    const storeId = freshId();
    const response = await invokeHttp(
      routes.create,
      httpEvent('POST /stores', { body: { ...berlin(storeId), ...change }, token: adminToken }),
    );
    expect(response.status).toBe(400);
    const { errors } = response.body as { errors: Array<{ field: string }> };
    expect(errors.map((error) => error.field)).toContain(field);
  });
});

describe('GET /stores/{storeId} and GET /stores', () => {
  it('answers a store, and main as every deployment has it even before it was written', async () => {
    const opened = await openStore();
    const one = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', opened.storeId));
    expect(one.status).toBe(200);
    expect(one.body).toEqual(opened);
    const main = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', 'main'));
    expect(main.status).toBe(200);
    expect(main.body).toEqual(mainStoreDefaults);
  });

  it('answers 404 for an unknown store and 400 for a malformed id', async () => {
    const unknown = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', 'nowhere'));
    expect(unknown.status).toBe(404);
    const malformed = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', 'NOT_AN_ID'));
    expect(malformed.status).toBe(400);
    expect((malformed.body as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('storeId');
  });

  it('lists every store by id a page at a time, main in its place, each exactly once', async () => {
    const opened = await Promise.all([openStore('aa-first'), openStore('zz-last'), openStore('mm-middle')]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await invokeHttp(
        routes.list,
        httpEvent('GET /stores', { query: { limit: '1', ...(cursor ? { cursor } : {}) } }),
      );
      expect(response.status).toBe(200);
      const page = response.body as { items: Store[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((item) => item.storeId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    for (const storeId of ['main', ...opened.map((store) => store.storeId)]) expect(seen).toContain(storeId);
  });

  it('answers 400 for a forged cursor', async () => {
    const forged = Buffer.from(JSON.stringify({ storeId: 'main', listed: 'x' })).toString('base64url');
    const response = await invokeHttp(routes.list, httpEvent('GET /stores', { query: { cursor: forged } }));
    expect(response.status).toBe(400);
    expect((response.body as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('cursor');
  });
});

describe('PATCH /stores/{storeId}', () => {
  it('changes the given fields for an admin, moves updatedAt forward and publishes the new snapshot', async () => {
    const opened = await openStore();
    await drain(queueUrl);
    const response = await patch(opened.storeId, { name: 'Berlin Mitte', returnWindowDays: 14 }, adminToken);
    expect(response.status).toBe(200);
    const changed = response.body as Store;
    expect(changed).toEqual({
      ...opened,
      name: 'Berlin Mitte',
      returnWindowDays: 14,
      updatedAt: changed.updatedAt,
    });
    expect(changed.updatedAt > opened.updatedAt).toBe(true);
    expect((await storeChangedOf(opened.storeId)).map((event) => event.data)).toEqual([changed]);
  });

  it('writes main on its first change, from what it was before', async () => {
    const response = await patch('main', { name: 'The Shop' }, adminToken);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      ...mainStoreDefaults,
      name: 'The Shop',
      updatedAt: expect.any(String),
    });
    const read = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', 'main'));
    expect((read.body as Store).name).toBe('The Shop');
  });

  it('refuses a customer (403) and leaves the store as it was', async () => {
    const opened = await openStore();
    const response = await patch(opened.storeId, { name: 'Taken over' }, customerToken);
    expect(response.status).toBe(403);
    const read = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', opened.storeId));
    expect(read.body).toEqual(opened);
  });

  it('answers 404 to an admin for an unknown store, and 400 for storeId or no field in the body', async () => {
    expect((await patch('nowhere', { name: 'X' }, adminToken)).status).toBe(404);
    const opened = await openStore();
    const renamed = await patch(opened.storeId, { storeId: 'other' }, adminToken);
    expect(renamed.status).toBe(400);
    expect((renamed.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(
      'storeId',
    );
    expect((await patch(opened.storeId, {}, adminToken)).status).toBe(400);
  });
});

describe('store admins', () => {
  it('a grant shows in tokens issued after it (refresh), not before; a revoke likewise', async () => {
    const store = await openStore();
    const staff = await signInWithRefresh();
    // Not an admin of the store yet.
    expect((await patch(store.storeId, { name: 'Mine' }, staff.token)).status).toBe(403);

    const granted = await invokeHttp(
      routes.grant,
      adminRoute('PUT /stores/{storeId}/admins/{email}', store.storeId, staff.email, adminToken),
    );
    expect(granted.status).toBe(204);
    // The token issued before the grant does not carry it.
    expect((await patch(store.storeId, { name: 'Mine' }, staff.token)).status).toBe(403);
    // After a refresh it does, for that store only.
    const afterGrant = await refreshed(staff.refreshToken);
    const own = await patch(store.storeId, { name: 'Mine' }, afterGrant);
    expect(own.status).toBe(200);
    expect((own.body as Store).name).toBe('Mine');

    const revoked = await invokeHttp(
      routes.revoke,
      adminRoute('DELETE /stores/{storeId}/admins/{email}', store.storeId, staff.email, adminToken),
    );
    expect(revoked.status).toBe(204);
    const afterRevoke = await refreshed(staff.refreshToken);
    expect((await patch(store.storeId, { name: 'Mine again' }, afterRevoke)).status).toBe(403);
  });

  it("a store admin of A: 403 on B's PATCH and on granting admins, even of A", async () => {
    const [storeA, storeB] = await Promise.all([openStore(), openStore()]);
    const { email, token } = await signInWithRefresh([storeAdminGroup(storeA.storeId)]);
    expect((await patch(storeA.storeId, { name: 'A, changed by its admin' }, token)).status).toBe(200);
    expect((await patch(storeB.storeId, { name: 'B, taken over' }, token)).status).toBe(403);
    // Not even whether a store exists is told to another store's admin.
    expect((await patch('nowhere', { name: 'X' }, token)).status).toBe(403);
    const read = await invokeHttp(routes.get, storeRoute('GET /stores/{storeId}', storeB.storeId));
    expect(read.body).toEqual(storeB);

    const other = await pool.createUser('helper');
    for (const storeId of [storeA.storeId, storeB.storeId]) {
      const grant = await invokeHttp(
        routes.grant,
        adminRoute('PUT /stores/{storeId}/admins/{email}', storeId, other.email, token),
      );
      expect(grant.status).toBe(403);
      const revoke = await invokeHttp(
        routes.revoke,
        adminRoute('DELETE /stores/{storeId}/admins/{email}', storeId, email, token),
      );
      expect(revoke.status).toBe(403);
    }
    const { Users = [] } = await pool.cognito.send(
      new ListUsersInGroupCommand({
        UserPoolId: pool.userPoolId,
        GroupName: storeAdminGroup(storeA.storeId),
      }),
    );
    expect(Users).toHaveLength(1);
  });

  it('answers 404 for no such user or no such store, 403 for a customer, 400 for a malformed email', async () => {
    const store = await openStore();
    const nobody = `${uniqueName('nobody')}@example.com`;
    const grantTo = (storeId: string, email: string, token = adminToken) =>
      invokeHttp(routes.grant, adminRoute('PUT /stores/{storeId}/admins/{email}', storeId, email, token));
    expect((await grantTo(store.storeId, nobody)).status).toBe(404);
    expect(
      (
        await invokeHttp(
          routes.revoke,
          adminRoute('DELETE /stores/{storeId}/admins/{email}', store.storeId, nobody, adminToken),
        )
      ).status,
    ).toBe(404);
    const { email } = await pool.createUser('someone');
    expect((await grantTo('nowhere', email)).status).toBe(404);
    expect((await grantTo(store.storeId, email, customerToken)).status).toBe(403);
    expect((await grantTo(store.storeId, 'not-an-email')).status).toBe(400);
    expect((await grantTo('NOT_AN_ID', email)).status).toBe(400);
  });

  it("grants main's admins through the group the stack declares", async () => {
    const staff = await signInWithRefresh();
    const granted = await invokeHttp(
      routes.grant,
      adminRoute('PUT /stores/{storeId}/admins/{email}', 'main', staff.email, adminToken),
    );
    expect(granted.status).toBe(204);
    const token = await refreshed(staff.refreshToken);
    expect((await patch('main', { returnWindowDays: 30 }, token)).status).toBe(200);
  });
});
