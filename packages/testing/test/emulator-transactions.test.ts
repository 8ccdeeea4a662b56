import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { uniqueName, useEmulator } from '../src/index.ts';

// The emulator launcher serializes DynamoDB calls and replaces moto's whole-table snapshots with
// check-then-write transactions: concurrent writes are neither undone nor answered with a 500, and a
// transaction that fails half-way leaves nothing behind, in the table or its stream.
describe('the emulator under concurrent DynamoDB writes', () => {
  it('keeps every write made while cancelled transactions roll back', async () => {
    useEmulator();
    const TableName = uniqueName('race');
    await new DynamoDBClient({}).send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await client.send(new PutCommand({ TableName, Item: { id: 'product', stock: 10 } }));
    // A table of some size: moto's own transactions copied it whole, slow enough for writes to overlap.
    for (let batch = 0; batch < 20; batch++) {
      await client.send(
        new BatchWriteCommand({
          RequestItems: {
            [TableName]: Array.from({ length: 25 }, (_, n) => ({
              PutRequest: { Item: { id: `filler-${batch}-${n}`, text: 'x'.repeat(200) } },
            })),
          },
        }),
      );
    }
    // Racing for 10 units: most of these transactions are cancelled, and nothing they did may stay.
    const reservations = Array.from({ length: 60 }, (_, n) =>
      client
        .send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName,
                  Key: { id: 'product' },
                  UpdateExpression: 'ADD stock :minusOne',
                  ConditionExpression: 'stock >= :one',
                  ExpressionAttributeValues: { ':minusOne': -1, ':one': 1 },
                },
              },
              { Put: { TableName, Item: { id: `reservation-${n}` } } },
            ],
          }),
        )
        .then(
          () => 'committed',
          (error: Error) => error.name,
        ),
    );
    const puts = Array.from({ length: 60 }, (_, n) =>
      client.send(new PutCommand({ TableName, Item: { id: `put-${n}` } })).then(
        () => 'written',
        (error: Error) => error.name,
      ),
    );
    const outcomes = await Promise.all(reservations);
    expect(await Promise.all(puts)).toEqual(Array(60).fill('written'));
    expect(outcomes.filter((outcome) => outcome === 'committed')).toHaveLength(10);
    expect(new Set(outcomes)).toEqual(new Set(['committed', 'TransactionCanceledException']));
    const { Items = [] } = await client.send(new ScanCommand({ TableName }));
    const ids = new Set(Items.map((item) => item.id));
    for (let n = 0; n < 60; n++) expect(ids.has(`put-${n}`)).toBe(true);
    expect(Items.filter((item) => String(item.id).startsWith('reservation-'))).toHaveLength(10);
    expect(Items.find((item) => item.id === 'product')?.stock).toBe(0);
  });

  it('keeps streaming the records of writes made after a cancelled transaction, and none of its own', async () => {
    const endpoint = useEmulator();
    const TableName = uniqueName('streamed');
    const { TableDescription } = await new DynamoDBClient({}).send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const iterator = await latestShardIterator(endpoint, TableDescription?.LatestStreamArn as string);
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const cancelled = await client
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { id: 'cancelled' } } },
            {
              ConditionCheck: {
                TableName,
                Key: { id: 'never' },
                ConditionExpression: 'attribute_exists(id)',
              },
            },
          ],
        }),
      )
      .catch((error: Error) => error.name);
    expect(cancelled).toBe('TransactionCanceledException');
    await client.send(new PutCommand({ TableName, Item: { id: 'after' } }));
    expect(await streamedKeys(endpoint, iterator)).toEqual(['after']);
  });
  it('puts back what a transaction wrote before one of its writes failed, stream records included', async () => {
    const endpoint = useEmulator();
    const TableName = uniqueName('halfway');
    const { TableDescription } = await new DynamoDBClient({}).send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await client.send(new PutCommand({ TableName, Item: { pk: 'p', sk: 'kept', label: 'before', n: 1 } }));
    await client.send(new PutCommand({ TableName, Item: { pk: 'p', sk: 'text', label: 'not a number' } }));
    const iterator = await latestShardIterator(endpoint, TableDescription?.LatestStreamArn as string);
    // Every condition holds; the third write fails only when applied (ADD to a string).
    const failure = await client
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { pk: 'p', sk: 'new' } } },
            {
              Update: {
                TableName,
                Key: { pk: 'p', sk: 'kept' },
                UpdateExpression: 'SET label = :after ADD n :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':after': 'after', ':one': 1 },
              },
            },
            {
              Update: {
                TableName,
                Key: { pk: 'p', sk: 'text' },
                UpdateExpression: 'ADD label :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      )
      .catch((error: Error) => error.name);
    expect(['TransactionCanceledException', 'ValidationException']).toContain(failure);
    const { Items = [] } = await client.send(new ScanCommand({ TableName }));
    expect(Items.map(({ sk, label, n }) => ({ sk, label, n }))).toEqual([
      { sk: 'kept', label: 'before', n: 1 },
      { sk: 'text', label: 'not a number', n: undefined },
    ]);
    await client.send(new PutCommand({ TableName, Item: { pk: 'p', sk: 'after' } }));
    expect(await streamedKeys(endpoint, iterator)).toEqual(['after']);
  });
});

// The streams API by hand, as the local stream poller speaks it (no streams client is installed).
async function streams<T>(endpoint: string, action: string, body: unknown): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDBStreams_20120810.${action}`,
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
    },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

/** An iterator at the end of the table's one shard: it reads only what is written after this call. */
async function latestShardIterator(endpoint: string, StreamArn: string): Promise<string> {
  const { StreamDescription } = await streams<{ StreamDescription: { Shards: { ShardId: string }[] } }>(
    endpoint,
    'DescribeStream',
    { StreamArn },
  );
  const { ShardIterator } = await streams<{ ShardIterator: string }>(endpoint, 'GetShardIterator', {
    StreamArn,
    ShardId: StreamDescription.Shards[0]?.ShardId,
    ShardIteratorType: 'LATEST',
  });
  return ShardIterator;
}

/** The sort key (or else the hash key) of every record the stream holds after the iterator. */
async function streamedKeys(endpoint: string, ShardIterator: string): Promise<string[]> {
  type Keys = Record<string, { S: string }>;
  const { Records } = await streams<{ Records: { dynamodb: { Keys: Keys } }[] }>(endpoint, 'GetRecords', {
    ShardIterator,
  });
  return Records.map(({ dynamodb: { Keys } }) => (Keys.sk ?? Keys.id)?.S as string);
}
