import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  PRODUCTS_SOURCE,
  type StockLine,
  type StockReleaseRequested,
  type StockReservationRequested,
  stockReleased,
  stockReservationFailed,
  stockReserved,
} from '@shop/contracts';
import {
  createEvent,
  type EventDefinition,
  type EventEnvelope,
  type TransactionalOutbox,
} from '@shop/events';
import type * as z from 'zod';
import {
  existingOutcome,
  planReservation,
  replyId,
  type StockReservation,
  shortLines,
} from '../domain/reservation.ts';

/** How often a transaction that lost a race (not a condition) is tried again before SQS redelivers. */
const ATTEMPTS = 8;
/** A released order's record outlives any redelivery of its reservation (SQS keeps messages 14 days). */
const RELEASED_RETENTION_SECONDS = 30 * 24 * 60 * 60;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type CancellationReason = { Code?: string; Item?: Record<string, { N?: string; S?: string }> };
type StoredReservation = StockReservation & { expiresAt?: number; reason?: string };

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if ((error as Error).name !== 'TransactionCanceledException') return undefined;
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

const conditionFailed = (reason: CancellationReason | undefined) => reason?.Code === 'ConditionalCheckFailed';

// A failed line's product as it was when the condition failed; an unknown or deleted one sells nothing.
function availableFrom(reason: CancellationReason): number {
  const item = reason.Item;
  if (!item || item.deletedAt) return 0;
  return Number(item.stock?.N ?? 0);
}

const backoff = (attempt: number) => sleep(Math.random() * 20 * 2 ** Math.min(attempt, 5));

/** The reply to a request: correlated with it, under an id derived from the request's id. */
function replyTo<D extends EventDefinition>(
  definition: D,
  data: z.input<D['data']>,
  request: EventEnvelope,
): EventEnvelope {
  const event = createEvent(definition, data, {
    source: PRODUCTS_SOURCE,
    correlationId: request.correlationId,
  });
  return definition.envelope.parse({ ...event, id: replyId(request.id) }) as EventEnvelope;
}

/**
 * Stock reservations of the order saga in DynamoDB: each line's `stock` in the products table and one
 * record per order in the reservations table change together, with the reply in the outbox, in one
 * transaction. Conditions, not reads, guard every change, so racing and repeated requests are safe.
 */
export function dynamoStockReservations(options: {
  productsTable: string;
  reservationsTable: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}) {
  const { productsTable, reservationsTable, client, outbox } = options;

  async function readReservation(orderId: string): Promise<StoredReservation | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: reservationsTable, Key: { orderId }, ConsistentRead: true }),
    );
    return Item as StoredReservation | undefined;
  }

  // A reply that changes no state still goes through the outbox; its derived id makes a repeat a no-op.
  async function answer(reply: EventEnvelope): Promise<EventEnvelope> {
    const entry = outbox.entry(reply);
    try {
      await client.send(new PutCommand(entry.Put as ConstructorParameters<typeof PutCommand>[0]));
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    await outbox.publishCommitted([reply]);
    return reply;
  }

  async function commit(items: TransactItem[], reply: EventEnvelope): Promise<EventEnvelope> {
    await client.send(new TransactWriteCommand({ TransactItems: [...items, outbox.entry(reply)] }));
    await outbox.publishCommitted([reply]);
    return reply;
  }

  function answerExisting(request: StockReservationRequested, reservation: StoredReservation) {
    const outcome = existingOutcome(reservation);
    const { orderId } = request.data;
    return answer(
      outcome.kind === 'reserved'
        ? replyTo(stockReserved, { orderId, lines: outcome.lines }, request)
        : replyTo(stockReservationFailed, { orderId, reason: outcome.reason, shortLines: [] }, request),
    );
  }

  return {
    /**
     * Reserves every line of the order or none, once per order; answers StockReserved or
     * StockReservationFailed (undefined: this request was answered before).
     */
    async reserve(request: StockReservationRequested): Promise<EventEnvelope | undefined> {
      const { orderId } = request.data;
      const plan = planReservation(request.data.lines);
      if (plan.kind === 'refuse') {
        return answer(
          replyTo(stockReservationFailed, { orderId, reason: plan.reason, shortLines: [] }, request),
        );
      }
      const { lines } = plan;
      for (let attempt = 1; ; attempt += 1) {
        const existing = await readReservation(orderId);
        if (existing) return answerExisting(request, existing);
        const now = new Date().toISOString();
        const record: StoredReservation = { orderId, status: 'RESERVED', lines, reservedAt: now };
        const takes: TransactItem[] = lines.map(({ productId, quantity }) => ({
          Update: {
            TableName: productsTable,
            Key: { productId },
            UpdateExpression: 'ADD stock :taken',
            ConditionExpression:
              'attribute_exists(productId) AND attribute_not_exists(deletedAt) AND stock >= :quantity',
            ExpressionAttributeValues: { ':taken': -quantity, ':quantity': quantity },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        }));
        const hold: TransactItem = {
          Put: {
            TableName: reservationsTable,
            Item: record,
            ConditionExpression: 'attribute_not_exists(orderId)',
          },
        };
        try {
          return await commit([...takes, hold], replyTo(stockReserved, { orderId, lines }, request));
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons) throw error;
          // The order got a record meanwhile (a racing copy of this request, or its release): answer that.
          if (conditionFailed(reasons[lines.length])) continue;
          // This very request was answered before (refused, then redelivered): that answer stands.
          if (conditionFailed(reasons[lines.length + 1])) return undefined;
          const failed = lines.filter((_, index) => conditionFailed(reasons[index]));
          if (failed.length > 0) {
            const available = new Map(
              failed.map((line) => [line.productId, availableFrom(reasons[lines.indexOf(line)] ?? {})]),
            );
            // DynamoDB's reading at the failure names the short lines; a line that failed but reads as
            // enough (a release landed meanwhile) is still reported, with what it read.
            const short = shortLines(failed, available);
            const reported =
              short.length > 0
                ? short
                : failed.map(({ productId, quantity }) => ({
                    productId,
                    requested: quantity,
                    available: available.get(productId) ?? 0,
                  }));
            return answer(
              replyTo(
                stockReservationFailed,
                { orderId, reason: 'OUT_OF_STOCK', shortLines: reported },
                request,
              ),
            );
          }
          // Lost a race with another transaction on the same items (TransactionConflict): try again.
          if (attempt >= ATTEMPTS) throw error;
          await backoff(attempt);
        }
      }
    },

    /**
     * Gives the order's reserved units back exactly once (RESERVED → RELEASED with the stock, in one
     * transaction). A release with no reservation yet leaves a RELEASED record that refuses the late one.
     */
    async release(request: StockReleaseRequested): Promise<EventEnvelope> {
      const { orderId, reason } = request.data;
      for (let attempt = 1; ; attempt += 1) {
        const existing = await readReservation(orderId);
        const now = new Date().toISOString();
        const expiresAt = Math.floor(Date.now() / 1000) + RELEASED_RETENTION_SECONDS;
        if (existing?.status === 'RELEASED') {
          return answer(replyTo(stockReleased, { orderId, lines: existing.lines }, request));
        }
        const items: TransactItem[] = existing
          ? [
              {
                Update: {
                  TableName: reservationsTable,
                  Key: { orderId },
                  UpdateExpression:
                    'SET #status = :released, releasedAt = :now, reason = :reason, expiresAt = :expiresAt',
                  ConditionExpression: '#status = :reserved',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':released': 'RELEASED',
                    ':reserved': 'RESERVED',
                    ':now': now,
                    ':reason': reason,
                    ':expiresAt': expiresAt,
                  },
                },
              },
              // No condition on the product: a deleted product keeps its item (a tombstone) for this.
              ...existing.lines.map(
                ({ productId, quantity }): TransactItem => ({
                  Update: {
                    TableName: productsTable,
                    Key: { productId },
                    UpdateExpression: 'ADD stock :returned',
                    ExpressionAttributeValues: { ':returned': quantity },
                  },
                }),
              ),
            ]
          : [
              {
                Put: {
                  TableName: reservationsTable,
                  Item: { orderId, status: 'RELEASED', lines: [], releasedAt: now, reason, expiresAt },
                  ConditionExpression: 'attribute_not_exists(orderId)',
                },
              },
            ];
        const lines: StockLine[] = existing?.lines ?? [];
        try {
          return await commit(items, replyTo(stockReleased, { orderId, lines }, request));
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons) throw error;
          // The record changed since it was read (reserved, or released by a racing copy), or another
          // transaction held an item: read again.
          if (attempt >= ATTEMPTS) throw error;
          await backoff(attempt);
        }
      }
    },
  };
}

export type StockReservations = ReturnType<typeof dynamoStockReservations>;
