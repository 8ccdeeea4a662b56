import type { Principal } from '@shop/auth';
import { mainStoreDefaults, store } from '@shop/contracts';
import { ConflictError, ForbiddenError, NotFoundError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import { checkoutSettingsManagement } from '../src/domain/checkout-settings-management.ts';
import type { StoreRecord } from '../src/domain/store.ts';
import { type StoreRegistry, storeManagement } from '../src/domain/store-management.ts';

// The settings rules behind an in-memory registry: who may change them, that they live on the store's
// record (kept by a store change, never answered by the store routes), and the optimistic write.
function memoryRegistry(
  options: { losses?: number } = {},
): StoreRegistry & { items: Map<string, StoreRecord> } {
  const items = new Map<string, StoreRecord>();
  let losses = options.losses ?? 0;
  return {
    items,
    find: async (storeId) => items.get(storeId),
    list: async () => [...items.values()].sort((a, b) => (a.storeId < b.storeId ? -1 : 1)),
    async create(record) {
      if (items.has(record.storeId)) return 'taken';
      items.set(record.storeId, record);
      return 'created';
    },
    async replace(next, previous) {
      if (losses > 0) {
        losses -= 1;
        return 'lost';
      }
      if (items.get(next.storeId)?.updatedAt !== previous?.updatedAt) return 'lost';
      items.set(next.storeId, next);
      return 'written';
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
const parisAdmin = principal(['store-admin-paris']);
const customer = principal([]);

const at = '2026-06-01T10:00:00.000Z';
const berlin: StoreRecord = {
  storeId: 'berlin',
  name: 'Berlin',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
  returnWindowDays: 30,
  createdAt: at,
  updatedAt: at,
};
const standard = { name: 'Standard', price: 495, estimatedDays: 3, countries: ['DE'] };

const setup = (options: { losses?: number } = {}) => {
  const registry = memoryRegistry(options);
  registry.items.set('berlin', berlin);
  let ids = 0;
  const now = () => new Date(at);
  const settings = checkoutSettingsManagement({ registry, now, newId: () => `option-${++ids}` });
  const stores = storeManagement({
    registry,
    groups: { open: async () => {}, grant: async () => {}, revoke: async () => {} },
    now,
  });
  return { registry, settings, stores };
};

describe('checkoutSettingsManagement', () => {
  it('lets the store’s admin and the platform admin change the settings, on the store’s record', async () => {
    const { registry, settings } = setup();
    const added = await settings.addShippingOption('berlin', standard, berlinAdmin);
    expect(added).toEqual({ shippingOptionId: 'option-1', ...standard });
    await settings.putTaxRate('berlin', { country: 'DE', rate: 1900 }, admin);
    const record = registry.items.get('berlin');
    expect(record?.shippingOptions).toEqual([added]);
    expect(record?.taxRates).toEqual([{ country: 'DE', rate: 1900 }]);
    // Every change moves updatedAt forward, even within the same millisecond.
    expect(record?.updatedAt).toBe('2026-06-01T10:00:00.002Z');
    expect(await settings.shippingOptions('berlin', 'DE')).toEqual({ items: [added] });
    expect(await settings.shippingOptions('berlin', 'FR')).toEqual({ items: [] });
    expect(await settings.taxRates('berlin')).toEqual({ items: [{ country: 'DE', rate: 1900 }] });
  });

  it('refuses a customer and another store’s admin (403) before reading, even for no such store', async () => {
    const { registry, settings } = setup();
    for (const caller of [customer, parisAdmin]) {
      await expect(settings.addShippingOption('berlin', standard, caller)).rejects.toThrow(ForbiddenError);
      await expect(settings.putTaxRate('berlin', { country: 'DE', rate: 1 }, caller)).rejects.toThrow(
        ForbiddenError,
      );
      await expect(settings.removeTaxRate('nowhere', 'DE', caller)).rejects.toThrow(ForbiddenError);
    }
    expect(registry.items.get('berlin')).toEqual(berlin);
  });

  it('answers 404 for no such store, to readers and to the admin', async () => {
    const { settings } = setup();
    await expect(settings.shippingOptions('nowhere')).rejects.toThrow(NotFoundError);
    await expect(settings.taxRates('nowhere')).rejects.toThrow(NotFoundError);
    await expect(settings.addShippingOption('nowhere', standard, admin)).rejects.toThrow(NotFoundError);
  });

  it('writes main from its defaults on its first settings change, and answers it empty before', async () => {
    const { registry, settings } = setup();
    expect(await settings.shippingOptions('main')).toEqual({ items: [] });
    expect(await settings.taxRates('main')).toEqual({ items: [] });
    await settings.putTaxRate('main', { country: 'US', rate: 0 }, admin);
    expect(registry.items.get('main')).toEqual({
      ...mainStoreDefaults,
      taxRates: [{ country: 'US', rate: 0 }],
      updatedAt: at,
    });
  });

  it('reads again after a lost write, keeping the new option’s id, and gives up with a 409', async () => {
    const retried = setup({ losses: 2 });
    const added = await retried.settings.addShippingOption('berlin', standard, admin);
    expect(retried.registry.items.get('berlin')?.shippingOptions).toEqual([added]);
    expect(added.shippingOptionId).toBe('option-1');
    const contended = setup({ losses: 5 });
    await expect(contended.settings.addShippingOption('berlin', standard, admin)).rejects.toThrow(
      ConflictError,
    );
  });

  it('changes and removes an option and a rate; 404 for one the store does not have', async () => {
    const { registry, settings } = setup();
    const added = await settings.addShippingOption('berlin', { ...standard, freeOver: 5000 }, admin);
    const changed = await settings.changeShippingOption(
      'berlin',
      added.shippingOptionId,
      { freeOver: null },
      admin,
    );
    expect(changed).toEqual({ shippingOptionId: added.shippingOptionId, ...standard });
    await settings.removeShippingOption('berlin', added.shippingOptionId, admin);
    expect(registry.items.get('berlin')?.shippingOptions).toEqual([]);
    await expect(settings.removeShippingOption('berlin', added.shippingOptionId, admin)).rejects.toThrow(
      NotFoundError,
    );
    await expect(settings.removeTaxRate('berlin', 'DE', admin)).rejects.toThrow(NotFoundError);
  });
});

describe('the settings and the store routes', () => {
  it('a store change keeps the settings on the record; the store routes answer the store alone', async () => {
    const { registry, settings, stores } = setup();
    const added = await settings.addShippingOption('berlin', standard, admin);
    const changed = await stores.change('berlin', { name: 'Berlin Mitte' }, admin);
    expect(registry.items.get('berlin')?.shippingOptions).toEqual([added]);
    expect(registry.items.get('berlin')?.name).toBe('Berlin Mitte');
    const answers = [changed, await stores.get('berlin'), ...(await stores.list({ limit: 20 })).items];
    for (const answer of answers) {
      expect(Object.keys(answer).sort()).toEqual(Object.keys(store.shape).sort());
      expect(store.safeParse(answer).success).toBe(true);
    }
  });
});
