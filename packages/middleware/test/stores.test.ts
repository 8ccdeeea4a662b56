import type { Principal } from '@shop/auth';
import { mainStoreDefaults, type Store } from '@shop/contracts';
import { UnauthorizedError } from '@shop/errors';
import type { StoreDirectory } from '@shop/store-directory';
import { beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { httpRoute, json } from '../src/index.ts';
import { httpEvent, lambdaContext } from './fixtures.ts';

beforeAll(() => {
  vi.stubEnv('STAGE', 'local');
  vi.stubEnv('CORS_ALLOWED_ORIGINS', undefined);
});

const berlin: Store = {
  ...mainStoreDefaults,
  storeId: 'berlin',
  name: 'Berlin',
  currency: 'EUR',
  country: 'DE',
};
const lookups: string[] = [];
const directory: StoreDirectory = {
  async find(storeId) {
    lookups.push(storeId);
    return [mainStoreDefaults, berlin].find((store) => store.storeId === storeId);
  },
};
const stores = () => directory;

const principal = (userId: string, groups: string[]): Principal => ({
  userId,
  username: userId,
  groups,
  roles: groups.includes('admin') ? ['customer', 'admin'] : ['customer'],
});
const callers: Record<string, Principal> = {
  'Bearer admin': principal('root', ['admin']),
  'Bearer berlin-admin': principal('bea', ['store-admin-berlin']),
  'Bearer customer': principal('ada', []),
};
const authenticate = async (header: string | undefined) => {
  const caller = callers[header ?? ''];
  if (!caller) throw new UnauthorizedError();
  return caller;
};

const storeName = httpRoute({ stores }, async ({ store }) => {
  expectTypeOf(store).toEqualTypeOf<Store>();
  return json(200, { storeId: store.storeId, name: store.name });
});
const body = z.strictObject({ name: z.string() });
const handled = vi.fn();
const adminWrite = httpRoute({ auth: 'storeAdmin', stores, authenticate, body }, async ({ store, body }) => {
  handled(store.storeId, body.name);
  return json(200, { storeId: store.storeId });
});

const call = (route: typeof storeName, headers: Record<string, string>, jsonBody?: unknown) =>
  route(
    httpEvent({ method: jsonBody === undefined ? 'GET' : 'POST', headers, json: jsonBody }),
    lambdaContext(),
  );
const answer = async (response: Awaited<ReturnType<typeof storeName>>) => ({
  status: response.statusCode,
  body: JSON.parse(response.body as string),
});

describe('a store-scoped route', () => {
  it('is in main without X-Store-Id, so v1 clients keep working', async () => {
    expect(await answer(await call(storeName, {}))).toEqual({
      status: 200,
      body: { storeId: 'main', name: 'Shop' },
    });
  });

  it('is in the store the header names (any case of the header name)', async () => {
    expect((await answer(await call(storeName, { 'X-Store-Id': 'berlin' }))).body.name).toBe('Berlin');
  });

  it('answers 400 naming the header for a malformed store id, 404 for an unknown one', async () => {
    for (const malformed of ['Berlin', 'b', 'a'.repeat(33), '-main', 'main;drop', '../main']) {
      const { status, body } = await answer(await call(storeName, { 'x-store-id': malformed }));
      expect(status, malformed).toBe(400);
      expect(body.errors[0].field).toBe('headers.x-store-id');
    }
    const unknown = await answer(await call(storeName, { 'x-store-id': 'paris' }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('There is no store "paris".');
  });

  it('needs no token for a public route', async () => {
    expect((await call(storeName, { 'x-store-id': 'berlin' })).statusCode).toBe(200);
  });
});

describe("a store admin's route", () => {
  it('lets the admin group in every store and a store admin only in theirs', async () => {
    handled.mockClear();
    const write = (token: string, store: string) =>
      call(adminWrite, { authorization: token, 'x-store-id': store }, { name: 'x' }).then(
        (r) => r.statusCode,
      );
    expect(await write('Bearer admin', 'main')).toBe(200);
    expect(await write('Bearer admin', 'berlin')).toBe(200);
    expect(await write('Bearer berlin-admin', 'berlin')).toBe(200);
    expect(await write('Bearer berlin-admin', 'main')).toBe(403);
    expect(await write('Bearer customer', 'berlin')).toBe(403);
    expect(handled.mock.calls).toEqual([
      ['main', 'x'],
      ['berlin', 'x'],
      ['berlin', 'x'],
    ]);
  });

  it('checks the token first, then the store, then the role, then the body', async () => {
    handled.mockClear();
    const status = (headers: Record<string, string>, jsonBody: unknown) =>
      call(adminWrite, headers, jsonBody).then((r) => r.statusCode);
    expect(await status({ 'x-store-id': 'paris' }, { bad: 1 })).toBe(401);
    expect(await status({ authorization: 'Bearer customer', 'x-store-id': 'Paris' }, { bad: 1 })).toBe(400);
    expect(await status({ authorization: 'Bearer customer', 'x-store-id': 'paris' }, { bad: 1 })).toBe(404);
    expect(await status({ authorization: 'Bearer customer', 'x-store-id': 'berlin' }, { bad: 1 })).toBe(403);
    expect(await status({ authorization: 'Bearer berlin-admin', 'x-store-id': 'berlin' }, { bad: 1 })).toBe(
      400,
    );
    expect(handled).not.toHaveBeenCalled();
  });

  it('looks the store up once per request', async () => {
    lookups.length = 0;
    await call(adminWrite, { authorization: 'Bearer admin', 'x-store-id': 'berlin' }, { name: 'x' });
    expect(lookups).toEqual(['berlin']);
  });

  it('cannot be declared without a store', () => {
    expect(() => httpRoute({ auth: 'storeAdmin' }, async () => json(200, {}))).toThrow(/store-scoped/);
  });
});

describe('the answer of a store-scoped route', () => {
  it('varies by X-Store-Id, so no cache hands one store the other one’s copy', async () => {
    const response = await call(storeName, { 'x-store-id': 'berlin' });
    expect(String(response.headers?.Vary).split(/,\s*/)).toContain('X-Store-Id');
  });
});
