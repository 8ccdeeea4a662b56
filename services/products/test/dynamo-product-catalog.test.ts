import { GetCommand, type QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { ValidationError } from '@shop/errors';
import { recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { demoCatalog } from '../seed/demo-catalog.ts';
import type { ProductCatalog } from '../src/domain/catalog-page.ts';
import { type Product, type ProductRecord, shownProduct } from '../src/domain/product.ts';
import {
  BERLIN,
  berlinStore,
  catalogOn as catalogOnTables,
  createTables,
  MAIN,
  mainStore,
  type Tables,
} from './support.ts';

const products = demoCatalog('2026-01-01T00:00:00.000Z');
let catalog: ProductCatalog;
let tables: Tables;
const publisher = recordingEventPublisher();

function catalogOn(client = documentClient()): ProductCatalog {
  const outbox = transactionalOutbox({ tableName: tables.outbox, client, publisher });
  return catalogOnTables(tables, client, outbox);
}

beforeAll(async () => {
  useEmulator();
  tables = await createTables();
  catalog = catalogOn();
  await catalog.save(products);
});

async function readAllPages(category: string | undefined, limit: number): Promise<Product[][]> {
  const pages: Product[][] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.list(MAIN, { category, limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('the DynamoDB product catalog', () => {
  it('finds a product by id and nothing for an unknown id', async () => {
    const wanted = products[3] as ProductRecord;
    expect(await catalog.find(MAIN, wanted.productId)).toEqual(shownProduct(wanted));
    expect(await catalog.find(MAIN, 'p-unknown')).toBeUndefined();
  });

  it('lists one category sorted by name, every product once, across pages', async () => {
    const books = products.filter((item) => item.category === 'books');
    const pages = await readAllPages('books', 3);
    const listed = pages.flat();
    expect(listed.map((item) => item.name)).toEqual(
      books.map((item) => item.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    expect(pages.every((page) => page.length <= 3)).toBe(true);
    expect(pages.at(-1)?.length).toBeGreaterThan(0);
  });

  it('pages through the whole catalog sorted by name, without repeats or gaps', async () => {
    const pages = await readAllPages(undefined, 7);
    const listed = pages.flat();
    expect(listed.map((item) => item.productId).sort()).toEqual(
      products.map((item) => item.productId).sort(),
    );
    expect(listed.map((item) => item.name)).toEqual(
      products.map((item) => item.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    expect(pages.every((page) => page.length <= 7)).toBe(true);
    expect(listed[0]).toEqual(
      shownProduct(products.find((item) => item.productId === listed[0]?.productId) as ProductRecord),
    );
  });

  it('answers an unknown category with an empty page', async () => {
    expect(await catalog.list(MAIN, { category: 'no-such-shelf', limit: 20 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses a malformed cursor, a forged one and one from another listing as invalid input', async () => {
    const first = await catalog.list(MAIN, { category: 'toys', limit: 2 });
    const forged = Buffer.from(JSON.stringify({ productId: 1, extra: true })).toString('base64url');
    for (const [category, cursor] of [
      [undefined, 'not a cursor!'],
      [undefined, forged],
      ['books', first.nextCursor as string],
    ] as const) {
      const failure = await catalog
        .list(MAIN, { category, limit: 2, cursor })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ValidationError);
      expect((failure as ValidationError).errors?.[0]?.field).toBe('cursor');
    }
  });
});

describe('catalog writes', () => {
  it('publishes one ProductChanged per seeded product and makes them searchable', async () => {
    const seeded = publisher.published.filter((event) => event.type === 'ProductChanged');
    expect(new Set(seeded.map((event) => (event.data as Product).productId)).size).toBe(products.length);
    const { items } = await catalog.list(MAIN, { q: 'kettle', limit: 20 });
    expect(items.map((item) => item.name)).toEqual(['Electric Kettle']);
  });

  it('keeps units a reservation took between the read and the write of a price change', async () => {
    const created = await catalog.create(mainStore, { ...newLamp, stock: 10 });
    const client = documentClient();
    const racing = catalogOn(client);
    const send = client.send.bind(client);
    let raced = false;
    // A reservation lands after the edit read the product and before its transaction.
    vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand && !raced) {
        raced = true;
        await takeStock(created.productId, 2);
      }
      return send(command as never);
    }) as never);

    const updated = await racing.update(MAIN, created.productId, { price: 999 });

    expect(raced).toBe(true);
    expect(updated).toMatchObject({ price: 999, stock: 8 });
    expect(await storedStock(created.productId)).toBe(8);
  });

  it("sets stock to the admin's number with a reservation racing, never below what was reserved", async () => {
    const created = await catalog.create(mainStore, { ...newLamp, stock: 10 });
    const client = documentClient();
    const racing = catalogOn(client);
    const send = client.send.bind(client);
    let raced = false;
    vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand && !raced) {
        raced = true;
        await takeStock(created.productId, 3);
      }
      return send(command as never);
    }) as never);

    const updated = await racing.update(MAIN, created.productId, { stock: 50 });

    // The admin's 50 is what can be sold from now on; the 3 reserved units stay with their order.
    expect(updated.stock).toBe(50);
    expect(await storedStock(created.productId)).toBe(50);
    const event = publisher.published.at(-1);
    expect(event).toMatchObject({
      type: 'ProductChanged',
      data: { productId: created.productId, stock: 50 },
    });
  });

  it('reads a whole-catalog page in one Query of the catalog index, with the stock a reservation left', async () => {
    const created = await catalog.create(mainStore, {
      ...newLamp,
      name: 'Aardvark Lamp',
      imageUrl: 'https://img.example/a.png',
      stock: 9,
    });
    await takeStock(created.productId, 4);
    const client = documentClient();
    const sent = vi.spyOn(client, 'send');

    // The first page by name: products without options only ("27-inch Monitor", "Aardvark Lamp", ...).
    const { items } = await catalogOn(client).list(MAIN, { limit: 5 });

    expect(sent.mock.calls.map(([command]) => command.constructor.name)).toEqual(['QueryCommand']);
    expect((sent.mock.calls[0]?.[0] as QueryCommand | undefined)?.input.IndexName).toBe('catalogByName');
    expect(items.find((item) => item.productId === created.productId)).toEqual({
      ...created,
      stock: 5,
      variants: [{ ...created.variants[0], stock: 5 }],
    });

    // A page with products with options (the seeded clothing): the index has their variants, so only
    // the variants' stock items are read, in one batch.
    sent.mockClear();
    const whole = await catalogOn(client).list(MAIN, { limit: 100 });
    expect(sent.mock.calls.map(([command]) => command.constructor.name)).toEqual([
      'QueryCommand',
      'BatchGetCommand',
    ]);
    const tee = whole.items.find((item) => item.name === 'Organic Cotton T-shirt');
    expect(tee).toMatchObject({ price: 1999, stock: 60, options: [{ name: 'Size' }, { name: 'Colour' }] });
    expect(tee?.variants.find((item) => item.sku === 'TEE-L-BLACK')?.stock).toBe(0);
  });

  it('leaves a deleted product out of the whole catalog at once', async () => {
    const created = await catalog.create(mainStore, { ...newLamp, name: 'Aardwolf Lamp' });
    expect((await catalog.list(MAIN, { limit: 100 })).items.map((item) => item.productId)).toContain(
      created.productId,
    );
    await catalog.remove(MAIN, created.productId);
    expect((await catalog.list(MAIN, { limit: 100 })).items.map((item) => item.productId)).not.toContain(
      created.productId,
    );
  });

  it('answers a change to a product that disappeared with NotFound', async () => {
    const created = await catalog.create(mainStore, newLamp);
    await catalog.remove(MAIN, created.productId);
    await expect(catalog.update(MAIN, created.productId, { price: 1 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(catalog.remove(MAIN, created.productId)).rejects.toMatchObject({ status: 404 });
    expect(await catalog.find(MAIN, created.productId)).toBeUndefined();
  });
});

describe('the catalog per store', () => {
  it("keeps another store's product out of every read and write of this one", async () => {
    const theirs = await catalog.create(berlinStore, { ...newLamp, name: 'Kiez Lamp', category: 'kiez' });
    expect(theirs).toMatchObject({ storeId: BERLIN, currency: 'EUR' });
    expect(await catalog.find(MAIN, theirs.productId)).toBeUndefined();
    await expect(catalog.update(MAIN, theirs.productId, { price: 1 })).rejects.toMatchObject({ status: 404 });
    await expect(catalog.remove(MAIN, theirs.productId)).rejects.toMatchObject({ status: 404 });
    expect(await catalog.find(BERLIN, theirs.productId)).toEqual(theirs);
    for (const query of [{}, { category: 'kiez' }, { q: 'kiez' }]) {
      const page = await catalog.list(MAIN, { ...query, limit: 100 });
      expect(page.items.map((item) => item.productId)).not.toContain(theirs.productId);
      expect((await catalog.list(BERLIN, { ...query, limit: 100 })).items).toContainEqual(theirs);
    }
  });

  it('lists the same name in two stores as two products, each in its own store', async () => {
    const inMain = await catalog.create(mainStore, { ...newLamp, name: 'Twin Lamp', category: 'twins' });
    const inBerlin = await catalog.create(berlinStore, { ...newLamp, name: 'Twin Lamp', category: 'twins' });
    expect((await catalog.list(MAIN, { category: 'twins', limit: 10 })).items).toEqual([inMain]);
    expect((await catalog.list(BERLIN, { category: 'twins', limit: 10 })).items).toEqual([inBerlin]);
    expect((await catalog.list(MAIN, { q: 'twin', limit: 10 })).items).toEqual([inMain]);
    expect((await catalog.list(BERLIN, { q: 'twin', limit: 10 })).items).toEqual([inBerlin]);
  });

  it('refuses a cursor of one store in another, for the catalog, a category and a search', async () => {
    for (const index of [1, 2, 3]) {
      await catalog.create(mainStore, { ...newLamp, name: `Paged Lamp ${index}`, category: 'paged' });
      await catalog.create(berlinStore, { ...newLamp, name: `Paged Lamp ${index}`, category: 'paged' });
    }
    for (const query of [{}, { category: 'paged' }, { q: 'paged lamp' }]) {
      const first = await catalog.list(MAIN, { ...query, limit: 2 });
      const cursor = first.nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      const failure = await catalog
        .list(BERLIN, { ...query, limit: 2, cursor })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ValidationError);
      expect((failure as ValidationError).errors).toEqual([
        { field: 'cursor', message: 'was issued for another store' },
      ]);
      expect((await catalog.list(MAIN, { ...query, limit: 2, cursor })).items.length).toBeGreaterThan(0);
    }
  });

  it("never seeds over another store's product id", async () => {
    const theirs = await catalog.create(berlinStore, newLamp);
    await expect(catalog.save([{ ...theirs, storeId: MAIN }])).rejects.toMatchObject({ status: 409 });
    expect(await catalog.find(BERLIN, theirs.productId)).toEqual(theirs);
  });
});

const newLamp = {
  name: 'Race Lamp',
  description: 'Lit while others wait.',
  category: 'lighting',
  price: 100,
  stock: 5,
};

// What the stock-reservation transaction does to a product: a conditional, additive take.
async function takeStock(productId: string, quantity: number) {
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tables.products,
            Key: { productId },
            UpdateExpression: 'ADD stock :taken',
            ConditionExpression: 'stock >= :quantity',
            ExpressionAttributeValues: { ':taken': -quantity, ':quantity': quantity },
          },
        },
      ],
    }),
  );
}

async function storedStock(productId: string): Promise<number> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tables.products, Key: { productId }, ConsistentRead: true }),
  );
  return Item?.stock as number;
}
