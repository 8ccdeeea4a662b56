import * as contracts from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { STORE_HEADER } from '../src/api/client.ts';
import type { Store } from '../src/api/types.ts';
import { formatMoney } from '../src/money.ts';
import { counterpartIn, hrefFor, parseLocation, type Route } from '../src/routes.ts';
import { blankStore, bodyOf, changesOf, fieldsOf } from '../src/store-form.ts';
import {
  administers,
  DEFAULT_STORE_ID,
  isStoreId,
  localeForCountry,
  managedStores,
  splitStorePath,
  storeHref,
  storesAdministered,
} from '../src/stores.ts';

const store = (storeId: string, name: string, currency = 'USD', country = 'US'): Store => ({
  storeId,
  name,
  currency,
  country,
  taxIncluded: false,
  returnWindowDays: 30,
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
});
const stores = [
  store('main', 'Shop'),
  store('berlin', 'Berlin', 'EUR', 'DE'),
  store('paris', 'Paris', 'EUR', 'FR'),
];

describe('the browser’s copies of the contract (the app imports no zod)', () => {
  it('names the default store and the header as the API does', () => {
    expect(DEFAULT_STORE_ID).toBe(contracts.DEFAULT_STORE_ID);
    expect(STORE_HEADER).toBe(contracts.STORE_HEADER);
  });

  it('takes the store ids the API takes, and refuses the ones it refuses', () => {
    const candidates = [
      'main',
      'berlin',
      'b2',
      '0-x',
      `a${'b'.repeat(31)}`,
      'a',
      'B',
      '-x',
      'a_b',
      'a/b',
      '',
      `a${'b'.repeat(32)}`,
    ];
    for (const id of candidates)
      expect(isStoreId(id), id).toBe(contracts.storeIdSchema.safeParse(id).success);
  });
});

describe('the store of a URL', () => {
  it('is main for every path without a store, so URLs from before stores keep working', () => {
    for (const path of ['/', '/cart', '/products/p-1', '/admin/orders']) {
      expect(splitStorePath(path)).toEqual({ storeId: DEFAULT_STORE_ID, path });
    }
    expect(parseLocation('/orders/o-1')).toEqual({
      storeId: 'main',
      route: { page: 'order', orderId: 'o-1' },
    });
  });

  it('is the one named by /s/<storeId>, and the rest of the path is the page in it', () => {
    expect(splitStorePath('/s/berlin/cart')).toEqual({ storeId: 'berlin', path: '/cart' });
    expect(splitStorePath('/s/berlin')).toEqual({ storeId: 'berlin', path: '/' });
    expect(splitStorePath('/s/berlin/')).toEqual({ storeId: 'berlin', path: '/' });
    expect(parseLocation('/s/berlin/products/p-9')).toEqual({
      storeId: 'berlin',
      route: { page: 'product', productId: 'p-9' },
    });
    expect(parseLocation('/s/berlin/', '?category=books')).toEqual({
      storeId: 'berlin',
      route: { page: 'catalog', category: 'books' },
    });
  });

  it('refuses a store part that is not a store id (a page not found, never a guess)', () => {
    for (const path of [
      '/s/',
      '/s/B',
      '/s/-x/cart',
      '/s/a/cart',
      `/s/${'x'.repeat(33)}/cart`,
      '/s/a%2Fb/cart',
    ]) {
      expect(splitStorePath(path), path).toBeUndefined();
      expect(parseLocation(path).route, path).toEqual({ page: 'not-found' });
    }
  });

  it('links in main keep their bare path and in another store get the store’s prefix', () => {
    expect(storeHref('main', '/cart')).toBe('/cart');
    expect(storeHref('berlin', '/cart')).toBe('/s/berlin/cart');
    expect(storeHref('berlin', '/')).toBe('/s/berlin/');
    expect(storeHref('berlin', '/?q=mug')).toBe('/s/berlin/?q=mug');
    // A link that names its store stays in it.
    expect(storeHref('main', '/s/berlin/cart')).toBe('/s/berlin/cart');
    expect(storeHref('paris', '/s/berlin/cart')).toBe('/s/berlin/cart');
  });

  const routes: Route[] = [
    { page: 'catalog', category: 'books', q: 'cook' },
    { page: 'product', productId: 'p-1 / x' },
    { page: 'cart' },
    { page: 'signin', next: '/s/berlin/cart' },
    { page: 'order', orderId: 'o-1' },
    { page: 'admin-orders', status: 'SHIPPED' },
    { page: 'admin-shipping' },
    { page: 'admin-stores' },
    { page: 'admin-store', storeId: 'berlin' },
  ];
  it.each(routes)('gives back $page in berlin from its own URL', (route) => {
    const url = new URL(storeHref('berlin', hrefFor(route)), 'http://shop.test');
    expect(parseLocation(url.pathname, url.search)).toEqual({ storeId: 'berlin', route });
  });

  it('switches stores to the same kind of page, without this store’s ids or categories', () => {
    expect(counterpartIn({ page: 'product', productId: 'p-1' })).toEqual({ page: 'catalog' });
    expect(counterpartIn({ page: 'catalog', category: 'books', q: 'mug' })).toEqual({
      page: 'catalog',
      q: 'mug',
    });
    expect(counterpartIn({ page: 'order', orderId: 'o-1' })).toEqual({ page: 'orders' });
    expect(counterpartIn({ page: 'checkout' })).toEqual({ page: 'cart' });
    expect(counterpartIn({ page: 'admin-product-edit', productId: 'p-1' })).toEqual({
      page: 'admin-products',
    });
    expect(counterpartIn({ page: 'cart' })).toEqual({ page: 'cart' });
    expect(counterpartIn({ page: 'admin-shipping' })).toEqual({ page: 'admin-shipping' });
    expect(counterpartIn({ page: 'admin-orders', status: 'CONFIRMED' })).toEqual({
      page: 'admin-orders',
      status: 'CONFIRMED',
    });
  });
});

describe('prices in the store’s way of writing money', () => {
  it('picks a locale fitting the store’s country', () => {
    expect(localeForCountry('DE')).toBe('de-DE');
    expect(localeForCountry('US')).toBe('en-US');
    expect(localeForCountry('fr')).toBe('fr-FR');
    for (const odd of [undefined, '', 'DEU', '1A']) expect(localeForCountry(odd)).toBe('en-US');
  });

  it('writes euros as Germans do in a German store and dollars as Americans do in main', () => {
    expect(formatMoney(1999, 'EUR', localeForCountry('DE'))).toBe('19,99\u00a0€');
    expect(formatMoney(123456, 'EUR', localeForCountry('DE'))).toBe('1.234,56\u00a0€');
    expect(formatMoney(1999, 'USD', localeForCountry('US'))).toBe('$19.99');
  });
});

describe('who manages which store (from cognito:groups)', () => {
  it('an admin manages every store', () => {
    expect(administers(['admin'], 'berlin')).toBe(true);
    expect(managedStores(['admin'], stores).map((s) => s.storeId)).toEqual(['main', 'berlin', 'paris']);
  });

  it('a store admin manages only the stores of their groups', () => {
    const groups = ['store-admin-berlin'];
    expect(administers(groups, 'berlin')).toBe(true);
    expect(administers(groups, 'main')).toBe(false);
    expect(administers(groups, 'paris')).toBe(false);
    expect(managedStores(groups, stores)).toEqual([{ storeId: 'berlin', name: 'Berlin' }]);
  });

  it('a customer manages none, and a look-alike group grants nothing', () => {
    for (const groups of [
      [],
      ['customers'],
      ['store-admin-'],
      ['xstore-admin-berlin'],
      ['store-admin-Berlin'],
    ]) {
      expect(administers(groups, 'berlin'), groups.join()).toBe(false);
      expect(managedStores(groups, stores), groups.join()).toEqual([]);
    }
  });

  it('names a managed store the list does not know yet by its id', () => {
    expect(storesAdministered(['store-admin-rome', 'store-admin-berlin'])).toEqual(['rome', 'berlin']);
    expect(managedStores(['store-admin-rome', 'store-admin-berlin'], stores)).toEqual([
      { storeId: 'berlin', name: 'Berlin' },
      { storeId: 'rome', name: 'rome' },
    ]);
  });
});

describe('the stores admin form', () => {
  const berlin = store('berlin', 'Berlin', 'EUR', 'DE');

  it('sends a new store as the API takes it: trimmed, codes in capitals, days a number', () => {
    const fields = {
      ...blankStore,
      storeId: ' rome ',
      name: ' Roma ',
      currency: 'eur',
      country: 'it',
      taxIncluded: true,
      returnWindowDays: '14',
    };
    expect(bodyOf(fields)).toEqual({
      storeId: 'rome',
      name: 'Roma',
      currency: 'EUR',
      country: 'IT',
      taxIncluded: true,
      returnWindowDays: 14,
    });
  });

  it('leaves the return window to the API’s default when empty', () => {
    expect(bodyOf({ ...blankStore, storeId: 'rome' })).not.toHaveProperty('returnWindowDays');
  });

  it('patches only what changed, never the id', () => {
    expect(changesOf(berlin, fieldsOf(berlin))).toEqual({});
    expect(changesOf(berlin, { ...fieldsOf(berlin), name: 'Berlin Mitte', returnWindowDays: '14' })).toEqual({
      name: 'Berlin Mitte',
      returnWindowDays: 14,
    });
    expect(changesOf(berlin, { ...fieldsOf(berlin), storeId: 'other', taxIncluded: true })).toEqual({
      taxIncluded: true,
    });
  });
});
