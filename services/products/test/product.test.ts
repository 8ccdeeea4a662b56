import { describe, expect, it } from 'vitest';
import { demoCatalog } from '../seed/demo-catalog.ts';
import { catalogNameKey, categorySlug, product } from '../src/domain/product.ts';

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
