import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@shop/aws';
import { canonicalCode, type PromotionChanged } from '@shop/contracts';
import type { PromotionView } from '../domain/pricing.ts';

/** The carts' copy of every store's promotion codes, kept from PromotionChanged (orders owns them). */
export interface PromotionReadModel {
  /** The store's promotion with that code (any case), or undefined when unknown or deleted. */
  find(storeId: string, code: string): Promise<PromotionView | undefined>;
  /** Applies a change unless a newer version is already held; answers whether it applied. */
  apply(change: PromotionChanged['data']): Promise<'applied' | 'stale'>;
}

type PromotionItem = PromotionView & { storeId: string; version: number; deleted?: boolean };

/**
 * The promotion read model in DynamoDB: partition `storeId`, sort `code` (upper case). A deleted code
 * stays as a tombstone with its version, so a late, older event cannot bring it back.
 */
export function dynamoPromotionReadModel(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): PromotionReadModel {
  const { tableName, client } = options;
  return {
    async find(storeId, code) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { storeId, code: canonicalCode(code) } }),
      );
      const item = Item as PromotionItem | undefined;
      if (!item || item.deleted) return undefined;
      const { storeId: _store, version: _version, deleted: _deleted, ...view } = item;
      return view;
    },

    async apply(change) {
      const item: PromotionItem = {
        ...change.promotion,
        storeId: change.storeId,
        version: change.version,
        ...(change.deleted ? { deleted: true } : {}),
      };
      try {
        // Events arrive in any order and more than once: only a higher version replaces what is held.
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(code) OR version < :version',
            ExpressionAttributeValues: { ':version': change.version },
          }),
        );
        return 'applied';
      } catch (error) {
        if (isConditionFailure(error)) return 'stale';
        throw error;
      }
    },
  };
}
