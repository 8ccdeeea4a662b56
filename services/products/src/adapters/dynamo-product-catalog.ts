import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@shop/errors';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod';
import type { CatalogPage, CatalogQuery, ProductCatalog } from '../domain/catalog-page.ts';
import { catalogNameKey, type Product } from '../domain/product.ts';

const CATEGORY_INDEX = 'byCategory';

// What a cursor may hold: exactly the keys DynamoDB needs to resume, nothing a client could abuse.
const tableCursor = z.object({ productId: z.string().min(1) }).strict();
const categoryCursor = z
  .object({ productId: z.string().min(1), category: z.string().min(1), nameKey: z.string().min(1) })
  .strict();

type StoredProduct = Product & { nameKey: string };

function toProduct({ nameKey: _nameKey, ...stored }: StoredProduct): Product {
  return stored;
}

/** The catalog in the products table: one item per product, a category index sorted by name. */
export function dynamoProductCatalog(options: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): ProductCatalog {
  const { tableName, client } = options;

  async function listCategory(category: string, limit: number, cursor?: string) {
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, categoryCursor);
    if (startKey && startKey.category !== category) {
      throw new ValidationError('The cursor belongs to another listing.', [
        { field: 'cursor', message: 'does not belong to this category listing' },
      ]);
    }
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: CATEGORY_INDEX,
        KeyConditionExpression: 'category = :category',
        ExpressionAttributeValues: { ':category': category },
        ExclusiveStartKey: startKey,
        // One more than asked tells whether another page exists without an empty last page.
        Limit: limit + 1,
      }),
    );
    return (result.Items ?? []) as StoredProduct[];
  }

  async function listAll(limit: number, cursor?: string) {
    const startKey = cursor === undefined ? undefined : decodeCursor(cursor, tableCursor);
    // A page of the whole catalog reads only `limit + 1` items, never the whole table.
    const result = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, Limit: limit + 1 }),
    );
    return (result.Items ?? []) as StoredProduct[];
  }

  return {
    async find(productId) {
      const result = await client.send(new GetCommand({ TableName: tableName, Key: { productId } }));
      return result.Item ? toProduct(result.Item as StoredProduct) : undefined;
    },

    async list({ category, limit, cursor }: CatalogQuery): Promise<CatalogPage> {
      const stored = category ? await listCategory(category, limit, cursor) : await listAll(limit, cursor);
      const page = stored.slice(0, limit);
      const last = page.at(-1);
      const hasMore = stored.length > limit && last !== undefined;
      const nextKey =
        hasMore && category
          ? { productId: last.productId, category: last.category, nameKey: last.nameKey }
          : hasMore
            ? { productId: last.productId }
            : undefined;
      return { items: page.map(toProduct), nextCursor: nextKey ? encodeCursor(nextKey) : null };
    },

    async save(products) {
      // BatchWrite takes 25 items at a time; unprocessed items are retried until none are left.
      for (let start = 0; start < products.length; start += 25) {
        let requests: NonNullable<
          ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
        >[string] = products.slice(start, start + 25).map((item) => ({
          PutRequest: { Item: { ...item, nameKey: catalogNameKey(item.name, item.productId) } },
        }));
        while (requests.length > 0) {
          const result = await client.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
          );
          requests = result.UnprocessedItems?.[tableName] ?? [];
        }
      }
    },
  };
}
