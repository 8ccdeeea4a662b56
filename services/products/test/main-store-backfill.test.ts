import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { stockReleaseRequested, stockReservationRequested } from '@shop/contracts';
import { createEvent, recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { createServiceTable, uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStockReservations } from '../src/adapters/dynamo-stock-reservations.ts';
import type { ProductCatalog } from '../src/domain/catalog-page.ts';
import { shownProduct } from '../src/domain/product.ts';
import { backfillMainStore } from '../src/migrations/main-store.ts';
import { BERLIN, catalogOn, MAIN, mainStore, serviceDir } from './support.ts';

// A stage whose tables were written before stores: items without storeId, search entries keyed by the
// bare word, the whole catalog on the shelf `all`. The backfill gives all of it to main, once.
const stage = uniqueName('backfill')
  .replace(/[^a-z0-9-]/gi, '')
  .toLowerCase();
const tables = {
  products: `shop-products-${stage}-products`,
  search: `shop-products-${stage}-search`,
  reservations: `shop-products-${stage}-stock-reservations`,
  outbox: `shop-products-${stage}-outbox`,
  skus: `shop-products-${stage}-skus`,
  listings: `shop-products-${stage}-listings`,
  categoryCounts: `shop-products-${stage}-category-counts`,
};
const client = documentClient();
const publisher = recordingEventPublisher();
let catalog: ProductCatalog;

const now = '2026-01-01T00:00:00.000Z';
const legacyLamp = {
  productId: 'p-legacy-lamp',
  name: 'Legacy Lamp',
  description: 'Lit before stores.',
  category: 'lighting',
  price: 4999,
  currency: 'USD',
  stock: 12,
  createdAt: now,
  updatedAt: now,
  nameKey: 'legacy lamp#p-legacy-lamp',
  shelf: 'all',
  searchTerms: ['legacy', 'lamp', 'lit', 'before', 'stores'],
  revision: 3,
};
const legacyTombstone = {
  ...legacyLamp,
  productId: 'p-legacy-gone',
  name: 'Gone Lamp',
  nameKey: undefined,
  shelf: undefined,
  searchTerms: [],
  deletedAt: now,
};
const legacyShard = {
  productId: 'p-legacy-hot#stock-0',
  shardOf: 'p-legacy-hot',
  stock: 3,
  price: 100,
  currency: 'USD',
};
const legacyReservation = {
  orderId: 'o-legacy',
  status: 'RESERVED',
  lines: [{ productId: 'p-legacy-lamp', quantity: 2 }],
  reservedAt: now,
};

const put = (TableName: string, items: Record<string, unknown>[]) =>
  client.send(
    new BatchWriteCommand({
      RequestItems: { [TableName]: items.map((Item) => ({ PutRequest: { Item } })) },
    }),
  );

beforeAll(async () => {
  useEmulator();
  await Promise.all([
    createServiceTable(serviceDir, 'ProductsTable', tables.products),
    createServiceTable(serviceDir, 'ProductSearchTable', tables.search),
    createServiceTable(serviceDir, 'StockReservationsTable', tables.reservations),
    createServiceTable(serviceDir, 'OutboxTable', tables.outbox),
    createServiceTable(serviceDir, 'SkuTable', tables.skus),
    createServiceTable(serviceDir, 'ListingsTable', tables.listings),
    createServiceTable(serviceDir, 'CategoryCountsTable', tables.categoryCounts),
  ]);
  await put(tables.products, [legacyLamp, legacyTombstone, legacyShard]);
  await put(
    tables.search,
    legacyLamp.searchTerms.map((term) => ({
      term,
      nameKey: legacyLamp.nameKey,
      productId: legacyLamp.productId,
      category: legacyLamp.category,
      terms: legacyLamp.searchTerms,
    })),
  );
  await put(tables.reservations, [legacyReservation]);
  const outbox = transactionalOutbox({ tableName: tables.outbox, client, publisher });
  catalog = catalogOn(tables, client, outbox);
});

const read = async (TableName: string, Key: Record<string, unknown>) =>
  (await client.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;

describe('backfillMainStore', () => {
  it("leaves a legacy product out of main's listings until it runs (what the deploy must know)", async () => {
    expect((await catalog.list(MAIN, { limit: 100 })).items).toEqual([]);
    // A single read needs no backfill: an item without a store is main's.
    expect(await catalog.find(MAIN, legacyLamp.productId)).toMatchObject({ storeId: MAIN });
    expect(await catalog.find(BERLIN, legacyLamp.productId)).toBeUndefined();
  });

  it('gives every legacy item to main once: a second run updates nothing', async () => {
    const first = await backfillMainStore({ stage, client });
    expect(first).toEqual([
      { table: tables.products, scanned: 3, updated: 3 },
      { table: tables.search, scanned: 5, updated: 5 },
      { table: tables.reservations, scanned: 1, updated: 1 },
      // The live lamp gets its listing item (the tombstone and the shard get none).
      { table: tables.listings, scanned: 1, updated: 1 },
    ]);
    const second = await backfillMainStore({ stage, client });
    expect(second).toEqual([
      { table: tables.products, scanned: 3, updated: 0 },
      { table: tables.search, scanned: 5, updated: 0 },
      { table: tables.reservations, scanned: 1, updated: 0 },
      { table: tables.listings, scanned: 1, updated: 0 },
    ]);
    expect(await read(tables.products, { productId: legacyLamp.productId })).toMatchObject({
      storeId: MAIN,
      storeCategory: 'main#lighting',
      catalogShelf: 'main#all',
      revision: legacyLamp.revision,
      stock: legacyLamp.stock,
    });
    expect((await read(tables.products, { productId: legacyLamp.productId }))?.shelf).toBeUndefined();
    const tombstone = await read(tables.products, { productId: legacyTombstone.productId });
    expect(tombstone).toMatchObject({ storeId: MAIN, deletedAt: now });
    expect(tombstone?.shelf).toBeUndefined();
    expect(await read(tables.products, { productId: legacyShard.productId })).toMatchObject({
      storeId: MAIN,
      stock: 3,
    });
    expect(await read(tables.reservations, { orderId: 'o-legacy' })).toMatchObject({ storeId: MAIN });
    // The bare-word entries moved into main's words.
    expect(await read(tables.search, { term: 'lamp', nameKey: legacyLamp.nameKey })).toBeUndefined();
    expect(await read(tables.search, { term: 'main#lamp', nameKey: legacyLamp.nameKey })).toMatchObject({
      productId: legacyLamp.productId,
      storeId: MAIN,
    });
  });

  it('moves a product written since stores from `shelf` to `catalogShelf` once, so it lists again', async () => {
    // As the service wrote a product between issue 15 and issue 16: a store, on the old shelf index.
    const since = {
      ...legacyLamp,
      productId: 'p-since-stores',
      name: 'Since Stores Lamp',
      nameKey: 'since stores lamp#p-since-stores',
      storeId: BERLIN,
      storeCategory: 'berlin#lighting',
      shelf: 'berlin#all',
      searchTerms: [],
    };
    await put(tables.products, [since]);
    expect((await catalog.list(BERLIN, { limit: 100 })).items).toEqual([]);
    const moved = await backfillMainStore({ stage, client });
    expect(moved[0]).toEqual({ table: tables.products, scanned: 4, updated: 1 });
    expect(await read(tables.products, { productId: since.productId })).toMatchObject({
      catalogShelf: 'berlin#all',
      revision: since.revision,
    });
    expect((await read(tables.products, { productId: since.productId }))?.shelf).toBeUndefined();
    expect((await catalog.list(BERLIN, { limit: 100 })).items.map((item) => item.productId)).toEqual([
      since.productId,
    ]);
    expect((await backfillMainStore({ stage, client }))[0]).toEqual({
      table: tables.products,
      scanned: 4,
      updated: 0,
    });
    await catalog.remove(BERLIN, since.productId);
  });

  it('lets the routes see the legacy items in main, and only there', async () => {
    const { searchTerms: _terms, nameKey: _key, shelf: _shelf, revision: _revision, ...shown } = legacyLamp;
    const expected = shownProduct({ ...shown, storeId: MAIN });
    expect((await catalog.list(MAIN, { limit: 100 })).items).toEqual([expected]);
    expect((await catalog.list(MAIN, { category: 'lighting', limit: 100 })).items).toEqual([expected]);
    expect((await catalog.list(MAIN, { q: 'legacy lamp', limit: 100 })).items).toEqual([expected]);
    for (const query of [{}, { category: 'lighting' }, { q: 'legacy lamp' }])
      expect((await catalog.list(BERLIN, { ...query, limit: 100 })).items).toEqual([]);
    // And an edit after the backfill is the usual conditional write.
    expect(await catalog.update(MAIN, legacyLamp.productId, { price: 5999 })).toMatchObject({
      price: 5999,
      storeId: MAIN,
    });
  });

  it("reserves and releases legacy stock in main, and refuses it to another store's order", async () => {
    const reservations = dynamoStockReservations({
      productsTable: tables.products,
      reservationsTable: tables.reservations,
      client,
      outbox: transactionalOutbox({ tableName: tables.outbox, client, publisher }),
    });
    const lines = [{ productId: legacyLamp.productId, quantity: 1 }];
    const refused = await reservations.reserve(
      createEvent(
        stockReservationRequested,
        { storeId: BERLIN, orderId: 'o-berlin', lines },
        { source: 'orders' },
      ),
    );
    expect(refused).toMatchObject({ type: 'StockReservationFailed', data: { reason: 'OUT_OF_STOCK' } });
    const reserved = await reservations.reserve(
      createEvent(
        stockReservationRequested,
        { storeId: MAIN, orderId: 'o-main', lines },
        { source: 'orders' },
      ),
    );
    expect(reserved).toMatchObject({ type: 'StockReserved', data: { storeId: MAIN } });
    // The reservation made before stores gives its 2 units back in main.
    const released = await reservations.release(
      createEvent(
        stockReleaseRequested,
        { storeId: MAIN, orderId: 'o-legacy', reason: 'CANCELLED' },
        { source: 'orders' },
      ),
    );
    expect(released).toMatchObject({ type: 'StockReleased', data: { lines: [{ quantity: 2 }] } });
    expect((await read(tables.products, { productId: legacyLamp.productId }))?.stock).toBe(12 - 1 + 2);
  });

  it('gives the search entries written before prefix search their prefix keys, once', async () => {
    const kettle = await catalog.create(mainStore, {
      name: 'Copper Kettle',
      description: 'Whistles.',
      category: 'kitchen',
      price: 100,
      stock: 1,
    });
    // As the service wrote entries before prefix search: no `wordsText`, no `byPrefix` keys.
    const entries = await client.send(
      new QueryCommand({
        TableName: tables.search,
        IndexName: 'byPrefix',
        KeyConditionExpression: 'prefix = :prefix',
        ExpressionAttributeValues: { ':prefix': 'main#cop' },
      }),
    );
    expect(entries.Items?.map((entry) => entry.productId)).toEqual([kettle.productId]);
    for (const term of ['main#copper', 'main#kettle', 'main#whistles'])
      await client.send(
        new UpdateCommand({
          TableName: tables.search,
          Key: { term, nameKey: `copper kettle#${kettle.productId}` },
          UpdateExpression: 'REMOVE wordsText, prefix, prefixSort',
        }),
      );
    expect((await catalog.list(MAIN, { q: 'kett', limit: 10 })).items).toEqual([]);

    const first = await backfillMainStore({ stage, client });
    expect(first[1]).toMatchObject({ table: tables.search, updated: 3 });
    expect((await catalog.list(MAIN, { q: 'kett', limit: 10 })).items).toEqual([kettle]);
    expect((await catalog.list(MAIN, { q: 'whis copper', limit: 10 })).items).toEqual([kettle]);
    expect((await backfillMainStore({ stage, client }))[1]).toMatchObject({ updated: 0 });
    await catalog.remove(MAIN, kettle.productId);
  });

  it('never overwrites what the service wrote since: a product created with its store is left alone', async () => {
    const fresh = await catalog.create(mainStore, {
      name: 'Fresh Lamp',
      description: 'After stores.',
      category: 'lighting',
      price: 100,
      stock: 1,
    });
    const results = await backfillMainStore({ stage, client });
    expect(results.map((result) => result.updated)).toEqual([0, 0, 0, 0]);
    expect(await catalog.find(MAIN, fresh.productId)).toEqual(fresh);
  });
});
