import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  type CancellationReason,
  cancellationReasons,
  conditionFailed,
  isConditionFailure,
  logger,
} from '@shop/aws';
import {
  PRODUCTS_SOURCE,
  type ReservationLine,
  type ReturnReceived,
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
import type * as z from 'zod/mini';
import {
  type CatalogReading,
  existingOutcome,
  type MergedLine,
  mergeLines,
  planReservation,
  refusalOf,
  replyId,
  requiredPrice,
  reservedLine,
  type StockReservation,
  stockKeyOf,
} from '../domain/reservation.ts';
import { planShardTakes, type ShardTake, shardKey } from '../domain/stock-shards.ts';
import { belongsTo, LEGACY_STORE_ID, storeOf } from '../domain/store-keys.ts';

/** How often a transaction that lost a race (not a condition) is tried again before SQS redelivers. */
const ATTEMPTS = 8;
/** Tries of a reservation with a hot line: its buyers race for a few shard items. */
const HOT_ATTEMPTS = 30;
/**
 * The hot products this container has seen, with their shard count: found out from the product item
 * itself the first time (its condition fails, its stock lives in shards), then taken straight to the
 * shards. A product stays hot (its reservations record their shards), so this never goes stale.
 */
const hotProducts = new Map<string, number>();
/** A released order's record outlives any redelivery of its reservation (SQS keeps messages 14 days). */
const RELEASED_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/**
 * The key of a restocked return's marker in the reservations table: beside the order records, never
 * one of them (an order id has no `#`).
 */
export const restockKey = (returnId: string): string => `return#${returnId}`;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
/** A hot product's line records the shards its units came from, so a release gives them back there. */
type RecordedLine = ReservationLine & { shards?: ShardTake[] };
type StoredReservation = Omit<StockReservation, 'lines'> & {
  /** The store the order was placed in; none on a record written before stores (main's). */
  storeId?: string;
  lines: RecordedLine[];
  expiresAt?: number;
  reason?: string;
};

/** A recorded line as a release reply names it: its product, its variant (when it has one) and units. */
const stockLineOf = ({ productId, variantId, quantity }: RecordedLine): StockLine => ({
  productId,
  ...(variantId === undefined ? {} : { variantId }),
  quantity,
});

// The line as replies carry it: the shards are this service's business.
const replyLine = ({ shards: _shards, ...line }: RecordedLine): ReservationLine => line;

/** The store of an item as DynamoDB returned it (ALL_OLD): none on an item written before stores. */
const itemStore = (reason: CancellationReason | undefined) => ({ storeId: reason?.Item?.storeId?.S });

// A failed line's product as it was when the condition failed (ALL_OLD); undefined: no such product
// in this store (another store's product is unknown here, and nothing of it is told).
function readingFrom(reason: CancellationReason | undefined, storeId: string): CatalogReading | undefined {
  const item = reason?.Item;
  if (!item || !belongsTo(itemStore(reason), storeId)) return undefined;
  return {
    deleted: item.deletedAt !== undefined,
    stock: Number(item.stock?.N ?? 0),
    price: Number(item.price?.N ?? 0),
    currency: item.currency?.S ?? '',
    revision: Number(item.revision?.N ?? 0),
  };
}

/** A product item's shard count when its stock lives in shards (a hot product), read off a failed condition. */
const shardsOf = (reason: CancellationReason | undefined, storeId: string): number | undefined => {
  if (!belongsTo(itemStore(reason), storeId)) return undefined;
  const shards = reason?.Item?.stockShards?.N;
  return shards === undefined ? undefined : Number(shards);
};

/**
 * Takes a line's units if the product is the order's store's, sellable and has them, and, for a priced
 * line, only at exactly the price (and currency) the order quoted: the check and the take are one
 * atomic write. An item written before stores (no `storeId`) is main's.
 */
function takeStock(
  productsTable: string,
  storeId: string,
  line: MergedLine,
  currency: string | undefined,
  itemKey: string = stockKeyOf(line),
): TransactItem {
  const required = requiredPrice(line, currency);
  const conditions = [
    'attribute_exists(productId)',
    storeId === LEGACY_STORE_ID ? '(storeId = :store OR attribute_not_exists(storeId))' : 'storeId = :store',
    'attribute_not_exists(deletedAt)',
    'stock >= :quantity',
  ];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':taken': -line.quantity,
    ':quantity': line.quantity,
    ':store': storeId,
  };
  required.prices.forEach((price, index) => {
    conditions.push(`#price = :price${index}`);
    names['#price'] = 'price';
    values[`:price${index}`] = price;
  });
  if (required.currency !== undefined) {
    conditions.push('#currency = :currency');
    names['#currency'] = 'currency';
    values[':currency'] = required.currency;
  }
  return {
    Update: {
      TableName: productsTable,
      // A hot product's shard carries the product's price, currency and deletion too, so the check
      // and the take stay one write on one (spread) item.
      Key: { productId: itemKey },
      UpdateExpression: 'ADD stock :taken',
      ConditionExpression: conditions.join(' AND '),
      // DynamoDB refuses names that the expression does not use.
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
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

  // The shards' stock as it is now (consistent reads), by shard index, then the product item's own (units
  // a release gave back to an order reserved before the product turned hot).
  async function shardStocks(stockKey: string, shards: number): Promise<number[]> {
    const keys = [
      ...Array.from({ length: shards }, (_, index) => ({ productId: shardKey(stockKey, index) })),
      { productId: stockKey },
    ];
    const { Responses } = await client.send(
      new BatchGetCommand({ RequestItems: { [productsTable]: { Keys: keys, ConsistentRead: true } } }),
    );
    const byKey = new Map(
      (Responses?.[productsTable] ?? []).map((item) => [String(item.productId), Number(item.stock ?? 0)]),
    );
    return keys.map(({ productId: key }) => byKey.get(key) ?? 0);
  }

  async function readReservation(orderId: string): Promise<StoredReservation | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: reservationsTable, Key: { orderId }, ConsistentRead: true }),
    );
    return Item as StoredReservation | undefined;
  }

  // A refusal changes no state, so it goes through the outbox, whose item (under the reply's derived id)
  // also remembers that this request was answered.
  async function answer(reply: EventEnvelope): Promise<EventEnvelope> {
    const entry = outbox.entry(reply);
    try {
      await client.send(new PutCommand(entry.Put as ConstructorParameters<typeof PutCommand>[0]));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    await outbox.publishCommitted([reply]);
    return reply;
  }

  // The stock and the record change together; the reply is published after, with no outbox item: if
  // that publish fails the request is redelivered, finds the record and publishes the same reply (same
  // derived id) again (`answerAgain`). The request message is this write's outbox.
  async function commit(items: TransactItem[], reply: EventEnvelope): Promise<EventEnvelope> {
    await client.send(new TransactWriteCommand({ TransactItems: items }));
    await outbox.publishNow([reply]);
    return reply;
  }

  async function answerAgain(reply: EventEnvelope): Promise<EventEnvelope> {
    await outbox.publishNow([reply]);
    return reply;
  }

  function answerExisting(request: StockReservationRequested, reservation: StoredReservation) {
    const { orderId } = request.data;
    const storeId = storeOf(request.data);
    // Order ids are unique across stores, so this is never a real order of this store: nothing of
    // another store's record is told or touched, and no line can be had here.
    if (!belongsTo(reservation, storeId)) {
      const shortLines = mergeLines(request.data.lines).map(({ productId, variantId, quantity }) => ({
        productId,
        ...(variantId === undefined ? {} : { variantId }),
        requested: quantity,
        available: 0,
      }));
      return answer(
        replyTo(stockReservationFailed, { orderId, storeId, reason: 'OUT_OF_STOCK', shortLines }, request),
      );
    }
    const outcome = existingOutcome(reservation);
    const currency = reservation.currency === undefined ? {} : { currency: reservation.currency };
    return outcome.kind === 'reserved'
      ? answerAgain(
          replyTo(
            stockReserved,
            { orderId, storeId, lines: outcome.lines.map(replyLine), ...currency },
            request,
          ),
        )
      : answer(
          replyTo(
            stockReservationFailed,
            { orderId, storeId, reason: outcome.reason, shortLines: [] },
            request,
          ),
        );
  }

  return {
    /**
     * Puts a received return's units back into their variants' stock exactly once per return: the
     * marker (`restockKey`) and every increment are one transaction, the marker conditioned on not
     * existing, so a redelivered or relayed ReturnReceived adds nothing. A unit goes back to its stock
     * item (a hot product's own item, which its reservations take from last). A line whose item is
     * gone or of another store is left out (logged), so the rest still goes back. Answers whether
     * this call restocked.
     */
    async restock(event: ReturnReceived): Promise<boolean> {
      const { returnId, orderId } = event.data;
      const storeId = storeOf(event.data);
      const merged = mergeLines(
        event.data.lines.map(({ productId, variantId, quantity }) => ({ productId, variantId, quantity })),
      );
      let lines = merged;
      for (let attempt = 1; ; attempt += 1) {
        const now = new Date().toISOString();
        const marker: TransactItem = {
          Put: {
            TableName: reservationsTable,
            Item: {
              orderId: restockKey(returnId),
              kind: 'RETURN',
              returnOf: orderId,
              storeId,
              lines: lines.map(stockLineOf),
              restockedAt: now,
              expiresAt: Math.floor(Date.now() / 1000) + RELEASED_RETENTION_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(orderId)',
          },
        };
        const increments = lines.map(
          (line): TransactItem => ({
            Update: {
              TableName: productsTable,
              Key: { productId: stockKeyOf(line) },
              UpdateExpression: 'ADD stock :returned',
              ConditionExpression: `attribute_exists(productId) AND ${
                storeId === LEGACY_STORE_ID
                  ? '(storeId = :store OR attribute_not_exists(storeId))'
                  : 'storeId = :store'
              }`,
              ExpressionAttributeValues: { ':returned': line.quantity, ':store': storeId },
            },
          }),
        );
        try {
          await client.send(new TransactWriteCommand({ TransactItems: [marker, ...increments] }));
          return true;
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons) throw error;
          if (conditionFailed(reasons[0])) return false;
          const gone = lines.filter((_, index) => conditionFailed(reasons[index + 1]));
          if (gone.length > 0) {
            logger.warn('Returned units of an unknown item are not restocked', { returnId, lines: gone });
            lines = lines.filter((line) => !gone.includes(line));
          } else if (attempt >= ATTEMPTS) throw error;
          else await backoff(attempt);
        }
      }
    },

    /**
     * Reserves every line of the order or none, once per order; answers StockReserved or
     * StockReservationFailed. A refusal followed by a redelivery that finds the stock (a release landed
     * in between) may reserve under the refusal's reply id: orders, having rejected the order on the
     * refusal, answers that reservation with a release, so nothing stays held.
     */
    async reserve(request: StockReservationRequested): Promise<EventEnvelope | undefined> {
      const { orderId } = request.data;
      const storeId = storeOf(request.data);
      const plan = planReservation(request.data.lines);
      if (plan.kind === 'refuse') {
        return answer(
          replyTo(stockReservationFailed, { orderId, storeId, reason: plan.reason, shortLines: [] }, request),
        );
      }
      const { lines } = plan;
      const { currency } = request.data;
      const reserved = lines.map(reservedLine);
      // Hot lines: where each takes its units (first a random shard, after a miss a plan from a read).
      const shardPlans = new Map<string, ShardTake[]>();
      for (let attempt = 1; ; attempt += 1) {
        const existing = await readReservation(orderId);
        if (existing) return answerExisting(request, existing);
        const now = new Date().toISOString();
        const takes: TransactItem[] = [];
        // Which line each take is for (a hot line may take from several shards).
        const lineOfTake: number[] = [];
        const recorded: RecordedLine[] = lines.map((line, index) => {
          const key = stockKeyOf(line);
          const shards = hotProducts.get(key);
          if (shards === undefined) {
            takes.push(takeStock(productsTable, storeId, line, currency));
            lineOfTake.push(index);
            return reserved[index] as ReservationLine;
          }
          const plan = shardPlans.get(key) ?? [{ shard: randomInt(shards), quantity: line.quantity }];
          for (const take of plan) {
            const item = take.shard < 0 ? key : shardKey(key, take.shard);
            takes.push(
              takeStock(productsTable, storeId, { ...line, quantity: take.quantity }, currency, item),
            );
            lineOfTake.push(index);
          }
          return { ...(reserved[index] as ReservationLine), shards: plan };
        });
        const record: StoredReservation = {
          orderId,
          storeId,
          status: 'RESERVED',
          lines: recorded,
          ...(currency === undefined ? {} : { currency }),
          reservedAt: now,
        };
        const hold: TransactItem = {
          Put: {
            TableName: reservationsTable,
            Item: record,
            ConditionExpression: 'attribute_not_exists(orderId)',
          },
        };
        const reply = replyTo(
          stockReserved,
          { orderId, storeId, lines: reserved, ...(currency === undefined ? {} : { currency }) },
          request,
        );
        try {
          return await commit([...takes, hold], reply);
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons) throw error;
          // The order got a record meanwhile (a racing copy of this request, or its release): answer that.
          if (conditionFailed(reasons[takes.length])) continue;
          const failedLines = new Set(lineOfTake.filter((_, take) => conditionFailed(reasons[take])));
          // DynamoDB's reading of each failed item at the failure (ALL_OLD) tells short stock from a
          // changed price, with no read of our own; for a hot line, the shards are read to plan again.
          const readings = new Map<string, CatalogReading>();
          // Failed lines that may still be served: a product found hot, a hot line planned afresh.
          const again = new Set<number>();
          for (const index of failedLines) {
            const line = lines[index] as MergedLine;
            const reason = reasons[lineOfTake.indexOf(index)];
            const reading = readingFrom(reason, storeId);
            const key = stockKeyOf(line);
            if (!hotProducts.has(key)) {
              const shards = shardsOf(reason, storeId);
              if (shards !== undefined && !reading?.deleted) {
                // The product's stock moved to shards since this container last saw it: take from those.
                hotProducts.set(key, shards);
                again.add(index);
              } else if (reading) readings.set(key, reading);
              continue;
            }
            if (!reading || reading.deleted) {
              if (reading) readings.set(key, reading);
              continue;
            }
            const shards = hotProducts.get(key) as number;
            const stocks = await shardStocks(key, shards);
            // The product item is the last place to take from (as "shard" -1): it rarely holds anything.
            const next = planShardTakes(line.quantity, stocks, randomInt(shards))?.map((take) =>
              take.shard === shards ? { ...take, shard: -1 } : take,
            );
            const sellable = refusalOf([line], new Map([[key, reading]]), currency).changedPrices;
            if (next && sellable.length === 0) {
              // This shard ran short (or another buyer took it meanwhile); the others have the units.
              shardPlans.set(key, next);
              again.add(index);
            } else readings.set(key, { ...reading, stock: stocks.reduce((a, b) => a + b, 0) });
          }
          const refused = lines.filter((_, index) => failedLines.has(index) && !again.has(index));
          if (refused.length > 0) {
            const refusal = refusalOf(refused, readings, currency);
            return answer(
              replyTo(
                stockReservationFailed,
                {
                  orderId,
                  storeId,
                  reason: refusal.reason,
                  shortLines: refusal.shortLines,
                  ...(refusal.changedPrices.length > 0 ? { changedPrices: refusal.changedPrices } : {}),
                },
                request,
              ),
            );
          }
          // Lost a race (TransactionConflict, or a hot line to plan again): try again. A hot product's
          // buyers collide more, so they get more tries before SQS redelivers.
          if (attempt >= (hotProducts.size > 0 ? HOT_ATTEMPTS : ATTEMPTS)) throw error;
          await backoff(Math.min(attempt, 5));
        }
      }
    },

    /**
     * Gives the order's reserved units back exactly once (RESERVED → RELEASED with the stock, in one
     * transaction). A release with no reservation yet leaves a RELEASED record that refuses the late one.
     */
    async release(request: StockReleaseRequested): Promise<EventEnvelope> {
      const { orderId, reason } = request.data;
      const storeId = storeOf(request.data);
      for (let attempt = 1; ; attempt += 1) {
        const existing = await readReservation(orderId);
        const now = new Date().toISOString();
        const expiresAt = Math.floor(Date.now() / 1000) + RELEASED_RETENTION_SECONDS;
        // Another store's record (order ids are unique across stores, so never this store's order):
        // nothing of it is given back here.
        if (existing && !belongsTo(existing, storeId))
          return answerAgain(replyTo(stockReleased, { orderId, storeId, lines: [] }, request));
        if (existing?.status === 'RELEASED') {
          const lines = existing.lines.map(stockLineOf);
          return answerAgain(replyTo(stockReleased, { orderId, storeId, lines }, request));
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
              // A hot product's units go back to the shards they came from.
              ...existing.lines.flatMap((line): TransactItem[] =>
                (line.shards ?? [{ shard: -1, quantity: line.quantity }]).map((take) => ({
                  Update: {
                    TableName: productsTable,
                    Key: {
                      productId: take.shard < 0 ? stockKeyOf(line) : shardKey(stockKeyOf(line), take.shard),
                    },
                    UpdateExpression: 'ADD stock :returned',
                    ExpressionAttributeValues: { ':returned': take.quantity },
                  },
                })),
              ),
            ]
          : [
              {
                Put: {
                  TableName: reservationsTable,
                  Item: {
                    orderId,
                    storeId,
                    status: 'RELEASED',
                    lines: [],
                    releasedAt: now,
                    reason,
                    expiresAt,
                  },
                  ConditionExpression: 'attribute_not_exists(orderId)',
                },
              },
            ];
        const lines: StockLine[] = (existing?.lines ?? []).map(stockLineOf);
        try {
          return await commit(items, replyTo(stockReleased, { orderId, storeId, lines }, request));
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
