// Issue 16: a product's variants against the emulator: each variant's stock in its own item, the SKU
// unique per store, a reservation that moves only its variant's stock, and a hot product's variants.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import {
  type NewProductInput,
  newProductBody,
  type Product,
  type ReservationLine,
  stockReleaseRequested,
  stockReservationRequested,
} from '@shop/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@shop/errors';
import { createEvent, type EventEnvelope, recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoProductRatings } from '../src/adapters/dynamo-product-ratings.ts';
import { dynamoStockReservations } from '../src/adapters/dynamo-stock-reservations.ts';
import type { ProductCatalog, ProductRatings } from '../src/domain/catalog-page.ts';
import { shardKey } from '../src/domain/stock-shards.ts';
import {
  BERLIN,
  berlinStore,
  catalogOn,
  createTables,
  itemCount,
  MAIN,
  mainStore,
  type Tables,
} from './support.ts';

let tables: Tables;
let catalog: ProductCatalog;
let reservations: ReturnType<typeof dynamoStockReservations>;
let ratings: ProductRatings;
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
  ratings = dynamoProductRatings({ tableName: tables.products, listingsTableName: tables.listings, client });
  reservations = dynamoStockReservations({
    productsTable: tables.products,
    reservationsTable: tables.reservations,
    client,
    outbox: transactionalOutbox({ tableName: tables.outbox, client, publisher: replies }),
  });
});

const SIZES = ['S', 'M', 'L'];
const COLOURS = ['Blue', 'Black'];
/** A T-shirt in 3 sizes and 2 colours; every SKU carries `tag` so each test has its own. */
const shirtBody = (tag: string, extra: Partial<NewProductInput> = {}) =>
  newProductBody.parse({
    name: `Variant shirt ${tag}`,
    description: 'Cotton, in three sizes and two colours.',
    category: 'clothing',
    options: [
      { name: 'Size', values: SIZES },
      { name: 'Colour', values: COLOURS },
    ],
    variants: SIZES.flatMap((size, row) =>
      COLOURS.map((colour, column) => ({
        sku: `${tag}-${size}-${colour}`.toUpperCase(),
        options: { Size: size, Colour: colour },
        price: 1500 + row * 100 + column * 10,
        stock: size === 'L' && colour === 'Black' ? 0 : 5,
      })),
    ),
    ...extra,
  });

const variantOf = (product: Product, size: string, colour: string) =>
  product.variants.find(
    (item) => item.options.Size === size && item.options.Colour === colour,
  ) as Product['variants'][0];

const stored = async (productId: string) =>
  (
    await documentClient().send(
      new GetCommand({ TableName: tables.products, Key: { productId }, ConsistentRead: true }),
    )
  ).Item;

const reserve = (orderId: string, lines: ReservationLine[], currency = 'USD') =>
  reservations.reserve(
    createEvent(
      stockReservationRequested,
      { orderId, lines, currency },
      { source: 'orders', correlationId: orderId },
    ),
  );
const release = (orderId: string) =>
  reservations.release(
    createEvent(
      stockReleaseRequested,
      { orderId, reason: 'CANCELLED' },
      { source: 'orders', correlationId: orderId },
    ),
  );

describe('a product with variants in the catalog', () => {
  it('creates its variants with their own stock items, and shows them in every read and listing', async () => {
    const tag = uniqueName('tee');
    const shirt = await catalog.create(mainStore, shirtBody(tag));
    expect(shirt).toMatchObject({
      price: 1500,
      stock: 25,
      currency: 'USD',
      rating: { average: 0, count: 0 },
    });
    expect(shirt.variants).toHaveLength(6);
    const mBlue = variantOf(shirt, 'M', 'Blue');
    expect(mBlue).toEqual({
      variantId: `${shirt.productId}_v3`,
      sku: `${tag}-M-BLUE`.toUpperCase(),
      options: { Size: 'M', Colour: 'Blue' },
      price: 1600,
      stock: 5,
    });
    // The product item holds no units of its own; the variant's item does, with what a reservation checks.
    expect((await stored(shirt.productId))?.stock).toBeUndefined();
    expect(await stored(mBlue.variantId)).toMatchObject({
      variantOf: shirt.productId,
      storeId: MAIN,
      sku: mBlue.sku,
      price: 1600,
      currency: 'USD',
      stock: 5,
    });

    expect(await catalog.find(MAIN, shirt.productId)).toEqual(shirt);
    const byCategory = await catalog.list(MAIN, { category: 'clothing', limit: 100 });
    expect(byCategory.items.find((item) => item.productId === shirt.productId)).toEqual(shirt);
    const searched = await catalog.list(MAIN, { q: tag, limit: 10 });
    expect(searched.items).toEqual([shirt]);
    const all: Product[] = [];
    let cursor: string | undefined;
    do {
      const page = await catalog.list(MAIN, { limit: 50, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.find((item) => item.productId === shirt.productId)).toEqual(shirt);

    // Its event carries the options and variants, with each variant's stock.
    const event = catalogEvents.published.find(
      (published) => (published.data as { productId: string }).productId === shirt.productId,
    ) as EventEnvelope;
    expect(event.data).toMatchObject({
      price: 1500,
      stock: 25,
      options: shirt.options,
      variants: shirt.variants,
    });
  });

  it('keeps a SKU unique per store: a second product with it is 409 and writes nothing', async () => {
    const tag = uniqueName('sku');
    const first = await catalog.create(mainStore, shirtBody(tag));
    const before = await Promise.all([
      itemCount(tables.products),
      itemCount(tables.skus),
      itemCount(tables.search),
    ]);
    const again = catalog.create(mainStore, shirtBody(tag, { name: 'Another shirt' }));
    await expect(again).rejects.toThrow(ConflictError);
    await expect(catalog.create(mainStore, shirtBody(tag))).rejects.toThrow(`"${tag}-S-BLUE"`.toUpperCase());
    expect(
      await Promise.all([itemCount(tables.products), itemCount(tables.skus), itemCount(tables.search)]),
    ).toEqual(before);
    // Another store may use the same SKUs.
    const inBerlin = await catalog.create(berlinStore, shirtBody(tag));
    expect(inBerlin.currency).toBe('EUR');

    // A variant patched onto a taken SKU is 409; onto a free one, the old SKU is free again.
    const [v1, v2] = first.variants as [Product['variants'][0], Product['variants'][0]];
    await expect(catalog.updateVariant(MAIN, first.productId, v1.variantId, { sku: v2.sku })).rejects.toThrow(
      ConflictError,
    );
    const renamed = await catalog.updateVariant(MAIN, first.productId, v1.variantId, { sku: `${tag}-NEW` });
    expect(renamed.variants[0]?.sku).toBe(`${tag}-NEW`);
    await catalog.updateVariant(MAIN, first.productId, v2.variantId, { sku: v1.sku });
    expect((await stored(v2.variantId))?.sku).toBe(v1.sku);

    // Deleting the product frees all its SKUs.
    await catalog.remove(MAIN, first.productId);
    const reused = await catalog.create(mainStore, shirtBody(tag, { name: 'The shirt again' }));
    expect(reused.variants.map((item) => item.sku)).toContain(`${tag}-M-BLUE`.toUpperCase());
  });

  it('refuses (400) a product whose one write would pass the transaction limit, writing nothing; a smaller one fits', async () => {
    const tag = uniqueName('wide');
    const values = Array.from({ length: 40 }, (_, index) => `W${index}`);
    const wide = (description: string) =>
      newProductBody.parse({
        name: `Wide ${tag}`,
        description,
        category: 'clothing',
        options: [{ name: 'Width', values }],
        variants: values.map((value) => ({
          sku: `${tag}-${value}`,
          options: { Width: value },
          price: 100,
          stock: 1,
        })),
      });
    const wordy = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const before = await Promise.all([
      itemCount(tables.products),
      itemCount(tables.skus),
      itemCount(tables.search),
    ]);
    await expect(catalog.create(mainStore, wide(wordy))).rejects.toThrow(ValidationError);
    expect(
      await Promise.all([itemCount(tables.products), itemCount(tables.skus), itemCount(tables.search)]),
    ).toEqual(before);
    // 40 variants with 2 words: 1 + 40 + 40 + 2 + 1 items.
    const fits = await catalog.create(mainStore, wide('Narrow text.'));
    expect(fits.variants).toHaveLength(40);
    await catalog.remove(MAIN, fits.productId);
  });

  it('changes one variant price and stock; a product patch of either is 400; an unknown variant 404', async () => {
    const shirt = await catalog.create(mainStore, shirtBody(uniqueName('patch')));
    const sBlack = variantOf(shirt, 'S', 'Black');
    const patched = await catalog.updateVariant(MAIN, shirt.productId, sBlack.variantId, {
      price: 900,
      stock: 2,
    });
    expect(variantOf(patched, 'S', 'Black')).toMatchObject({ price: 900, stock: 2 });
    expect(patched).toMatchObject({ price: 900, stock: 22 });
    expect(await stored(sBlack.variantId)).toMatchObject({ price: 900, stock: 2 });
    await expect(catalog.update(MAIN, shirt.productId, { stock: 3 })).rejects.toThrow(/per variant/);
    await expect(
      catalog.updateVariant(MAIN, shirt.productId, `${shirt.productId}_v99`, { stock: 1 }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      catalog.updateVariant(BERLIN, shirt.productId, sBlack.variantId, { stock: 1 }),
    ).rejects.toThrow(NotFoundError);
    // A name change leaves the variant items as they are (no write where nothing a reservation checks changed).
    const before = await stored(sBlack.variantId);
    await catalog.update(MAIN, shirt.productId, { name: 'Renamed shirt' });
    expect(await stored(sBlack.variantId)).toEqual(before);
    // A currency change reaches every variant item: a reservation checks it there.
    await catalog.update(MAIN, shirt.productId, { currency: 'EUR' });
    expect((await stored(sBlack.variantId))?.currency).toBe('EUR');
  });
});

describe('reserving a variant', () => {
  it('moves only that variant stock, and a release gives exactly it back', async () => {
    const shirt = await catalog.create(mainStore, shirtBody(uniqueName('buy')));
    const mBlue = variantOf(shirt, 'M', 'Blue');
    const orderId = uniqueName('order');
    const reply = await reserve(orderId, [
      { productId: shirt.productId, variantId: mBlue.variantId, quantity: 2, unitPrice: mBlue.price },
    ]);
    expect(reply).toMatchObject({
      type: 'StockReserved',
      data: {
        lines: [{ productId: shirt.productId, variantId: mBlue.variantId, quantity: 2, unitPrice: 1600 }],
      },
    });
    const after = (await catalog.find(MAIN, shirt.productId)) as Product;
    for (const variant of shirt.variants)
      expect(variantOf(after, variant.options.Size as string, variant.options.Colour as string).stock).toBe(
        variant.variantId === mBlue.variantId ? 3 : variant.stock,
      );
    expect(after.stock).toBe(23);

    const released = await release(orderId);
    expect(released.data).toMatchObject({
      lines: [{ productId: shirt.productId, variantId: mBlue.variantId, quantity: 2 }],
    });
    expect((await catalog.find(MAIN, shirt.productId))?.stock).toBe(25);
  });

  it('refuses a sold-out variant, a stale variant price, and a line naming only a product with variants', async () => {
    const shirt = await catalog.create(mainStore, shirtBody(uniqueName('refuse')));
    const lBlack = variantOf(shirt, 'L', 'Black');
    const sBlue = variantOf(shirt, 'S', 'Blue');
    const soldOut = await reserve(uniqueName('order'), [
      { productId: shirt.productId, variantId: sBlue.variantId, quantity: 1, unitPrice: sBlue.price },
      { productId: shirt.productId, variantId: lBlack.variantId, quantity: 1, unitPrice: lBlack.price },
    ]);
    expect(soldOut).toMatchObject({
      type: 'StockReservationFailed',
      data: {
        reason: 'OUT_OF_STOCK',
        shortLines: [{ productId: shirt.productId, variantId: lBlack.variantId, requested: 1, available: 0 }],
      },
    });
    const stale = await reserve(uniqueName('order'), [
      { productId: shirt.productId, variantId: sBlue.variantId, quantity: 1, unitPrice: shirt.price + 1 },
    ]);
    expect(stale).toMatchObject({
      type: 'StockReservationFailed',
      data: {
        reason: 'PRICE_CHANGED',
        changedPrices: [{ productId: shirt.productId, variantId: sBlue.variantId, unitPrice: sBlue.price }],
      },
    });
    const byProduct = await reserve(uniqueName('order'), [{ productId: shirt.productId, quantity: 1 }]);
    expect(byProduct).toMatchObject({ type: 'StockReservationFailed', data: { reason: 'OUT_OF_STOCK' } });
    expect((await catalog.find(MAIN, shirt.productId))?.stock).toBe(25);
    // A deleted product's variants are no longer sold.
    await catalog.remove(MAIN, shirt.productId);
    const deleted = await reserve(uniqueName('order'), [
      { productId: shirt.productId, variantId: sBlue.variantId, quantity: 1 },
    ]);
    expect(deleted).toMatchObject({ type: 'StockReservationFailed', data: { reason: 'OUT_OF_STOCK' } });
  });

  it('spreads a hot product over its variants shards, and concurrent buyers never oversell one', async () => {
    const shirt = await catalog.create(mainStore, shirtBody(uniqueName('hot'), { hot: true }));
    const mBlack = variantOf(shirt, 'M', 'Black');
    // 6 variants: 2 shards each, so the variant's own item holds nothing.
    expect(await stored(mBlack.variantId)).toMatchObject({ stock: 0, stockShards: 2 });
    expect([
      (await stored(shardKey(mBlack.variantId, 0)))?.stock,
      (await stored(shardKey(mBlack.variantId, 1)))?.stock,
    ]).toEqual([3, 2]);
    expect((await catalog.find(MAIN, shirt.productId))?.stock).toBe(25);

    const buyers = Array.from({ length: 12 }, () => uniqueName('order'));
    const outcomes = await Promise.all(
      buyers.map((orderId) =>
        reserve(orderId, [
          { productId: shirt.productId, variantId: mBlack.variantId, quantity: 1, unitPrice: mBlack.price },
        ]),
      ),
    );
    expect(outcomes.filter((reply) => reply?.type === 'StockReserved')).toHaveLength(5);
    const after = (await catalog.find(MAIN, shirt.productId)) as Product;
    expect(variantOf(after, 'M', 'Black').stock).toBe(0);
    expect(after.stock).toBe(20);
    for (const orderId of buyers) await release(orderId);
    expect(variantOf((await catalog.find(MAIN, shirt.productId)) as Product, 'M', 'Black').stock).toBe(5);
  });
});

describe("a product's rating from the reviews", () => {
  it('keeps the highest revision: a redelivered or older update changes nothing, every listing shows it', async () => {
    const shirt = await catalog.create(mainStore, shirtBody(uniqueName('rated')));
    expect(await ratings.apply(MAIN, shirt.productId, { average: 4, count: 1 }, 1)).toBe(true);
    expect(await ratings.apply(MAIN, shirt.productId, { average: 4.5, count: 2 }, 3)).toBe(true);
    // Revision 2 arrives late, revision 3 again: neither counts.
    expect(await ratings.apply(MAIN, shirt.productId, { average: 3, count: 2 }, 2)).toBe(false);
    expect(await ratings.apply(MAIN, shirt.productId, { average: 4.5, count: 2 }, 3)).toBe(false);
    // Another store's product, an unknown one, a variant item: nothing.
    expect(await ratings.apply(BERLIN, shirt.productId, { average: 1, count: 1 }, 9)).toBe(false);
    expect(await ratings.apply(MAIN, 'p-none', { average: 1, count: 1 }, 9)).toBe(false);
    expect(
      await ratings.apply(
        MAIN,
        (shirt.variants[0] as Product['variants'][0]).variantId,
        { average: 1, count: 1 },
        9,
      ),
    ).toBe(false);

    const rated = (await catalog.find(MAIN, shirt.productId)) as Product;
    expect(rated.rating).toEqual({ average: 4.5, count: 2 });
    const all: Product[] = [];
    let cursor: string | undefined;
    do {
      const page = await catalog.list(MAIN, { limit: 100, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.find((item) => item.productId === shirt.productId)?.rating).toEqual({
      average: 4.5,
      count: 2,
    });
    expect(
      (await catalog.list(MAIN, { category: 'clothing', limit: 100 })).items.find(
        (item) => item.productId === shirt.productId,
      )?.rating,
    ).toEqual({ average: 4.5, count: 2 });

    // An admin edit keeps the rating, and a later rating still applies after it.
    const renamed = await catalog.update(MAIN, shirt.productId, { name: `Renamed ${shirt.name}` });
    expect(renamed.rating).toEqual({ average: 4.5, count: 2 });
    expect(await ratings.apply(MAIN, shirt.productId, { average: 0, count: 0 }, 4)).toBe(true);
    expect((await catalog.find(MAIN, shirt.productId))?.rating).toEqual({ average: 0, count: 0 });
    expect(await ratings.apply(MAIN, shirt.productId, { average: 4.5, count: 2 }, 3)).toBe(false);
  });
});
