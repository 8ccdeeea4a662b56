import { mainStoreDefaults, type Store } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import {
  changeCheckoutSettings,
  changeStore,
  listingPage,
  openStore,
  publicStore,
  type StoreRecord,
  storeOrMain,
} from '../src/domain/store.ts';

const at = new Date('2026-06-01T10:00:00.000Z');
const store = (storeId: string): Store => ({
  ...openStore(
    { storeId, name: storeId, currency: 'EUR', country: 'DE', taxIncluded: true, returnWindowDays: 30 },
    at,
  ),
});
const ids = (stores: Store[]) => stores.map((item) => item.storeId);

describe('openStore and changeStore', () => {
  it('opens a store stamped now, and changes only the fields given', () => {
    const opened = store('berlin');
    expect(opened).toMatchObject({
      storeId: 'berlin',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
    const later = new Date('2026-06-02T10:00:00.000Z');
    const changed = changeStore(opened, { name: 'Berlin Mitte', taxIncluded: false }, later);
    expect(changed).toEqual({
      ...opened,
      name: 'Berlin Mitte',
      taxIncluded: false,
      updatedAt: later.toISOString(),
    });
    expect(opened.name).toBe('berlin');
  });

  it('moves updatedAt forward even when the clock did not (same millisecond, or behind)', () => {
    const opened = store('berlin');
    const same = changeStore(opened, { name: 'Again' }, at);
    expect(same.updatedAt).toBe('2026-06-01T10:00:00.001Z');
    const behind = changeStore(same, { name: 'Once more' }, new Date('2026-05-01T00:00:00.000Z'));
    expect(behind.updatedAt).toBe('2026-06-01T10:00:00.002Z');
  });

  it('keeps the checkout settings through a store change, and answers the store without them', () => {
    const record: StoreRecord = {
      ...store('berlin'),
      taxRates: [{ country: 'DE', rate: 1900 }],
      shippingOptions: [],
    };
    const changed = changeStore(record, { name: 'Berlin Mitte' }, at);
    expect(changed.taxRates).toEqual([{ country: 'DE', rate: 1900 }]);
    expect(changed.shippingOptions).toEqual([]);
    expect(publicStore(changed)).toEqual({
      ...store('berlin'),
      name: 'Berlin Mitte',
      updatedAt: changed.updatedAt,
    });
  });

  it('changes the settings given and moves updatedAt forward as a store change does', () => {
    const record: StoreRecord = { ...store('berlin'), taxRates: [{ country: 'DE', rate: 1900 }] };
    const changed = changeCheckoutSettings(record, { shippingOptions: [] }, at);
    expect(changed).toEqual({ ...record, shippingOptions: [], updatedAt: '2026-06-01T10:00:00.001Z' });
  });

  it('answers main as its defaults when never written, and no other store', () => {
    expect(storeOrMain('main', undefined)).toEqual(mainStoreDefaults);
    expect(storeOrMain('berlin', undefined)).toBeUndefined();
    const written = { ...mainStoreDefaults, name: 'The Shop' };
    expect(storeOrMain('main', written)).toBe(written);
  });
});

describe('listingPage', () => {
  it('puts main in its place when it was never written', () => {
    const page = listingPage([store('berlin'), store('paris')], { after: undefined, limit: 20 });
    expect(ids(page.items)).toEqual(['berlin', 'main', 'paris']);
    expect(page.more).toBe(false);
  });

  it('lists main once when it was written', () => {
    const written = { ...mainStoreDefaults, name: 'The Shop' };
    const page = listingPage([store('berlin'), written], { after: undefined, limit: 20 });
    expect(ids(page.items)).toEqual(['berlin', 'main']);
    expect(page.items[1]?.name).toBe('The Shop');
  });

  it('leaves main to a later page when more stores before it are unread', () => {
    // limit 2: three read (one more than a page), all before main.
    const page = listingPage([store('aa'), store('bb'), store('cc')], { after: undefined, limit: 2 });
    expect(ids(page.items)).toEqual(['aa', 'bb']);
    expect(page.more).toBe(true);
    const next = listingPage([store('cc')], { after: 'bb', limit: 2 });
    expect(ids(next.items)).toEqual(['cc', 'main']);
    expect(next.more).toBe(false);
  });

  it('does not repeat main on a page after it', () => {
    expect(ids(listingPage([store('paris')], { after: 'main', limit: 2 }).items)).toEqual(['paris']);
  });

  it('pushes a store to the next page when main takes its place', () => {
    const page = listingPage([store('aa'), store('zz'), store('zzz')], { after: undefined, limit: 2 });
    expect(ids(page.items)).toEqual(['aa', 'main']);
    expect(page.more).toBe(true);
  });
});
