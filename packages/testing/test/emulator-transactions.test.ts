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

// moto snapshots tables for a transaction and restores them when it is cancelled; the emulator launcher
// serializes DynamoDB calls so that concurrent writes are neither undone nor answered with a 500.
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
    // A table of some size makes moto's per-transaction snapshot slow enough for writes to overlap it.
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
    // Racing for 10 units: most of these transactions are cancelled, and moto restores its snapshot each time.
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
    // The streams API by hand, as the local stream poller speaks it (no streams client is installed).
    const streams = async <T>(action: string, body: unknown): Promise<T> => {
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
    };
    const StreamArn = TableDescription?.LatestStreamArn as string;
    const { StreamDescription } = await streams<{ StreamDescription: { Shards: { ShardId: string }[] } }>(
      'DescribeStream',
      { StreamArn },
    );
    const { ShardIterator } = await streams<{ ShardIterator: string }>('GetShardIterator', {
      StreamArn,
      ShardId: StreamDescription.Shards[0]?.ShardId,
      ShardIteratorType: 'LATEST',
    });
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
    const { Records } = await streams<{ Records: { dynamodb: { Keys: { id: { S: string } } } }[] }>(
      'GetRecords',
      { ShardIterator },
    );
    expect(Records.map((record) => record.dynamodb.Keys.id.S)).toEqual(['after']);
  });
});
