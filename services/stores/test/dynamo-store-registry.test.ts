import type { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mainStoreDefaults } from '@shop/contracts';
import type { TransactionalOutbox } from '@shop/events';
import { describe, expect, it } from 'vitest';
import { dynamoStoreRegistry } from '../src/adapters/dynamo-store-registry.ts';

// A Query page ends at 1 MB whatever its Limit: with checkout settings on the items, a page can come
// back short with a LastEvaluatedKey, and the list must read on rather than take it for the end.
describe('the stores list', () => {
  it('reads on past a page that ended early, up to the limit, and strips the index attribute', async () => {
    const store = (storeId: string) => ({ ...mainStoreDefaults, storeId, listed: 'stores' });
    const pages = [
      { Items: [store('aa')], LastEvaluatedKey: { storeId: 'aa', listed: 'stores' } },
      { Items: [store('bb'), store('cc')], LastEvaluatedKey: { storeId: 'cc', listed: 'stores' } },
    ];
    const inputs: QueryCommand['input'][] = [];
    const client = {
      send: async (command: QueryCommand) => {
        inputs.push(command.input);
        return pages.shift() ?? { Items: [] };
      },
    } as unknown as DynamoDBDocumentClient;
    const registry = dynamoStoreRegistry({
      tableName: 'stores',
      client,
      outbox: {} as TransactionalOutbox,
    });
    const found = await registry.list({ after: undefined, limit: 3 });
    expect(found.map((item) => item.storeId)).toEqual(['aa', 'bb', 'cc']);
    expect(found[0]).not.toHaveProperty('listed');
    expect(inputs.map((input) => [input.Limit, input.ExclusiveStartKey])).toEqual([
      [3, undefined],
      [2, { storeId: 'aa', listed: 'stores' }],
    ]);
  });
});
