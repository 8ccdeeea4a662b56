import { categorySlug, newProductBody, type Product, product, productPatchBody } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { demoCatalog } from '../seed/demo-catalog.ts';
import { applyPatch, catalogNameKey } from '../src/domain/product.ts';

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
    for (const item of catalog) expect(product.parse(item)).toEqual(item);
  });

  it('gives every product its own id, the same on every run', () => {
    const ids = catalog.map((item) => item.productId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(demoCatalog().map((item) => item.productId)).toEqual(ids);
  });
});

describe("an admin's product body", () => {
  const valid = { name: 'Lamp', description: 'Bright.', category: 'lighting', price: 100, stock: 1 };

  it('defaults the currency to USD on create, but never on a patch', () => {
    expect(newProductBody.parse(valid).currency).toBe('USD');
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
