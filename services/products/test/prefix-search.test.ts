// API.md "Catalog queries": `q` also matches word prefixes of at least 3 letters (`lam` finds "Lamp"),
// against the emulator: the `byPrefix` index, name order, one answer per product, stable cursors.
import { documentClient } from '@shop/aws';
import { ValidationError } from '@shop/errors';
import { recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProductCatalog } from '../src/domain/catalog-page.ts';
import type { ProductRecord } from '../src/domain/product.ts';
import { catalogOn, createTables } from './support.ts';

let catalog: ProductCatalog;
// Stores of this file's own, so the index holds only what it wrote.
const storeId = uniqueName('pfx')
  .replace(/[^a-z0-9-]/gi, '')
  .toLowerCase()
  .slice(0, 30);
const otherStore = `${storeId.slice(0, 28)}-b`;

const record = (name: string, description: string, category = 'home', store = storeId): ProductRecord => ({
  productId: `p-${store}-${name.toLowerCase().replace(/\W+/g, '-')}`,
  storeId: store,
  name,
  description,
  category,
  price: 1000,
  currency: 'USD',
  stock: 3,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});
// Two "lam" words in one product (lamps, lampshade), a "lam" word only in a description, and words
// that share the partition `lam` but not a longer prefix (lamb, lamination).
const deskLamp = record('Desk Lamp', 'Bright.');
const lampshade = record('Lampshade', 'Fits most lamps.');
const scarf = record('Scarf', 'Lambswool, warm.', 'clothing');
const laminator = record('Laminator', 'Lamination for A4.', 'office');
const tv = record('TV stand', 'Oak.');
const elsewhere = record('Berlin Lamp', 'Another store.', 'home', otherStore);

const names = async (q: string, category?: string) =>
  (await catalog.list(storeId, { q, category, limit: 20 })).items.map((item) => item.name);

beforeAll(async () => {
  useEmulator();
  const tables = await createTables();
  const client = documentClient();
  catalog = catalogOn(
    tables,
    client,
    transactionalOutbox({ tableName: tables.outbox, client, publisher: recordingEventPublisher() }),
  );
  await catalog.save([deskLamp, lampshade, scarf, laminator, tv, elsewhere]);
});

describe('prefix search', () => {
  it('finds every word beginning with a prefix of 3 letters, in name order, each product once', async () => {
    expect(await names('lam')).toEqual(['Desk Lamp', 'Laminator', 'Lampshade', 'Scarf']);
    expect(await names('LAMP')).toEqual(['Desk Lamp', 'Lampshade']);
    expect(await names('lamps')).toEqual(['Lampshade']);
    expect(await names('lambs')).toEqual(['Scarf']);
  });

  it('matches a whole word by its prefix too, and a shorter word only exactly', async () => {
    expect(await names('lampshade')).toEqual(['Lampshade']);
    expect(await names('tv')).toEqual(['TV stand']);
    await expect(names('t')).rejects.toThrow(ValidationError);
    // Two letters are never a prefix: `st` is not "stand".
    expect(await names('st')).toEqual([]);
  });

  it('requires every word, each by prefix, in any order, with the category', async () => {
    expect(await names('desk lam')).toEqual(['Desk Lamp']);
    expect(await names('lam desk')).toEqual(['Desk Lamp']);
    expect(await names('fits lamp')).toEqual(['Lampshade']);
    expect(await names('lam', 'office')).toEqual(['Laminator']);
    expect(await names('oak tv')).toEqual(['TV stand']);
    expect(await names('lam oak')).toEqual([]);
  });

  it("keeps stores apart: the same prefix in another store's catalog is never found", async () => {
    expect(await names('berl')).toEqual([]);
    expect((await catalog.list(otherStore, { q: 'lam', limit: 20 })).items.map((item) => item.name)).toEqual([
      'Berlin Lamp',
    ]);
  });

  it('pages one product at a time without repeating or skipping one', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const { items, nextCursor } = await catalog.list(storeId, { q: 'lam', limit: 1, cursor });
      seen.push(...items.map((item) => item.name));
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    expect(seen).toEqual(['Desk Lamp', 'Laminator', 'Lampshade', 'Scarf']);
  });

  it('refuses a cursor of another word or another store with 400', async () => {
    const { nextCursor } = await catalog.list(storeId, { q: 'lam', limit: 1 });
    expect(nextCursor).toEqual(expect.any(String));
    await expect(
      catalog.list(storeId, { q: 'lamp', limit: 1, cursor: nextCursor as string }),
    ).rejects.toThrow(ValidationError);
    await expect(
      catalog.list(otherStore, { q: 'lam', limit: 1, cursor: nextCursor as string }),
    ).rejects.toThrow(ValidationError);
  });

  it('follows a rename and a delete: the old words are no longer found', async () => {
    await catalog.update(storeId, laminator.productId, { name: 'Binder', description: 'Holds paper.' });
    expect(await names('lam')).toEqual(['Desk Lamp', 'Lampshade', 'Scarf']);
    expect(await names('bind')).toEqual(['Binder']);
    await catalog.remove(storeId, scarf.productId);
    expect(await names('lam')).toEqual(['Desk Lamp', 'Lampshade']);
  });
});
