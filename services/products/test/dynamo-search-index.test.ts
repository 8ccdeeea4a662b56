import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoSearchIndex, type IndexedProduct } from '../src/adapters/dynamo-search-index.ts';

// Working out the entries of a write touches no table: the catalog adds them to its own transaction.
const index = dynamoSearchIndex({ tableName: 'search', client: {} as DynamoDBDocumentClient });

const lamp: IndexedProduct = {
  productId: 'p-1',
  storeId: 'main',
  category: 'lighting',
  nameKey: 'desk lamp#p-1',
  searchTerms: ['desk', 'lamp'],
};

const puts = (items: ReturnType<typeof index.changes>) =>
  items.flatMap((item) => (item.Put ? [(item.Put.Item as { term: string }).term] : []));
const deletes = (items: ReturnType<typeof index.changes>) =>
  items.flatMap((item) => (item.Delete ? [(item.Delete.Key as { term: string }).term] : []));

describe('the search index entries of a catalog write', () => {
  it('puts one entry per word of a new product, each naming its product, category and words', () => {
    const changes = index.changes(lamp, undefined);

    expect(deletes(changes)).toEqual([]);
    expect(changes.map((item) => item.Put)).toEqual(
      ['desk', 'lamp'].map((term) => ({
        TableName: 'search',
        Item: {
          term: `main#${term}`,
          nameKey: 'desk lamp#p-1',
          productId: 'p-1',
          storeId: 'main',
          category: 'lighting',
          terms: ['desk', 'lamp'],
          wordsText: ' desk lamp ',
          prefix: `main#${term.slice(0, 3)}`,
          prefixSort: `desk lamp#p-1#${term}`,
        },
      })),
    );
  });

  it('keys no prefix for a word shorter than a prefix (it is found only as itself)', () => {
    const [tv] = index.changes({ ...lamp, searchTerms: ['tv'] }, undefined);
    expect(tv?.Put?.Item).toMatchObject({ term: 'main#tv', wordsText: ' tv ' });
    expect(tv?.Put?.Item).not.toHaveProperty('prefix');
  });

  it('writes nothing when the words, the name and the category stay (a price or stock change)', () => {
    expect(index.changes({ ...lamp }, lamp)).toEqual([]);
  });

  it('deletes the words a product lost and puts what it has now', () => {
    const changes = index.changes({ ...lamp, searchTerms: ['desk', 'light'] }, lamp);

    expect(deletes(changes)).toEqual(['main#lamp']);
    expect(puts(changes)).toEqual(['main#desk', 'main#light']);
  });

  it('moves every entry when the name (the sort key) changes', () => {
    const changes = index.changes({ ...lamp, nameKey: 'reading lamp#p-1' }, lamp);

    expect(deletes(changes)).toEqual(['main#desk', 'main#lamp']);
    expect(puts(changes)).toEqual(['main#desk', 'main#lamp']);
  });

  it('deletes every entry of a deleted product and puts none', () => {
    const { nameKey: _gone, ...rest } = lamp;
    const changes = index.changes({ ...rest, searchTerms: [], deletedAt: '2026-01-02T00:00:00.000Z' }, lamp);

    expect(deletes(changes)).toEqual(['main#desk', 'main#lamp']);
    expect(puts(changes)).toEqual([]);
  });

  it("keys each word within the product's store, so two stores' same words never share a partition", () => {
    expect(puts(index.changes({ ...lamp, storeId: 'berlin' }, undefined))).toEqual([
      'berlin#desk',
      'berlin#lamp',
    ]);
  });

  it('moves the entries of a product written before stores from the bare word into its store', () => {
    const { storeId: _none, ...legacy } = lamp;
    const changes = index.changes(lamp, legacy);

    expect(deletes(changes)).toEqual(['desk', 'lamp']);
    expect(puts(changes)).toEqual(['main#desk', 'main#lamp']);
  });
});
