// Issue 16 "Catalog queries" through the local base URL only: a category of this run's own with a
// T-shirt in variants (lowest 15.00), a mug (25.00) and a sold-out sticker (1.00): sorted by price both
// ways, filtered to in-stock and a price range, paged with cursors bound to their sort and filters,
// its facets, and the refusals of bad queries.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

type Product = { productId: string; name: string; price: number; stock: number };
const category = `acceptance-${randomUUID().slice(0, 8)}`;
let admin: SignedInUser;
let shirt: Product;

beforeAll(async () => {
  admin = await api.admin();
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const created = await api.request('POST', '/products', {
    token: admin.accessToken,
    body: {
      name: 'Acceptance query shirt',
      description: 'In two sizes.',
      category,
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: `AQ-${suffix}-S`, options: { Size: 'S' }, price: 1500, stock: 2 },
        { sku: `AQ-${suffix}-M`, options: { Size: 'M' }, price: 1700, stock: 0 },
      ],
    },
  });
  expect(created.status).toBe(201);
  shirt = created.body as Product;
  for (const [name, price, stock] of [
    ['Acceptance mug', 2500, 3],
    ['Acceptance sticker', 100, 0],
  ] as const) {
    const made = await api.request('POST', '/products', {
      token: admin.accessToken,
      body: { name, description: 'For the catalog queries.', category, price, stock },
    });
    expect(made.status).toBe(201);
  }
});

const prices = (body: { items: Product[] }) => body.items.map((item) => item.price);

describe('issue 16: catalog queries', () => {
  it('sorts a category by price both ways, filters it to in-stock and to a price range', async () => {
    const cheapest = await api.request('GET', `/products?category=${category}&sort=price`);
    expect(cheapest.status).toBe(200);
    expect(prices(cheapest.body)).toEqual([100, 1500, 2500]);
    const dearest = await api.request('GET', `/products?category=${category}&sort=-price`);
    expect(prices(dearest.body)).toEqual([2500, 1500, 100]);
    const inStock = await api.request('GET', `/products?category=${category}&sort=price&inStock=true`);
    expect(prices(inStock.body)).toEqual([1500, 2500]);
    const bounded = await api.request('GET', `/products?category=${category}&minPrice=1000&maxPrice=2000`);
    expect(bounded.body.items.map((item: Product) => item.productId)).toEqual([shirt.productId]);
    const newest = await api.request('GET', `/products?category=${category}&sort=newest`);
    expect(newest.body.items.map((item: Product) => item.name)).toEqual([
      'Acceptance sticker',
      'Acceptance mug',
      'Acceptance query shirt',
    ]);
  });

  it('pages with cursors bound to their sort and filters', async () => {
    const first = await api.request('GET', `/products?category=${category}&sort=price&limit=1`);
    expect(first.status).toBe(200);
    expect(prices(first.body)).toEqual([100]);
    const cursor = first.body.nextCursor as string;
    const next = await api.request(
      'GET',
      `/products?category=${category}&sort=price&limit=1&cursor=${cursor}`,
    );
    expect(prices(next.body)).toEqual([1500]);
    for (const query of ['sort=-price&limit=1', 'sort=price&inStock=true&limit=1', 'sort=name&limit=1']) {
      const replayed = await api.request('GET', `/products?category=${category}&${query}&cursor=${cursor}`);
      expect(replayed.status, query).toBe(400);
    }
  });

  it('answers facets over what the filters select', async () => {
    const facets = await api.request('GET', `/products/facets?category=${category}`);
    expect(facets.status).toBe(200);
    expect(facets.body).toEqual({
      categories: [{ value: category, count: 3 }],
      priceRange: { min: 100, max: 2500 },
    });
    const searched = await api.request(
      'GET',
      `/products/facets?q=${encodeURIComponent('acceptance mug')}&category=${category}`,
    );
    expect(searched.body).toEqual({
      categories: [{ value: category, count: 1 }],
      priceRange: { min: 2500, max: 2500 },
    });
  });

  it('refuses minPrice above maxPrice, an unknown sort and inStock=yes (400)', async () => {
    for (const query of ['minPrice=500&maxPrice=100', 'sort=cheapest', 'inStock=yes', 'minPrice=1.5'])
      expect((await api.request('GET', `/products?${query}`)).status, query).toBe(400);
  });
});
