import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { uniqueName, useEmulator } from '@shop/testing';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  createEvent,
  defineEvent,
  type EventPublisher,
  OUTBOX_PENDING_INDEX,
  outboxRelayHandler,
  recordingEventPublisher,
  transactionalOutbox,
} from '../src/index.ts';

const thingHappened = defineEvent('ThingHappened', 1, z.object({ thingId: z.string() }));

let client: DynamoDBDocumentClient;

// The outbox table every service declares (see README): key `id`, sparse GSI `pending`.
async function createOutboxTable(): Promise<string> {
  const tableName = uniqueName('outbox');
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'pending', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: OUTBOX_PENDING_INDEX,
          KeySchema: [
            { AttributeName: 'pending', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  return tableName;
}

const failingPublisher: EventPublisher = {
  async publish() {
    throw new Error('the process died before publishing');
  },
};

const thing = (thingId: string) => createEvent(thingHappened, { thingId }, { source: 'test' });

beforeAll(() => {
  useEmulator();
  client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
});

describe('the transactional outbox', () => {
  it('publishes a committed event at once and marks it sent', async () => {
    const tableName = await createOutboxTable();
    const publisher = recordingEventPublisher();
    const outbox = transactionalOutbox({ tableName, client, publisher });
    const event = thing('t-1');

    await client.send(new TransactWriteCommand({ TransactItems: [outbox.entry(event)] }));
    await outbox.publishCommitted([event]);

    expect(publisher.published).toEqual([event]);
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { id: event.id } }));
    expect(Item).toMatchObject({ id: event.id, type: 'ThingHappened', sentAt: expect.any(String) });
    expect(Item?.pending).toBeUndefined();
    expect(await outbox.relayPending({ olderThanSeconds: 0 })).toEqual({ published: 0, failed: 0 });
  });

  it('keeps an event whose publish failed after the commit, and the relay sends it once, under its id', async () => {
    const tableName = await createOutboxTable();
    const event = thing('t-2');
    const crashed = transactionalOutbox({ tableName, client, publisher: failingPublisher });
    await client.send(new TransactWriteCommand({ TransactItems: [crashed.entry(event)] }));
    await crashed.publishCommitted([event]);

    const publisher = recordingEventPublisher();
    const relay = transactionalOutbox({ tableName, client, publisher });
    // Too young for the sweep: the writer may still be publishing it.
    expect(await relay.relayPending()).toEqual({ published: 0, failed: 0 });
    expect(await relay.relayPending({ olderThanSeconds: 0 })).toEqual({ published: 1, failed: 0 });
    expect(await relay.relayPending({ olderThanSeconds: 0 })).toEqual({ published: 0, failed: 0 });
    expect(publisher.published).toEqual([event]);
  });

  it('writes nothing when the transaction fails', async () => {
    const tableName = await createOutboxTable();
    const outbox = transactionalOutbox({ tableName, client, publisher: recordingEventPublisher() });
    const event = thing('t-3');
    const failed = await client
      .send(
        new TransactWriteCommand({
          TransactItems: [
            outbox.entry(event),
            {
              ConditionCheck: {
                TableName: tableName,
                Key: { id: 'no-such-item' },
                ConditionExpression: 'attribute_exists(id)',
              },
            },
          ],
        }),
      )
      .catch((error: unknown) => error);
    expect((failed as Error).name).toBe('TransactionCanceledException');
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { id: event.id } }));
    expect(Item).toBeUndefined();
  });

  it('relays inserted items from a stream batch, skipping the ones already sent', async () => {
    const tableName = await createOutboxTable();
    const sent = thing('t-4');
    const unsent = thing('t-5');
    const writer = transactionalOutbox({ tableName, client, publisher: recordingEventPublisher() });
    await client.send(
      new TransactWriteCommand({ TransactItems: [writer.entry(sent), writer.entry(unsent)] }),
    );
    await writer.publishCommitted([sent]);

    const publisher = recordingEventPublisher();
    const handler = outboxRelayHandler(() => transactionalOutbox({ tableName, client, publisher }));
    const records = [sent, unsent].map(
      (event, index): DynamoDBRecord => ({
        eventName: 'INSERT',
        dynamodb: { Keys: { id: { S: event.id } }, SequenceNumber: String(index + 1) },
      }),
    );
    const answer = await handler({ Records: records }, { functionName: 'relay' } as Context);
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(publisher.published).toEqual([unsent]);
  });

  it('answers the first failing stream record so Lambda retries from it', async () => {
    const tableName = await createOutboxTable();
    const event = thing('t-6');
    const outbox = transactionalOutbox({ tableName, client, publisher: failingPublisher });
    await client.send(new TransactWriteCommand({ TransactItems: [outbox.entry(event)] }));
    const answer = await outbox.relayStreamRecords([
      { eventName: 'INSERT', dynamodb: { Keys: { id: { S: event.id } }, SequenceNumber: '42' } },
    ]);
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '42' }] });
  });

  it('never stores a second event under an id already used', async () => {
    const tableName = await createOutboxTable();
    const outbox = transactionalOutbox({ tableName, client, publisher: recordingEventPublisher() });
    const event = thing('t-7');
    await client.send(new TransactWriteCommand({ TransactItems: [outbox.entry(event)] }));
    const again = await client
      .send(new TransactWriteCommand({ TransactItems: [outbox.entry(event)] }))
      .catch((error: unknown) => error);
    expect((again as Error).name).toBe('TransactionCanceledException');
  });
});
