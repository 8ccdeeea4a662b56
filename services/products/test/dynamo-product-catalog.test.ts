import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@shop/errors';
import { createServiceTable, uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCatalog } from '../seed/demo-catalog.ts';
import { dynamoProductCatalog } from '../src/adapters/dynamo-product-catalog.ts';
import type { ProductCatalog } from '../src/domain/catalog-page.ts';
import type { Product } from '../src/domain/product.ts';

const products = demoCatalog('2026-01-01T00:00:00.000Z');
let catalog: ProductCatalog;

beforeAll(async () => {
  useEmulator();
  const tableName = await createServiceTable(
    new URL('..', import.meta.url).pathname,
    'ProductsTable',
    uniqueName('products'),
  );
  catalog = dynamoProductCatalog({ tableName, client: DynamoDBDocumentClient.from(new DynamoDBClient({})) });
  await catalog.save(products);
});

async function readAllPages(category: string | undefined, limit: number): Promise<Product[][]> {
  const pages: Product[][] = [];
  let cursor: string | undefined;
  do {
    const page = await catalog.list({ category, limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('the DynamoDB product catalog', () => {
  it('finds a product by id and nothing for an unknown id', async () => {
    const wanted = products[3] as Product;
    expect(await catalog.find(wanted.productId)).toEqual(wanted);
    expect(await catalog.find('p-unknown')).toBeUndefined();
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

  it('pages through the whole catalog without repeats or gaps', async () => {
    const listed = (await readAllPages(undefined, 7)).flat();
    expect(listed.map((item) => item.productId).sort()).toEqual(
      products.map((item) => item.productId).sort(),
    );
  });

  it('answers an unknown category with an empty page', async () => {
    expect(await catalog.list({ category: 'no-such-shelf', limit: 20 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses a malformed cursor, a forged one and one from another listing as invalid input', async () => {
    const first = await catalog.list({ category: 'toys', limit: 2 });
    const forged = Buffer.from(JSON.stringify({ productId: 1, extra: true })).toString('base64url');
    for (const [category, cursor] of [
      [undefined, 'not a cursor!'],
      [undefined, forged],
      ['books', first.nextCursor as string],
    ] as const) {
      const failure = await catalog.list({ category, limit: 2, cursor }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ValidationError);
      expect((failure as ValidationError).errors?.[0]?.field).toBe('cursor');
    }
  });
});
