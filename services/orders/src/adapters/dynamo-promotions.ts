import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed, lostRace } from '@shop/aws';
import { ValidationError } from '@shop/errors';
import type { EventEnvelope, TransactionalOutbox } from '@shop/events';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import type { PromotionClaim, StoredOrder } from '../domain/order.ts';
import { OrderChangedError } from '../domain/order-store.ts';
import {
  PromotionChangedError,
  type PromotionStore,
  type StoredPromotion,
  toPromotionView,
} from '../domain/promotion-uses.ts';

// One partition per store: `P#<CODE>` is a promotion (or its tombstone), `C#<CODE>#<createdAt>#<userId>`
// a customer's count of confirmed uses of that promotion (a code created again counts afresh).
const promotionKey = (code: string) => `P#${code}`;
const customerKey = (claim: PromotionClaim, userId: string) => `C#${claim.code}#${claim.createdAt}#${userId}`;

type PromotionItem = StoredPromotion & { key: string };
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const cursorKey = z.strictObject({
  storeId: z.string().check(z.minLength(1), z.maxLength(64)),
  after: z.string().check(z.minLength(1), z.maxLength(64)),
});

function stored(item: PromotionItem): StoredPromotion {
  const { key: _key, ...promotion } = item;
  return promotion;
}

/**
 * Promotions in DynamoDB (the orders service's promotions table). Every write is one transaction with
 * its PromotionChanged in the outbox, conditioned on the version read; counting a use also writes the
 * order (orders table) and the customer's count, so the three agree whatever runs concurrently.
 */
export function dynamoPromotions(options: {
  tableName: string;
  ordersTableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): PromotionStore {
  const { tableName, ordersTableName, client, outbox } = options;

  function promotionPut(next: StoredPromotion, expectedVersion: number): TransactItem {
    const item: PromotionItem = { ...next, key: promotionKey(next.code) };
    return {
      Put: {
        TableName: tableName,
        Item: item,
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(#key)', ExpressionAttributeNames: { '#key': 'key' } }
          : {
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': expectedVersion },
            }),
      },
    };
  }

  async function commit(items: TransactItem[], events: EventEnvelope[]) {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [...items, ...events.map((event) => outbox.entry(event))],
      }),
    );
    await outbox.publishCommitted(events);
  }

  return {
    async find(storeId, code) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { storeId, key: promotionKey(code) },
          ConsistentRead: true,
        }),
      );
      return Item ? stored(Item as PromotionItem) : undefined;
    },

    async list(storeId, query) {
      let after: string | undefined;
      if (query.cursor) {
        const cursor = decodeCursor(query.cursor, cursorKey);
        if (cursor.storeId !== storeId)
          throw new ValidationError('Invalid cursor.', [
            { field: 'cursor', message: 'The cursor belongs to another store' },
          ]);
        after = cursor.after;
      }
      const items: PromotionItem[] = [];
      let startKey: Record<string, unknown> | undefined = after ? { storeId, key: after } : undefined;
      let more = false;
      // Tombstones are filtered out, so a page is read until it is full or the store has no more.
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'storeId = :store AND begins_with(#key, :prefix)',
            FilterExpression: 'attribute_not_exists(deleted)',
            ExpressionAttributeNames: { '#key': 'key' },
            ExpressionAttributeValues: { ':store': storeId, ':prefix': 'P#' },
            ExclusiveStartKey: startKey,
            Limit: query.limit + 1 - items.length,
          }),
        );
        items.push(...((result.Items ?? []) as PromotionItem[]));
        startKey = result.LastEvaluatedKey;
        more = startKey !== undefined;
      } while (more && items.length <= query.limit);
      const pageItems = items.slice(0, query.limit);
      const last = pageItems.at(-1);
      const hasNext = items.length > query.limit || (more && items.length === query.limit);
      return {
        items: pageItems.map((item) => toPromotionView(stored(item))),
        nextCursor: hasNext && last ? encodeCursor({ storeId, after: last.key }) : null,
      };
    },

    async save(next, expectedVersion, event) {
      try {
        await commit([promotionPut(next, expectedVersion)], [event]);
      } catch (error) {
        if (cancellationReasons(error)?.some(lostRace)) throw new PromotionChangedError(next.code);
        throw error;
      }
    },

    async claim(order, claim, next, perCustomerLimit, event) {
      const items: TransactItem[] = [
        {
          Update: {
            TableName: ordersTableName,
            Key: { orderId: order.orderId },
            UpdateExpression: 'SET promotionClaim = :claim',
            ConditionExpression: '#status = :pending AND attribute_not_exists(promotionClaim)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claim': claim, ':pending': 'PENDING' },
          },
        },
        promotionPut(next, next.version - 1),
      ];
      if (perCustomerLimit !== undefined)
        items.push({
          Update: {
            TableName: tableName,
            Key: { storeId: order.storeId, key: customerKey(claim, order.userId) },
            UpdateExpression: 'ADD uses :one',
            ConditionExpression: 'attribute_not_exists(uses) OR uses < :limit',
            ExpressionAttributeValues: { ':one': 1, ':limit': perCustomerLimit },
          },
        });
      try {
        await commit(items, [event]);
        return 'claimed';
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (conditionFailed(reasons[0])) throw new OrderChangedError(order.orderId);
        if (conditionFailed(reasons[2])) return 'customer-limit';
        if (reasons.some(lostRace)) throw new PromotionChangedError(next.code);
        throw error;
      }
    },

    async release(order: StoredOrder, claim, next, event) {
      const items: TransactItem[] = [
        {
          Update: {
            TableName: ordersTableName,
            Key: { orderId: order.orderId },
            UpdateExpression: 'REMOVE promotionClaim',
            ConditionExpression: 'attribute_exists(promotionClaim)',
          },
        },
      ];
      if (next) items.push(promotionPut(next, next.version - 1));
      if (claim.perCustomer)
        items.push({
          Update: {
            TableName: tableName,
            Key: { storeId: order.storeId, key: customerKey(claim, order.userId) },
            UpdateExpression: 'ADD uses :minusOne',
            ConditionExpression: 'uses > :zero',
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          },
        });
      try {
        await commit(items, event ? [event] : []);
        return true;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        // Given back already (a redelivered rejection or cancel).
        if (conditionFailed(reasons[0])) return false;
        if (reasons.some(lostRace)) throw new PromotionChangedError(claim.code);
        throw error;
      }
    },
  };
}
