// Issue 14: a hot product's stock split over shards. The proof of "exactly the stock, never below
// zero" under a flash sale: 200 buyers at once for 37 units, against the emulator over a real connection.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import {
  newProductBody,
  productPatchBody,
  stockReleaseRequested,
  stockReservationRequested,
} from '@shop/contracts';
import { createEvent, type EventEnvelope, recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { uniqueName, useEmulator } from '@shop/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStockReservations } from '../src/adapters/dynamo-stock-reservations.ts';
import type { ProductCatalog } from '../src/domain/catalog-page.ts';
import { HOT_STOCK_SHARDS, shardKey } from '../src/domain/stock-shards.ts';
import { catalogOn, createTables, MAIN, mainStore, type Tables } from './support.ts';

let tables: Tables;
let catalog: ProductCatalog;
let reservations: ReturnType<typeof dynamoStockReservations>;
const catalogEvents = recordingEventPublisher();
const replies = recordingEventPublisher();

beforeAll(async () => {
  useEmulator();
  tables = await createTables();
  const client = documentClient();
  catalog = catalogOn(
    tables,
    client,
    transactionalOutbox({ tableName: tables.outbox, client, publisher: catalogEvents }),
  );
  reservations = dynamoStockReservations({
    productsTable: tables.products,
    reservationsTable: tables.reservations,
    client,
    outbox: transactionalOutbox({ tableName: tables.outbox, client, publisher: replies }),
  });
});

const body = { name: 'Lamp', description: 'Bright.', category: 'lighting', price: 100, stock: 3 };

const newProduct = (stock: number, hot?: boolean) =>
  catalog.create(mainStore, {
    name: 'Flash Sale Console',
    description: 'One day only.',
    category: 'toys',
    price: 29900,
    currency: 'USD',
    stock,
    ...(hot === undefined ? {} : { hot }),
  });

/** Each shard's stock as stored, and the product item's own. */
async function stockItems(productId: string) {
  const read = async (key: string) =>
    Number(
      (
        await documentClient().send(
          new GetCommand({ TableName: tables.products, Key: { productId: key }, ConsistentRead: true }),
        )
      ).Item?.stock ?? 0,
    );
  const shards = await Promise.all(
    Array.from({ length: HOT_STOCK_SHARDS }, (_, index) => read(shardKey(productId, index))),
  );
  return { shards, product: await read(productId) };
}

const reserveRequest = (orderId: string, productId: string, quantity = 1) =>
  createEvent(
    stockReservationRequested,
    { orderId, lines: [{ productId, quantity, unitPrice: 29900 }], currency: 'USD' },
    { source: 'orders', correlationId: orderId },
  );

// As SQS would: a handling that throws (too many lost races in a row) is delivered again.
async function redelivered<T>(handle: () => Promise<T>): Promise<T> {
  for (let delivery = 1; ; delivery += 1) {
    try {
      return await handle();
    } catch (error) {
      if (delivery >= 5) throw error;
    }
  }
}

describe('a hot product', () => {
  it('sells exactly its 37 units to 200 buyers at once, no shard below zero, and takes releases back', async () => {
    const product = await newProduct(37, true);
    expect(product).toMatchObject({ stock: 37, hot: true });
    expect((await stockItems(product.productId)).shards.reduce((a, b) => a + b, 0)).toBe(37);

    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        redelivered(() => reservations.reserve(reserveRequest(uniqueName('order'), product.productId))),
      ),
    );

    const reserved = answers.filter((answer) => answer?.type === 'StockReserved');
    const refused = answers.filter((answer) => answer?.type === 'StockReservationFailed');
    expect(reserved).toHaveLength(37);
    expect(refused).toHaveLength(163);
    for (const refusal of refused) expect(refusal?.data).toMatchObject({ reason: 'OUT_OF_STOCK' });
    const after = await stockItems(product.productId);
    expect(Math.min(...after.shards, after.product)).toBe(0);
    expect(after.shards.reduce((a, b) => a + b, 0) + after.product).toBe(0);
    expect((await catalog.find(MAIN, product.productId))?.stock).toBe(0);

    // Releases give the units back to the shards they came from.
    const releasedOrders = reserved
      .slice(0, 5)
      .map((answer) => (answer as EventEnvelope).data as { orderId: string })
      .map((data) => data.orderId);
    for (const orderId of releasedOrders)
      await reservations.release(
        createEvent(stockReleaseRequested, { orderId, reason: 'CANCELLED' }, { source: 'orders' }),
      );
    const back = await stockItems(product.productId);
    expect(back.shards.reduce((a, b) => a + b, 0)).toBe(5);
    expect((await catalog.find(MAIN, product.productId))?.stock).toBe(5);
  });

  it('is restocked as one number: the admin sets the total, spread over the shards, and announces it', async () => {
    const product = await newProduct(10, true);
    await reservations.reserve(reserveRequest(uniqueName('order'), product.productId, 4));

    const restocked = await catalog.update(MAIN, product.productId, { stock: 50 });

    expect(restocked.stock).toBe(50);
    expect((await catalog.find(MAIN, product.productId))?.stock).toBe(50);
    const { shards } = await stockItems(product.productId);
    expect(shards.reduce((a, b) => a + b, 0)).toBe(50);
    expect(Math.max(...shards) - Math.min(...shards)).toBeLessThanOrEqual(1);
    const changed = catalogEvents.published.filter(
      (event) => (event.data as { productId?: string }).productId === product.productId,
    );
    expect(changed.map((event) => (event.data as { stock: number }).stock)).toEqual([10, 50]);
    // A price change reaches the shards, so the reservation's price condition holds there too.
    await catalog.update(MAIN, product.productId, { price: 19900 });
    const stale = await reservations.reserve(reserveRequest(uniqueName('order'), product.productId));
    expect(stale?.data).toMatchObject({ reason: 'PRICE_CHANGED' });
    expect((await catalog.find(MAIN, product.productId))?.stock).toBe(50);
  });

  it("shows its shards' sum on catalog pages too: the whole catalog, its category and a search", async () => {
    const product = await newProduct(10, true);
    await reservations.reserve(reserveRequest(uniqueName('order'), product.productId, 4));

    async function onPages(query: { category?: string; q?: string }) {
      let cursor: string | undefined;
      do {
        const page = await catalog.list(MAIN, { ...query, limit: 100, ...(cursor ? { cursor } : {}) });
        const found = page.items.find((item) => item.productId === product.productId);
        if (found) return found.stock;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return undefined;
    }
    expect(await onPages({})).toBe(6);
    expect(await onPages({ category: 'toys' })).toBe(6);
    expect(await onPages({ q: 'console' })).toBe(6);
  });

  it('turns hot with its stock, and sells the units of an order reserved before it turned hot', async () => {
    const product = await newProduct(6);
    const early = uniqueName('order');
    await reservations.reserve(reserveRequest(early, product.productId, 2));

    const hot = await catalog.update(MAIN, product.productId, { hot: true });
    expect(hot).toMatchObject({ hot: true, stock: 4 });
    // A reservation made before the split is released onto the product item, and still counts.
    await reservations.release(
      createEvent(stockReleaseRequested, { orderId: early, reason: 'CANCELLED' }, { source: 'orders' }),
    );
    expect((await catalog.find(MAIN, product.productId))?.stock).toBe(6);
    await redelivered(() => reservations.reserve(reserveRequest(uniqueName('order'), product.productId, 6)));
    expect((await catalog.find(MAIN, product.productId))?.stock).toBe(0);
    expect((await stockItems(product.productId)).product).toBe(0);
  });

  it('is marked hot by the admin, and cannot be made cold again (its reservations hold shard units)', () => {
    expect(newProductBody.safeParse({ ...body, hot: true }).success).toBe(true);
    expect(productPatchBody.safeParse({ hot: true }).success).toBe(true);
    expect(productPatchBody.safeParse({ hot: false }).success).toBe(false);
    expect(newProductBody.safeParse({ ...body, hot: 'yes' }).success).toBe(false);
  });

  it('never oversells under random racing reservations and releases (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 5 }), release: fc.boolean() }), {
          minLength: 1,
          maxLength: 24,
        }),
        async (stocked, buyers) => {
          const product = await newProduct(stocked, true);
          const outcomes = await Promise.all(
            buyers.map(async ({ quantity, release }) => {
              const orderId = uniqueName('order');
              const answer: EventEnvelope | undefined = await redelivered(() =>
                reservations.reserve(reserveRequest(orderId, product.productId, quantity)),
              );
              const got = answer?.type === 'StockReserved';
              if (got && release)
                await reservations.release(
                  createEvent(stockReleaseRequested, { orderId, reason: 'CANCELLED' }, { source: 'orders' }),
                );
              return got && !release ? quantity : 0;
            }),
          );
          const sold = outcomes.reduce((a, b) => a + b, 0);
          const { shards, product: own } = await stockItems(product.productId);
          expect(Math.min(...shards, own)).toBeGreaterThanOrEqual(0);
          expect(sold + shards.reduce((a, b) => a + b, 0) + own).toBe(stocked);
        },
      ),
      { numRuns: 8 },
    );
  });
});
