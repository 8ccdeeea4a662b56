import {
  BatchGetItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useEmulator } from '../src/index.ts';

// The emulator answers DynamoDB reads as JSON of its own (moto-server.py, change 6): every attribute
// type must come back exactly as written, with the paging fields moto's serializer gave.
const item = {
  pk: { S: 'shelf' },
  sk: { S: 'a#1' },
  text: { S: 'Grüße, "quoted" \\ and a line\nbreak' },
  count: { N: '-12.5' },
  big: { N: '123456789012345678901234567890' },
  bytes: { B: new Uint8Array([0, 1, 2, 250, 255]) },
  flag: { BOOL: false },
  nothing: { NULL: true },
  words: { SS: ['a', 'b'] },
  numbers: { NS: ['1', '2.5'] },
  blobs: { BS: [new Uint8Array([9]), new Uint8Array([8, 7])] },
  list: { L: [{ S: 'x' }, { N: '1' }, { M: { deep: { BOOL: true } } }] },
  map: { M: { inner: { L: [] }, empty: { S: '' } } },
};

let table: string;
const client = () => new DynamoDBClient({});
const sorted = (value: unknown) =>
  JSON.parse(
    JSON.stringify(value, (_key, inner) =>
      inner instanceof Uint8Array ? Buffer.from(inner).toString('base64') : inner,
    ),
    (_key, inner) =>
      Array.isArray(inner) && inner.every((x) => typeof x === 'string') ? inner.sort() : inner,
  );

beforeAll(async () => {
  useEmulator();
  table = uniqueName('reads');
  await client().send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'text', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byText',
          KeySchema: [
            { AttributeName: 'text', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['map', 'bytes', 'absent'] },
        },
        {
          IndexName: 'keysByText',
          KeySchema: [{ AttributeName: 'text', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: 'allByText',
          KeySchema: [{ AttributeName: 'text', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await client().send(new PutItemCommand({ TableName: table, Item: item }));
  await client().send(new PutItemCommand({ TableName: table, Item: { ...item, sk: { S: 'b#2' } } }));
});

describe('DynamoDB reads from the emulator', () => {
  it('give back every attribute type exactly as written, in GetItem, BatchGetItem, Query and Scan', async () => {
    const key = { pk: item.pk, sk: item.sk };
    const got = await client().send(new GetItemCommand({ TableName: table, Key: key }));
    const batch = await client().send(
      new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [key] } } }),
    );
    const queried = await client().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': item.pk },
        Limit: 1,
      }),
    );
    const scanned = await client().send(new ScanCommand({ TableName: table }));
    for (const answer of [got.Item, batch.Responses?.[table]?.[0], queried.Items?.[0], scanned.Items?.[0]])
      expect(sorted(answer)).toEqual(sorted(item));
    expect(queried).toMatchObject({ Count: 1, ScannedCount: 1, LastEvaluatedKey: key });
    expect(scanned.Count).toBe(2);
    expect(batch.UnprocessedKeys).toEqual({});
  });

  it('projects an index as declared: its keys, the table keys and the included attributes only', async () => {
    const byIndex = async (IndexName: string) =>
      (
        await client().send(
          new QueryCommand({
            TableName: table,
            IndexName,
            KeyConditionExpression: '#text = :text',
            ExpressionAttributeNames: { '#text': 'text' },
            ExpressionAttributeValues: { ':text': item.text },
          }),
        )
      ).Items ?? [];
    const { pk, sk, text, map, bytes } = item;
    expect((await byIndex('byText')).map(sorted)).toEqual([
      sorted({ pk, sk, text, map, bytes }),
      sorted({ pk, sk: { S: 'b#2' }, text, map, bytes }),
    ]);
    expect((await byIndex('keysByText')).map(sorted).sort((a, b) => a.sk.S.localeCompare(b.sk.S))).toEqual([
      sorted({ pk, sk, text }),
      sorted({ pk, sk: { S: 'b#2' }, text }),
    ]);
    expect((await byIndex('allByText')).map(sorted)).toContainEqual(sorted(item));
  });

  it('answers an unknown key with no item, and a wrong table with the error DynamoDB gives', async () => {
    const none = await client().send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'none' }, sk: { S: 'none' } } }),
    );
    expect(none.Item).toBeUndefined();
    await expect(
      client().send(new GetItemCommand({ TableName: `${table}-missing`, Key: { pk: { S: 'x' } } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
