import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, isConditionFailure, lostRace } from '@shop/aws';
import { DEFAULT_STORE_ID } from '@shop/contracts';
import type { EventEnvelope, TransactionalOutbox } from '@shop/events';
import { OrderChangedError } from '../domain/order-store.ts';
import type { ReturnStore, ReturnsChange } from '../domain/returns.ts';

/**
 * The returns of an order in its own item (`returns`, a list; `refundedTotal`; `returnsVersion`).
 * Every write sets the whole list, conditioned on the version it was decided from (and on the order
 * being DELIVERED, in its store); a change with events is one transaction with their outbox items.
 */
export function dynamoOrderReturns(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
  outbox: TransactionalOutbox;
}): ReturnStore {
  const { tableName, client, outbox } = options;

  function update(change: ReturnsChange) {
    const inStore =
      change.storeId === DEFAULT_STORE_ID
        ? '(attribute_not_exists(storeId) OR storeId = :store)'
        : 'storeId = :store';
    const version =
      change.version === 0 ? 'attribute_not_exists(returnsVersion)' : 'returnsVersion = :version';
    return {
      TableName: tableName,
      Key: { orderId: change.orderId },
      UpdateExpression:
        'SET #returns = :returns, refundedTotal = :refundedTotal, returnsVersion = :next, updatedAt = :at',
      ConditionExpression: `${version} AND #status = :delivered AND ${inStore}`,
      ExpressionAttributeNames: { '#returns': 'returns', '#status': 'status' },
      ExpressionAttributeValues: {
        ':returns': change.returns,
        ':refundedTotal': change.refundedTotal,
        ':next': change.version + 1,
        ':at': change.at,
        ':delivered': 'DELIVERED',
        ':store': change.storeId,
        ...(change.version === 0 ? {} : { ':version': change.version }),
      },
    };
  }

  return {
    async write(change, events: EventEnvelope[]) {
      if (events.length === 0) {
        try {
          await client.send(new UpdateCommand(update(change)));
        } catch (error) {
          if (isConditionFailure(error)) throw new OrderChangedError(change.orderId);
          throw error;
        }
        return;
      }
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: update(change) }, ...events.map((event) => outbox.entry(event))],
          }),
        );
      } catch (error) {
        // A concurrent transaction on the order (TransactionConflict) lost the same race: read again.
        if (lostRace(cancellationReasons(error)?.[0])) throw new OrderChangedError(change.orderId);
        throw error;
      }
      await outbox.publishCommitted(events);
    },
  };
}
