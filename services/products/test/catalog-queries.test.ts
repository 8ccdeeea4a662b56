// Issue 16 "Catalog queries" against the emulator: every sort, the price range and in-stock filter,
// combined with a category and a search, cursors bound to their sort and filters.
import { documentClient } from '@shop/aws';
import { listProductsQuery, type Product } from '@shop/contracts';
import { ValidationError } from '@shop/errors';
import { recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoProductRatings } from '../src/adapters/dynamo-product-ratings.ts';
import type { CatalogQuery, ProductCatalog } from '../src/domain/catalog-page.ts';
import type { ProductRecord } from '../src/domain/product.ts';
import { catalogOn, createTables, type Tables } from './support.ts';

let tables: Tables;
let catalog: ProductCatalog;
// A store of this file's own, so the listings hold only what it wrote.
const storeId = uniqueName('q')
  .replace(/[^a-z0-9-]/gi, '')
  .toLowerCase()
  .slice(0, 30);
const tag = storeId.replace(/-/g, '');

const record = (
  name: string,
  price: number,
  stock: number,
  day: number,
  category = 'home',
): ProductRecord => ({
  productId: `p-${tag}-${name.toLowerCase()}`,
  storeId,
  name: `${name} ${tag}`,
  description: 'For the catalog queries.',
  category,
  price,
  currency: 'USD',
  stock,
  createdAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  updatedAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
});
// Sticker: cheapest, sold out, oldest. Mug: dearest. Lamp: in between. Soap: another category.
const sticker = record('Sticker', 100, 0, 1);
const lamp = record('Lamp', 1500, 4, 2);
const mug = record('Mug', 2500, 3, 3);
const soap = record('Soap', 900, 5, 4, 'bath');

beforeAll(async () => {
  useEmulator();
  tables = await createTables();
  const client = documentClient();
  catalog = catalogOn(
    tables,
    client,
    transactionalOutbox({ tableName: tables.outbox, client, publisher: recordingEventPublisher() }),
  );
  await catalog.save([sticker, lamp, mug, soap]);
  const ratings = dynamoProductRatings({
    tableName: tables.products,
    listingsTableName: tables.listings,
    client,
  });
  // Mug 4.5 from 2 reviews, lamp 4.5 from 10, soap 3.
  await ratings.apply(storeId, mug.productId, { average: 4.5, count: 2 }, 1);
  await ratings.apply(storeId, lamp.productId, { average: 4.5, count: 10 }, 1);
  await ratings.apply(storeId, soap.productId, { average: 3, count: 1 }, 1);
});

const names = (items: Product[]) => items.map((item) => item.name.split(' ')[0]);
/** Every page of a listing, following its cursors with `limit` per page. */
async function all(query: Omit<CatalogQuery, 'limit' | 'cursor'>, limit = 1): Promise<Product[]> {
  const found: Product[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const answer = await catalog.list(storeId, { ...query, limit, ...(cursor ? { cursor } : {}) });
    found.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return found;
}

describe('sorted listings', () => {
  it('sorts the whole catalog and a category by price both ways, by age and by rating', async () => {
    expect(names(await all({ sort: 'price' }))).toEqual(['Sticker', 'Soap', 'Lamp', 'Mug']);
    expect(names(await all({ sort: '-price' }))).toEqual(['Mug', 'Lamp', 'Soap', 'Sticker']);
    expect(names(await all({ sort: 'price', category: 'home' }, 2))).toEqual(['Sticker', 'Lamp', 'Mug']);
    expect(names(await all({ sort: 'newest' }))).toEqual(['Soap', 'Mug', 'Lamp', 'Sticker']);
    // Equal averages: the one with more reviews first; no reviews last.
    expect(names(await all({ sort: 'rating' }))).toEqual(['Lamp', 'Mug', 'Soap', 'Sticker']);
    expect(names(await all({ sort: 'name' }))).toEqual(['Lamp', 'Mug', 'Soap', 'Sticker']);
  });

  it('filters by a price range and to what is in stock, with any sort, category or search', async () => {
    expect(names(await all({ sort: 'price', minPrice: 900, maxPrice: 1500 }))).toEqual(['Soap', 'Lamp']);
    expect(names(await all({ sort: '-price', minPrice: 1000 }))).toEqual(['Mug', 'Lamp']);
    expect(names(await all({ sort: 'newest', maxPrice: 1500 }, 2))).toEqual(['Soap', 'Lamp', 'Sticker']);
    expect(names(await all({ sort: 'price', inStock: true }))).toEqual(['Soap', 'Lamp', 'Mug']);
    expect(names(await all({ inStock: true, category: 'home' }))).toEqual(['Lamp', 'Mug']);
    expect(names(await all({ minPrice: 1000 }, 2))).toEqual(['Lamp', 'Mug']);
    expect(names(await all({ q: tag, sort: '-price', inStock: true }))).toEqual(['Mug', 'Lamp', 'Soap']);
    expect(names(await all({ q: tag, category: 'home', sort: 'rating' }))).toEqual([
      'Lamp',
      'Mug',
      'Sticker',
    ]);
    expect(names(await all({ q: tag, maxPrice: 1000 }))).toEqual(['Soap', 'Sticker']);
  });

  it('moves a product in the price sort when its price changes, and out of every sort when deleted', async () => {
    const extra = await catalog.create(
      { storeId, currency: 'USD' },
      {
        name: `Candle ${tag}`,
        description: 'Changes price.',
        category: 'home',
        price: 50,
        stock: 1,
      },
    );
    expect(names(await all({ sort: 'price', category: 'home' }, 10))[0]).toBe('Candle');
    await catalog.update(storeId, extra.productId, { price: 9999 });
    expect(names(await all({ sort: 'price', category: 'home' }, 10)).at(-1)).toBe('Candle');
    await catalog.remove(storeId, extra.productId);
    for (const sort of ['price', 'newest', 'rating'] as const)
      expect(names(await all({ sort }, 10))).not.toContain('Candle');
  });

  it('binds a cursor to its sort and filters: another one is a 400, never another listing', async () => {
    const first = await catalog.list(storeId, { sort: 'price', limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    const cursor = first.nextCursor as string;
    for (const other of [
      { sort: '-price' as const },
      { sort: 'newest' as const },
      { sort: 'price' as const, minPrice: 1 },
      { sort: 'price' as const, category: 'home' },
      { sort: 'name' as const },
    ])
      await expect(catalog.list(storeId, { ...other, limit: 1, cursor })).rejects.toThrow(ValidationError);
    const byName = await catalog.list(storeId, { inStock: true, limit: 1 });
    await expect(catalog.list(storeId, { limit: 1, cursor: byName.nextCursor as string })).rejects.toThrow(
      ValidationError,
    );
    await expect(catalog.list('main', { sort: 'price', limit: 1, cursor })).rejects.toThrow(ValidationError);
  });
});

describe('facets', () => {
  it('counts live products per category and gives the price range, of the store, a category or a search', async () => {
    expect(await catalog.facets(storeId, {})).toEqual({
      categories: [
        { value: 'bath', count: 1 },
        { value: 'home', count: 3 },
      ],
      priceRange: { min: 100, max: 2500 },
    });
    expect(await catalog.facets(storeId, { category: 'home' })).toEqual({
      categories: [{ value: 'home', count: 3 }],
      priceRange: { min: 100, max: 2500 },
    });
    expect(await catalog.facets(storeId, { q: `mug ${tag}` })).toEqual({
      categories: [{ value: 'home', count: 1 }],
      priceRange: { min: 2500, max: 2500 },
    });
    expect(await catalog.facets(storeId, { category: 'garden' })).toEqual({
      categories: [],
      priceRange: { min: null, max: null },
    });
  });

  it('moves the counts exactly with a create, a category change and a delete', async () => {
    const vase = await catalog.create(
      { storeId, currency: 'USD' },
      {
        name: `Vase ${tag}`,
        description: 'Moves between categories.',
        category: 'garden',
        price: 3000,
        stock: 2,
      },
    );
    expect((await catalog.facets(storeId, { category: 'garden' })).categories).toEqual([
      { value: 'garden', count: 1 },
    ]);
    await catalog.update(storeId, vase.productId, { category: 'bath' });
    expect((await catalog.facets(storeId, {})).categories).toEqual([
      { value: 'bath', count: 2 },
      { value: 'home', count: 3 },
    ]);
    expect((await catalog.facets(storeId, {})).priceRange).toEqual({ min: 100, max: 3000 });
    await catalog.update(storeId, vase.productId, { name: `Tall vase ${tag}` });
    await catalog.remove(storeId, vase.productId);
    expect(await catalog.facets(storeId, {})).toMatchObject({
      categories: [
        { value: 'bath', count: 1 },
        { value: 'home', count: 3 },
      ],
      priceRange: { min: 100, max: 2500 },
    });
  });
});

describe('the query string', () => {
  it('refuses minPrice above maxPrice, an unknown sort, a fractional or negative bound, and inStock=yes', () => {
    for (const query of [
      { minPrice: '500', maxPrice: '100' },
      { sort: 'cheapest' },
      { minPrice: '1.5' },
      { maxPrice: '-1' },
      { inStock: 'yes' },
    ])
      expect(listProductsQuery.safeParse(query).success).toBe(false);
    expect(
      listProductsQuery.parse({ sort: '-price', minPrice: '100', maxPrice: '100', inStock: 'true' }),
    ).toMatchObject({
      sort: '-price',
      minPrice: 100,
      maxPrice: 100,
      inStock: true,
    });
  });
});
