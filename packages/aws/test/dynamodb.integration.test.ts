import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cancellationReasons,
  conditionFailed,
  documentClient,
  isConditionFailure,
  lostRace,
  sharedDocumentClient,
} from '../src/dynamodb.ts';

let TableName: string;

beforeAll(async () => {
  useEmulator();
  TableName = uniqueName('plumbing');
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
});

/** What a write threw, or undefined when it succeeded. */
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('the document client', () => {
  it('writes an item with an undefined attribute, leaving that attribute out', async () => {
    const client = documentClient();

    await client.send(new PutCommand({ TableName, Item: { id: 'lamp', name: 'Lamp', imageUrl: undefined } }));

    const { Item } = await client.send(
      new GetCommand({ TableName, Key: { id: 'lamp' }, ConsistentRead: true }),
    );
    expect(Item).toEqual({ id: 'lamp', name: 'Lamp' });
  });

  it('is one client per container when shared', () => {
    expect(sharedDocumentClient()).toBe(sharedDocumentClient());
    expect(documentClient()).not.toBe(documentClient());
  });
});

describe('a failed condition', () => {
  it('of a single write is recognized, and is no cancelled transaction', async () => {
    const client = documentClient();
    await client.send(new PutCommand({ TableName, Item: { id: 'once' } }));

    const error = await failureOf(
      client.send(
        new PutCommand({ TableName, Item: { id: 'once' }, ConditionExpression: 'attribute_not_exists(id)' }),
      ),
    );

    expect(isConditionFailure(error)).toBe(true);
    expect(cancellationReasons(error)).toBeUndefined();
  });

  it('of a transaction names the item whose condition failed, in the order of the items', async () => {
    const client = documentClient();
    await client.send(new PutCommand({ TableName, Item: { id: 'taken' } }));

    const error = await failureOf(
      client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: { id: uniqueName('free') },
                ConditionExpression: 'attribute_not_exists(id)',
              },
            },
            { Put: { TableName, Item: { id: 'taken' }, ConditionExpression: 'attribute_not_exists(id)' } },
          ],
        }),
      ),
    );

    expect(isConditionFailure(error)).toBe(false);
    const reasons = cancellationReasons(error);
    expect(reasons).toHaveLength(2);
    expect(conditionFailed(reasons?.[0])).toBe(false);
    expect(conditionFailed(reasons?.[1])).toBe(true);
    expect(lostRace(reasons?.[1])).toBe(true);
  });
});

describe('other errors', () => {
  it('are neither a failed condition nor a cancelled transaction', async () => {
    const error = await failureOf(
      documentClient().send(new PutCommand({ TableName: uniqueName('missing'), Item: { id: 'x' } })),
    );

    expect(error).toBeInstanceOf(Error);
    expect(isConditionFailure(error)).toBe(false);
    expect(cancellationReasons(error)).toBeUndefined();
    expect(isConditionFailure(undefined)).toBe(false);
  });

  it('of a transaction item are told apart: a conflict lost a race, a validation error did not', () => {
    expect(lostRace({ Code: 'TransactionConflict' })).toBe(true);
    expect(conditionFailed({ Code: 'TransactionConflict' })).toBe(false);
    expect(lostRace({ Code: 'ValidationError' })).toBe(false);
    expect(lostRace({ Code: 'None' })).toBe(false);
    expect(lostRace(undefined)).toBe(false);
  });
});
