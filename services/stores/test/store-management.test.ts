import type { Principal } from '@shop/auth';
import { mainStoreDefaults, type Store } from '@shop/contracts';
import { ConflictError, ForbiddenError, NotFoundError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import {
  type StoreAdminGroups,
  type StoreRegistry,
  storeManagement,
} from '../src/domain/store-management.ts';

// The rules behind in-memory ports: who may change what, and what each failure answers.
function memoryRegistry(): StoreRegistry & { items: Map<string, Store> } {
  const items = new Map<string, Store>();
  return {
    items,
    find: async (storeId) => items.get(storeId),
    list: async ({ after, limit }) =>
      [...items.values()]
        .filter((item) => after === undefined || item.storeId > after)
        .sort((a, b) => (a.storeId < b.storeId ? -1 : 1))
        .slice(0, limit),
    async create(store) {
      if (items.has(store.storeId)) return 'taken';
      items.set(store.storeId, store);
      return 'created';
    },
    async replace(next, previous) {
      if (items.get(next.storeId)?.updatedAt !== previous?.updatedAt) return 'lost';
      items.set(next.storeId, next);
      return 'written';
    },
  };
}

function memoryGroups(users: string[]): StoreAdminGroups & { members: Map<string, Set<string>> } {
  const members = new Map<string, Set<string>>();
  return {
    members,
    open: async (storeId) => {
      if (!members.has(storeId)) members.set(storeId, new Set());
    },
    async grant(storeId, email) {
      if (!users.includes(email)) throw new NotFoundError('no such user');
      members.get(storeId)?.add(email) ?? members.set(storeId, new Set([email]));
    },
    async revoke(storeId, email) {
      if (!users.includes(email)) throw new NotFoundError('no such user');
      members.get(storeId)?.delete(email);
    },
  };
}

const principal = (groups: string[]): Principal => ({
  userId: 'u-1',
  username: 'u-1',
  groups,
  roles: groups.includes('admin') ? ['customer', 'admin'] : ['customer'],
});
const admin = principal(['admin']);
const berlinAdmin = principal(['store-admin-berlin']);
const customer = principal([]);

const setup = () => {
  const registry = memoryRegistry();
  const groups = memoryGroups(['staff@example.com']);
  const stores = storeManagement({ registry, groups, now: () => new Date('2026-06-01T10:00:00.000Z') });
  return { registry, groups, stores };
};
const berlin = {
  storeId: 'berlin',
  name: 'Berlin',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
  returnWindowDays: 30,
};

describe('storeManagement', () => {
  it('opens a store with its admin group, and refuses its id (and main) a second time', async () => {
    const { stores, groups } = setup();
    await stores.open(berlin);
    expect(groups.members.has('berlin')).toBe(true);
    await expect(stores.open(berlin)).rejects.toBeInstanceOf(ConflictError);
    await expect(stores.open({ ...berlin, storeId: 'main' })).rejects.toBeInstanceOf(ConflictError);
    expect(groups.members.has('main')).toBe(false);
  });

  it("lets the admin and the store's own admin change it; nobody else, not even to learn it exists", async () => {
    const { stores } = setup();
    await stores.open(berlin);
    expect((await stores.change('berlin', { name: 'By admin' }, admin)).name).toBe('By admin');
    expect((await stores.change('berlin', { name: 'By its admin' }, berlinAdmin)).name).toBe('By its admin');
    await expect(stores.change('berlin', { name: 'X' }, customer)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(stores.change('main', { name: 'X' }, berlinAdmin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(stores.change('nowhere', { name: 'X' }, berlinAdmin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(stores.change('nowhere', { name: 'X' }, admin)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('writes main on its first change, from its defaults', async () => {
    const { stores, registry } = setup();
    const changed = await stores.change('main', { name: 'The Shop' }, admin);
    expect(changed).toMatchObject({
      ...mainStoreDefaults,
      name: 'The Shop',
      updatedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(registry.items.get('main')).toEqual(changed);
  });

  it('grants and revokes in known stores only, and says when there is no such user', async () => {
    const { stores, groups } = setup();
    await stores.open(berlin);
    await stores.grantAdmin('berlin', 'staff@example.com');
    expect([...(groups.members.get('berlin') ?? [])]).toEqual(['staff@example.com']);
    await stores.revokeAdmin('berlin', 'staff@example.com');
    expect(groups.members.get('berlin')?.size).toBe(0);
    await expect(stores.grantAdmin('nowhere', 'staff@example.com')).rejects.toBeInstanceOf(NotFoundError);
    await expect(stores.grantAdmin('berlin', 'nobody@example.com')).rejects.toBeInstanceOf(NotFoundError);
    // main exists before it was written.
    await stores.grantAdmin('main', 'staff@example.com');
    expect(groups.members.get('main')?.has('staff@example.com')).toBe(true);
  });

  it('answers a store, main always, and 404 for an unknown one; lists by id with cursors', async () => {
    const { stores } = setup();
    await stores.open(berlin);
    await stores.open({ ...berlin, storeId: 'paris' });
    expect(await stores.get('main')).toEqual(mainStoreDefaults);
    await expect(stores.get('nowhere')).rejects.toBeInstanceOf(NotFoundError);
    const first = await stores.list({ limit: 2 });
    expect(first.items.map((item) => item.storeId)).toEqual(['berlin', 'main']);
    const second = await stores.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((item) => item.storeId)).toEqual(['paris']);
    expect(second.nextCursor).toBeNull();
  });
});
