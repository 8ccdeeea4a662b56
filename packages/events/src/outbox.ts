import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import { logger, observeInvocation, sharedDocumentClient } from '@shop/aws';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { defineEvent, type EventEnvelope, eventEnvelope } from './envelope.ts';
import type { EventPublisher } from './publisher.ts';

/** The sparse index of the outbox table that lists only unsent events, oldest first. */
export const OUTBOX_PENDING_INDEX = 'pending';

const PENDING = 'PENDING';

/**
 * One event waiting in (or already relayed from) an outbox table. Table: partition key `id` (String);
 * a GSI `pending` with partition key `pending` (String) and sort key `createdAt` (String), which only
 * unsent items appear in; TTL on `expiresAt`; a stream (`NEW_IMAGE`) for the relay in AWS.
 */
export type OutboxItem = {
  /** The event's id, so an event is stored (and published) under one id however often it is relayed. */
  id: string;
  type: string;
  /** The whole envelope as JSON, published byte for byte as it was committed. */
  event: string;
  createdAt: string;
  /** `PENDING` until the event is published; removing it takes the item out of the `pending` index. */
  pending?: typeof PENDING;
  sentAt?: string;
  /** Epoch seconds after which DynamoDB's TTL deletes the item. */
  expiresAt: number;
};

/** A Put of a DynamoDB transaction (lib-dynamodb's document form). */
export type TransactPut = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type OutboxOptions = {
  tableName: string;
  /** The container's shared document client unless given (tests, seeds). */
  client?: DynamoDBDocumentClient;
  publisher: EventPublisher;
  /** How long a relayed item stays before TTL removes it; default 7 days. */
  retainForSeconds?: number;
};

export type RelayResult = { published: number; failed: number };

// The relay knows envelopes, not definitions: any committed envelope is published as it is.
function publishEnvelope(publisher: EventPublisher, envelope: EventEnvelope): Promise<void> {
  return publisher.publish(defineEvent(envelope.type, envelope.version, z.unknown()), envelope);
}

/**
 * A transactional outbox: `entry(event)` goes into the same DynamoDB transaction as the state change
 * it reports; after the commit `publishCommitted` publishes at once, and `relayPending` /
 * `relayStreamRecords` publish whatever a crash left unsent. Delivery is at least once, always
 * under the event's own id, so consumers that drop seen ids see each event once.
 */
export function transactionalOutbox(options: OutboxOptions) {
  const { tableName, publisher } = options;
  const client = options.client ?? sharedDocumentClient();
  const retainForSeconds = options.retainForSeconds ?? 7 * 24 * 60 * 60;

  async function markSent(id: string): Promise<void> {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { id },
        UpdateExpression: 'REMOVE #pending SET sentAt = :now',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: { '#pending': 'pending' },
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
      }),
    );
  }

  async function relayItem(item: OutboxItem): Promise<void> {
    await publishEnvelope(publisher, eventEnvelope.parse(JSON.parse(item.event)) as EventEnvelope);
    await markSent(item.id);
  }

  return {
    tableName,

    /** The Put that stores `event` as pending; add it to the transaction that makes the event true. */
    entry(event: EventEnvelope): TransactPut {
      const item: OutboxItem = {
        id: event.id,
        type: event.type,
        event: JSON.stringify(eventEnvelope.parse(event)),
        createdAt: new Date().toISOString(),
        pending: PENDING,
        expiresAt: Math.floor(Date.now() / 1000) + retainForSeconds,
      };
      // One id, one event: an id is never reused for other content.
      return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' } };
    },

    /**
     * Publishes events whose transaction has committed and marks them sent. A failure is logged and
     * left to the relay, never thrown: the state change already happened and its event is safe.
     */
    async publishCommitted(events: readonly EventEnvelope[]): Promise<void> {
      for (const event of events) {
        try {
          await publishEnvelope(publisher, event);
          await markSent(event.id);
        } catch (error) {
          logger.warn('Event left in the outbox for the relay', {
            eventId: event.id,
            type: event.type,
            error: error as Error,
          });
        }
      }
    },

    /**
     * Publishes events at once and throws if one fails, writing nothing. Only for a change made by a
     * queue consumer whose message is redelivered until this succeeds, and whose handler republishes the
     * same events (same ids) when the redelivery finds the change made: then the message is the outbox,
     * and no outbox item or mark-sent write is needed.
     */
    async publishNow(events: readonly EventEnvelope[]): Promise<void> {
      for (const event of events) await publishEnvelope(publisher, event);
    },

    /** Publishes unsent events older than `olderThanSeconds` (default 30), oldest first, at most `limit`. */
    async relayPending(
      relayOptions: { olderThanSeconds?: number; limit?: number } = {},
    ): Promise<RelayResult> {
      const cutoff = new Date(Date.now() - (relayOptions.olderThanSeconds ?? 30) * 1000).toISOString();
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: OUTBOX_PENDING_INDEX,
          KeyConditionExpression: '#pending = :pending AND createdAt <= :cutoff',
          ExpressionAttributeNames: { '#pending': 'pending' },
          ExpressionAttributeValues: { ':pending': PENDING, ':cutoff': cutoff },
          Limit: relayOptions.limit ?? 100,
        }),
      );
      const result: RelayResult = { published: 0, failed: 0 };
      for (const item of Items as OutboxItem[]) {
        try {
          await relayItem(item);
          result.published += 1;
        } catch (error) {
          result.failed += 1;
          logger.error('Outbox relay failed; the event stays pending', {
            eventId: item.id,
            error: error as Error,
          });
        }
      }
      return result;
    },

    /**
     * Relays the outbox items a DynamoDB stream reports as inserted and still unsent. Answers the first
     * failed record as a batch item failure, so Lambda retries from there.
     */
    async relayStreamRecords(records: readonly DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
      for (const record of records) {
        const id = record.dynamodb?.Keys?.id?.S;
        if (record.eventName !== 'INSERT' || !id) continue;
        try {
          // Usually the writer has published already; read to skip those (a race only adds a duplicate).
          const { Item } = await client.send(
            new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }),
          );
          if (Item?.pending === PENDING) await relayItem(Item as OutboxItem);
        } catch (error) {
          logger.error('Outbox stream relay failed', { eventId: id, error: error as Error });
          return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
        }
      }
      return { batchItemFailures: [] };
    },
  };
}

export type TransactionalOutbox = ReturnType<typeof transactionalOutbox>;

/**
 * The outbox in the record itself: a write that makes an event true stores its envelope (JSON) in one
 * attribute of the item it writes anyway, and the table's stream (`NEW_IMAGE`) carries it here, so
 * the change is the event: no outbox item, no mark-sent write, no read. Records whose new image has
 * no such attribute are skipped (filter them out in the event source mapping too). Answers the first
 * failed record as a batch item failure, so Lambda retries from there (every retry publishes under the
 * event's own id; consumers drop repeats).
 */
export function recordEventsRelay(options: { publisher: EventPublisher; attribute: string }) {
  return async (records: readonly DynamoDBRecord[]): Promise<DynamoDBBatchResponse> => {
    for (const record of records) {
      const json = record.dynamodb?.NewImage?.[options.attribute]?.S;
      if (record.eventName === 'REMOVE' || !json) continue;
      try {
        await publishEnvelope(options.publisher, eventEnvelope.parse(JSON.parse(json)) as EventEnvelope);
      } catch (error) {
        logger.error('Stream relay failed; the record is retried', { error: error as Error });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

/** The stream function of `recordEventsRelay`. */
export function recordEventsRelayHandler(relay: () => ReturnType<typeof recordEventsRelay>) {
  return middy(async (event: DynamoDBStreamEvent) => relay()(event.Records ?? [])).use(observeInvocation());
}

/**
 * The relay function: a DynamoDB stream event relays the inserted items; any other event (a schedule,
 * a manual invoke) sweeps the pending index. Failures of a sweep throw, so the invocation shows as failed.
 */
export function outboxRelayHandler(outbox: () => TransactionalOutbox) {
  return middy(async (event: DynamoDBStreamEvent | ScheduledEvent | Record<string, unknown>) => {
    if (Array.isArray((event as DynamoDBStreamEvent).Records))
      return outbox().relayStreamRecords((event as DynamoDBStreamEvent).Records);
    const olderThanSeconds = (event as { olderThanSeconds?: unknown }).olderThanSeconds;
    const result = await outbox().relayPending(
      typeof olderThanSeconds === 'number' ? { olderThanSeconds } : {},
    );
    logger.info('Outbox swept', result);
    if (result.failed > 0) throw new Error(`${result.failed} outbox event(s) could not be relayed`);
    return result;
  }).use(observeInvocation());
}
