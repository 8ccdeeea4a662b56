// API.md "Catalog queries": `q` also matches word prefixes of at least 3 letters (`lam` finds "Lamp").
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const category = `acceptance-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  const admin = await api.admin();
  const created = await api.request('POST', '/products', {
    token: admin.accessToken,
    body: {
      name: 'Acceptance sticker',
      description: 'For the prefix search.',
      category,
      price: 100,
      stock: 1,
    },
  });
  expect(created.status).toBe(201);
});

describe('prefix search', () => {
  it('finds a product by a word prefix of three letters or more', async () => {
    for (const q of ['stick', 'STI', 'acc sti', 'sticker']) {
      const found = await api.request('GET', `/products?category=${category}&q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((item: { name: string }) => item.name)).toEqual(['Acceptance sticker']);
    }
  });

  it('does not take two letters, or a longer word, for a prefix', async () => {
    for (const q of ['st', 'stickers', 'sticky']) {
      const found = await api.request('GET', `/products?category=${category}&q=${q}`);
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([]);
    }
  });
});
