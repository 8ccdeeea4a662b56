import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed, isConditionFailure } from '@shop/aws';
import { orderStatus } from '@shop/contracts';
import type { EventEnvelope, TransactionalOutbox } from '@shop/events';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import { type StatusChange, type StoredOrder, toOrderView } from '../domain/order.ts';
import {
  OrderChangedError,
  type OrderPage,
  type OrderQuery,
  type OrderStore,
} from '../domain/order-store.ts';

/** GSI: a user's orders, newest first (partition `userId`, sort `createdKey`). */
export const BY_USER_INDEX = 'byUser';
/** GSI: every order in one status, newest first (partition `status`, sort `createdKey`). */
export const BY_STATUS_INDEX = 'byStatus';

/** The stored item: the order plus `createdKey` (`createdAt#orderId`), unique and ordered by time. */
type OrderItem = StoredOrder & { createdKey: string; stockReleasedAt?: string };

const cursorKey = z.strictObject({ before: z.string().check(z.minLength(1), z.maxLength(300)) });

/**
 * Orders in DynamoDB. A route's change is one transaction with its outbox entries; a change a queue
 * message causes is one conditional write, then its events published (the message is its outbox).
 * Both are conditional on the status they were decided from; lists are Queries on the two indexes.
 */
export function dynamoOrderStore(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): OrderStore {
  const { tableName, client, outbox } = options;

  /** Up to `want` items of one index partition below the cursor, newest first, matching `status` if given. */
  async function newestFirst(request: {
    index: string;
    partition: { name: string; value: string };
    status?: string | undefined;
    before?: string | undefined;
    want: number;
  }): Promise<OrderItem[]> {
    const filterOnStatus = request.status !== undefined && request.partition.name !== 'status';
    const found: OrderItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: request.index,
          KeyConditionExpression: `#partition = :partition${request.before ? ' AND createdKey < :before' : ''}`,
          ...(filterOnStatus ? { FilterExpression: '#status = :status' } : {}),
          ExpressionAttributeNames: {
            '#partition': request.partition.name,
            ...(filterOnStatus ? { '#status': 'status' } : {}),
          },
          ExpressionAttributeValues: {
            ':partition': request.partition.value,
            ...(request.before ? { ':before': request.before } : {}),
            ...(filterOnStatus ? { ':status': request.status } : {}),
          },
          ScanIndexForward: false,
          Limit: request.want - found.length,
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...((result.Items ?? []) as OrderItem[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey && found.length < request.want);
    return found;
  }

  // One more than the page is read, so a next page is announced only when there is one.
  function pageOf(items: OrderItem[], limit: number): OrderPage {
    const sorted = items.toSorted((a, b) => (a.createdKey < b.createdKey ? 1 : -1));
    const pageItems = sorted.slice(0, limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems.map(toOrderView),
      nextCursor: sorted.length > limit && last ? encodeCursor({ before: last.createdKey }) : null,
    };
  }

  const before = (query: OrderQuery) =>
    query.cursor ? decodeCursor(query.cursor, cursorKey).before : undefined;

  /** The status change as a conditional Update: only from the status it was decided on. */
  function statusUpdate(change: StatusChange) {
    const values: Record<string, unknown> = {
      ':from': change.from,
      ':to': change.to,
      ':at': change.at,
      ':entry': [{ status: change.to, at: change.at, ...(change.reason ? { reason: change.reason } : {}) }],
    };
    const sets = ['#status = :to', 'updatedAt = :at', 'history = list_append(history, :entry)'];
    if (change.reason) {
      sets.push('reason = :reason');
      values[':reason'] = change.reason;
    }
    if (change.payment) {
      sets.push('payment = :payment');
      values[':payment'] = change.payment;
    }
    return {
      TableName: tableName,
      Key: { orderId: change.orderId },
      UpdateExpression: `SET ${sets.join(', ')}`,
      // The guard that makes racing transitions safe: only from the status it was decided on.
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    };
  }

  return {
    async find(orderId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { orderId }, ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const { createdKey: _key, stockReleasedAt: _released, ...order } = Item as OrderItem;
      return order;
    },

    async create(order, events) {
      const item: OrderItem = { ...order, createdKey: `${order.createdAt}#${order.orderId}` };
      // One conditional Put, no transaction: the CheckoutRequested message is this write's outbox.
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(orderId)',
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
      await outbox.publishNow(events);
      return true;
    },

    async apply(change, events) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: statusUpdate(change) }, ...events.map((event) => outbox.entry(event))],
          }),
        );
      } catch (error) {
        if (conditionFailed(cancellationReasons(error)?.[0])) throw new OrderChangedError(change.orderId);
        throw error;
      }
      await outbox.publishCommitted(events);
    },

    async applyNow(change, events) {
      try {
        await client.send(new UpdateCommand(statusUpdate(change)));
      } catch (error) {
        if (isConditionFailure(error)) throw new OrderChangedError(change.orderId);
        throw error;
      }
      await outbox.publishNow(events);
    },

    async send(events: EventEnvelope[]) {
      await outbox.publishNow(events);
    },

    async recordPayment(orderId, payment) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { orderId },
          UpdateExpression: 'SET payment = :payment',
          ConditionExpression: 'attribute_exists(orderId)',
          ExpressionAttributeValues: { ':payment': payment },
        }),
      );
    },

    async recordStockReleased(orderId, at) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { orderId },
          UpdateExpression: 'SET stockReleasedAt = if_not_exists(stockReleasedAt, :at)',
          ConditionExpression: 'attribute_exists(orderId)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    },

    async listOfUser(userId, query) {
      const items = await newestFirst({
        index: BY_USER_INDEX,
        partition: { name: 'userId', value: userId },
        status: query.status,
        before: before(query),
        want: query.limit + 1,
      });
      return pageOf(items, query.limit);
    },

    async listAll(query) {
      const cursor = before(query);
      // Without a status, the newest of every status partition, merged.
      const statuses = query.status ? [query.status] : orderStatus.options;
      const partitions = await Promise.all(
        statuses.map((status) =>
          newestFirst({
            index: BY_STATUS_INDEX,
            partition: { name: 'status', value: status },
            before: cursor,
            want: query.limit + 1,
          }),
        ),
      );
      return pageOf(partitions.flat(), query.limit);
    },
  };
}
