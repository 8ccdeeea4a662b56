import { categorySlug, newProductBody, type Product, product, productPatchBody } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { berlinCatalog, demoCatalog } from '../seed/demo-catalog.ts';
import { applyPatch, catalogNameKey, productOf, shownProduct } from '../src/domain/product.ts';

describe('the category index key', () => {
  it('sorts names case-insensitively and keeps equal names apart by id', () => {
    const keys = [catalogNameKey('banana', 'b'), catalogNameKey('Apple', 'z'), catalogNameKey('apple', 'a')];
    expect(keys.sort()).toEqual(['apple#a', 'apple#z', 'banana#b']);
  });
});

describe('a category slug', () => {
  it.each(['books', 'home-and-kitchen', 'a1'])('accepts %s', (slug) => {
    expect(categorySlug.safeParse(slug).success).toBe(true);
  });
  it.each(['', 'Books', 'home and kitchen', '-books', 'books-', 'x'.repeat(65)])('refuses "%s"', (slug) => {
    expect(categorySlug.safeParse(slug).success).toBe(false);
  });
});

describe('the demo catalog', () => {
  const catalog = demoCatalog('2026-01-01T00:00:00.000Z');

  it('has at least 50 valid products in at least 5 categories', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(50);
    expect(new Set(catalog.map((item) => item.category)).size).toBeGreaterThanOrEqual(5);
    for (const item of catalog) expect(product.parse(shownProduct(item))).toEqual(shownProduct(item));
  });

  it('gives every product its own id, the same on every run', () => {
    const ids = catalog.map((item) => item.productId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(demoCatalog().map((item) => item.productId)).toEqual(ids);
  });

  it("is main's, in USD, with the ids it had before stores", () => {
    expect(new Set(catalog.map((item) => `${item.storeId} ${item.currency}`))).toEqual(new Set(['main USD']));
    // The id of a product seeded before stores (sha256 of "books/The Pragmatic Serverless").
    expect(catalog[0]?.productId).toBe('p-8c439b67491f9eef');
  });
});

describe("the berlin store's demo catalog", () => {
  const berlin = berlinCatalog('2026-01-01T00:00:00.000Z');
  const main = demoCatalog('2026-01-01T00:00:00.000Z');

  it('has at least 20 valid products of its own, in euro cents', () => {
    expect(berlin.length).toBeGreaterThanOrEqual(20);
    for (const item of berlin) {
      expect(product.parse(shownProduct(item))).toEqual(shownProduct(item));
      expect(item).toMatchObject({ storeId: 'berlin', currency: 'EUR' });
      expect(Number.isInteger(item.price)).toBe(true);
    }
    const ids = berlin.map((item) => item.productId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(berlinCatalog().map((item) => item.productId)).toEqual(ids);
  });

  it("shares a product name with main's catalog, under another id", () => {
    const shared = berlin.filter((item) => main.some((other) => other.name === item.name));
    expect(shared.map((item) => item.name)).toContain('Chef Knife');
    for (const item of shared)
      expect(main.find((other) => other.name === item.name)?.productId).not.toBe(item.productId);
    const mainIds = new Set(main.map((item) => item.productId));
    expect(berlin.some((item) => mainIds.has(item.productId))).toBe(false);
  });
});

describe("an admin's product body", () => {
  const valid = { name: 'Lamp', description: 'Bright.', category: 'lighting', price: 100, stock: 1 };

  it("leaves the currency to the store on create (main's is USD), and never sets one on a patch", () => {
    expect(newProductBody.parse(valid).currency).toBeUndefined();
    const now = '2026-01-01T00:00:00.000Z';
    const inMain = productOf({ storeId: 'main', currency: 'USD' }, newProductBody.parse(valid), 'p-1', now);
    const inBerlin = productOf(
      { storeId: 'berlin', currency: 'EUR' },
      newProductBody.parse(valid),
      'p-2',
      now,
    );
    expect(inMain).toMatchObject({ storeId: 'main', currency: 'USD' });
    expect(inBerlin).toMatchObject({ storeId: 'berlin', currency: 'EUR' });
    const named = productOf(
      { storeId: 'berlin', currency: 'EUR' },
      newProductBody.parse({ ...valid, currency: 'USD' }),
      'p-3',
      now,
    );
    expect(named.currency).toBe('USD');
    expect(product.parse(shownProduct(inBerlin))).toEqual(shownProduct(inBerlin));
    expect(productPatchBody.parse({ price: 5 })).toEqual({ price: 5 });
  });

  it.each([
    [{ ...valid, price: -1 }],
    [{ ...valid, stock: 1.5 }],
    [{ ...valid, name: '' }],
    [{ ...valid, currency: 'ABC' }],
    [{ ...valid, imageUrl: 'not a url' }],
    [{ ...valid, createdAt: '2026-01-01T00:00:00.000Z' }],
  ])('refuses %j', (body) => {
    expect(newProductBody.safeParse(body).success).toBe(false);
  });

  it('refuses an empty patch and a patch with unknown fields', () => {
    expect(productPatchBody.safeParse({}).success).toBe(false);
    expect(productPatchBody.safeParse({ price: 1, revision: 2 }).success).toBe(false);
  });

  it('applies a patch over the product, keeping its id and creation time', () => {
    const current = demoCatalog('2026-01-01T00:00:00.000Z')[0] as Product;
    const now = '2026-02-01T00:00:00.000Z';
    expect(applyPatch(current, { price: 1, stock: 0 }, now)).toEqual({
      ...current,
      price: 1,
      stock: 0,
      updatedAt: now,
    });
  });
});
