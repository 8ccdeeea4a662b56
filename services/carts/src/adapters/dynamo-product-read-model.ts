import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@shop/aws';
import { DEFAULT_STORE_ID, type ProductChanged, storeOf } from '@shop/contracts';
import type { ProductView, VariantView } from '../domain/product-view.ts';

/** How long a deleted product's tombstone outlives the delete: longer than any queue keeps a message. */
const TOMBSTONE_TTL_SECONDS = 30 * 24 * 60 * 60;
const BATCH_GET_LIMIT = 100;

/** The carts' copy of the catalog of every store: what a cart may hold and at what price. */
export interface ProductReadModel {
  /** A sellable product of the store, or undefined when unknown, deleted or another store's. */
  find(storeId: string, productId: string): Promise<ProductView | undefined>;
  /** The sellable ones of the store among `productIds`. */
  findMany(storeId: string, productIds: readonly string[]): Promise<Map<string, ProductView>>;
  /** Applies a catalog change unless a newer revision is already held; answers whether it applied. */
  apply(change: ProductChanged['data']): Promise<'applied' | 'stale'>;
}

/**
 * One item per product: the view (with its variants, when the event named them), or for a deleted
 * product a tombstone (`deleted`, `revision`, no name or price) that keeps a late, older event from
 * bringing it back; TTL removes tombstones.
 */
type StoredProduct =
  | (ProductView & { deleted?: false })
  | { productId: string; storeId: string; revision: number; deleted: true; expiresAt: number };

/** The store's sellable product in the item; another store's product is as unknown as a missing one. */
const toView = (storeId: string, item: Record<string, unknown> | undefined): ProductView | undefined => {
  // A view written before stores has no `storeId`: it is main's.
  if (!item || item.deleted === true || storeOf(item as { storeId?: string }) !== storeId) return undefined;
  // One written before variants, or of a product without them, has no `variants`: its one variant is itself.
  const { productId, name, unitPrice, currency, revision, variants } = item as ProductView;
  return { productId, storeId, name, unitPrice, currency, revision, ...(variants ? { variants } : {}) };
};

/** The variants a change sells, as a cart prices them; none for one from before variants. */
const variantsOfChange = (change: ProductChanged['data']): VariantView[] | undefined =>
  change.variants?.map(({ variantId, sku, options, price }) => ({
    variantId,
    sku,
    options,
    unitPrice: price,
  }));

/**
 * The product read model in DynamoDB (partition key `productId`: product ids are unique across
 * stores, so the key stays; every read checks the item's `storeId`).
 */
export function dynamoProductReadModel(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): ProductReadModel {
  const { tableName, client } = options;
  return {
    async find(storeId, productId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { productId } }));
      return toView(storeId, Item);
    },

    async findMany(storeId, productIds) {
      const found = new Map<string, ProductView>();
      const unique = [...new Set(productIds)];
      for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
        let keys: Array<Record<string, unknown>> | undefined = unique
          .slice(start, start + BATCH_GET_LIMIT)
          .map((productId) => ({ productId }));
        // DynamoDB may answer part of a batch; ask again for the rest.
        while (keys && keys.length > 0) {
          const answer: BatchGetCommandOutput = await client.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
          );
          for (const item of answer.Responses?.[tableName] ?? []) {
            const view = toView(storeId, item);
            if (view) found.set(view.productId, view);
          }
          keys = answer.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return found;
    },

    async apply(change) {
      const storeId = storeOf(change);
      const variants = variantsOfChange(change);
      const item: StoredProduct = change.deleted
        ? {
            productId: change.productId,
            storeId,
            revision: change.revision,
            deleted: true,
            expiresAt: Math.floor(Date.now() / 1000) + TOMBSTONE_TTL_SECONDS,
          }
        : {
            productId: change.productId,
            storeId,
            name: change.name,
            unitPrice: change.price,
            currency: change.currency,
            revision: change.revision,
            ...(variants && variants.length > 0 ? { variants } : {}),
          };
      try {
        // Events arrive in any order and more than once: only a higher revision replaces what is held,
        // and only within the product's store (a view from before stores is main's).
        const sameStore =
          storeId === DEFAULT_STORE_ID
            ? '(attribute_not_exists(storeId) OR storeId = :store)'
            : 'storeId = :store';
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: `attribute_not_exists(productId) OR (revision < :revision AND ${sameStore})`,
            ExpressionAttributeValues: { ':revision': change.revision, ':store': storeId },
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
