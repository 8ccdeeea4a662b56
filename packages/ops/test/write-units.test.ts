// The bench's write-unit counter (bench/aws-counter.ts): GSI amplification as DynamoDB charges it.
import { describe, expect, it } from 'vitest';
import { type AwsCall, writeUnitsCounter } from '../../../bench/aws-counter.ts';

const table = {
  keys: ['productId'],
  indexes: [
    // Sparse: only items with `catalogShelf` are in it.
    {
      name: 'catalogByName',
      keys: ['catalogShelf', 'nameKey'],
      projection: 'INCLUDE' as const,
      include: ['stock'],
    },
    { name: 'shelfByName', keys: ['shelf', 'nameKey'], projection: 'INCLUDE' as const, include: ['stock'] },
  ],
};
const call = (action: string, request: unknown, answer: unknown = {}): AwsCall => ({
  service: 'products',
  api: 'dynamodb',
  action,
  status: 200,
  at: 0,
  requestBody: JSON.stringify(request),
  responseBody: JSON.stringify(answer),
});
const item = {
  productId: { S: 'p-1' },
  catalogShelf: { S: 'main#all' },
  nameKey: { S: 'lamp#p-1' },
  stock: { N: '5' },
};

describe('the write-unit counter', () => {
  it('writes a stock update only to the indexes the item is in (a sparse index it lacks the keys of: none)', () => {
    const count = writeUnitsCounter(new Map([['products', table]]));
    count(call('GetItem', { TableName: 'products', Key: { productId: { S: 'p-1' } } }, { Item: item }));
    const [update] = count(
      call('UpdateItem', {
        TableName: 'products',
        Key: { productId: { S: 'p-1' } },
        UpdateExpression: 'ADD stock :taken',
      }),
    );
    expect(update).toMatchObject({ units: 1, indexUnits: 1 });
  });

  it('counts an index an update moves the item into (its key set: a delete and a put)', () => {
    const count = writeUnitsCounter(new Map([['products', table]]));
    count(call('GetItem', { TableName: 'products', Key: { productId: { S: 'p-1' } } }, { Item: item }));
    const [moved] = count(
      call('UpdateItem', {
        TableName: 'products',
        Key: { productId: { S: 'p-1' } },
        UpdateExpression: 'SET shelf = :shelf',
      }),
    );
    // Into shelfByName (its key set: delete + put counted as 2); catalogByName untouched.
    expect(moved).toMatchObject({ indexUnits: 2 });
  });
});
