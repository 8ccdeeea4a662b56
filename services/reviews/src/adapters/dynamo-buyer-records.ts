import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, conditionFailed, isConditionFailure } from '@shop/aws';
import type { BuyerRecords, Purchase } from '../domain/buyers.ts';

/** The item of a user's name or erased mark. */
export const PROFILE_ENTRY = 'profile';
const BOUGHT = 'bought#';
/** The item of a product a user received in a store. */
export const purchaseEntryOf = (purchase: Purchase) => `${BOUGHT}${purchase.storeId}#${purchase.productId}`;

// A transaction holds 100 items: the check of the erased mark and 99 purchases at most.
const PURCHASES_PER_TRANSACTION = 99;
// BatchWriteItem takes 25 requests; what DynamoDB leaves unprocessed is sent again.
const BATCH = 25;
const ATTEMPTS = 5;

const notErased = 'attribute_not_exists(erasedAt)';

/**
 * The buyers table: one partition per user (`userId`) holding `profile` (their display name, or the
 * mark that they were erased) and one `bought#<storeId>#<productId>` item per product delivered to
 * them in a store. Purchases are written only while the profile holds no erased mark (a condition
 * check in the same transaction), so an OrderDelivered that arrives after the erasure records nothing.
 */
export function dynamoBuyerRecords(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): BuyerRecords {
  const { tableName, client } = options;

  async function deleteKeys(keys: Array<Record<string, unknown>>): Promise<void> {
    for (let start = 0; start < keys.length; start += BATCH) {
      let requests = keys.slice(start, start + BATCH).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > ATTEMPTS)
          throw new Error(`${requests.length} purchase records were left after ${ATTEMPTS} attempts`);
        const { UnprocessedItems } = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  return {
    async standing(userId, storeId, productId) {
      // Strongly consistent: a delivery recorded a moment ago counts.
      const get = (entry: string) =>
        client.send(new GetCommand({ TableName: tableName, Key: { userId, entry }, ConsistentRead: true }));
      const [purchase, profile] = await Promise.all([
        get(purchaseEntryOf({ storeId, productId })),
        get(PROFILE_ENTRY),
      ]);
      const name = profile.Item?.name;
      return {
        received: purchase.Item !== undefined,
        name: typeof name === 'string' ? name : undefined,
        erased: profile.Item?.erasedAt !== undefined,
      };
    },

    async recordPurchases(userId, purchases, order) {
      for (let start = 0; start < purchases.length; start += PURCHASES_PER_TRANSACTION) {
        const chunk = purchases.slice(start, start + PURCHASES_PER_TRANSACTION);
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: tableName,
                    Key: { userId, entry: PROFILE_ENTRY },
                    ConditionExpression: notErased,
                  },
                },
                // The same content for the same delivery, so a redelivered event changes nothing.
                ...chunk.map((purchase) => ({
                  Put: {
                    TableName: tableName,
                    Item: {
                      userId,
                      entry: purchaseEntryOf(purchase),
                      storeId: purchase.storeId,
                      productId: purchase.productId,
                      orderId: order.orderId,
                      deliveredAt: order.deliveredAt,
                    },
                  },
                })),
              ],
            }),
          );
        } catch (error) {
          if (conditionFailed(cancellationReasons(error)?.[0])) return 'erased';
          throw error;
        }
      }
      return 'recorded';
    },

    async recordName(userId, name) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { userId, entry: PROFILE_ENTRY, name },
            ConditionExpression: notErased,
          }),
        );
        return 'recorded';
      } catch (error) {
        if (isConditionFailure(error)) return 'erased';
        throw error;
      }
    },

    async markErased(userId, at) {
      // Also for a user not heard of yet: their UserRegistered may still be on its way.
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { userId, entry: PROFILE_ENTRY },
          UpdateExpression: 'SET erasedAt = if_not_exists(erasedAt, :at) REMOVE #name',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    },

    async purchasesOf(userId) {
      const purchases: Purchase[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'userId = :userId AND begins_with(entry, :bought)',
          ExpressionAttributeValues: { ':userId': userId, ':bought': BOUGHT },
          ProjectionExpression: 'storeId, productId',
          ConsistentRead: true,
        },
      );
      for await (const { Items = [] } of pages)
        for (const item of Items)
          purchases.push({ storeId: String(item.storeId), productId: String(item.productId) });
      return purchases;
    },

    async forgetPurchases(userId, purchases) {
      await deleteKeys(purchases.map((purchase) => ({ userId, entry: purchaseEntryOf(purchase) })));
    },
  };
}
