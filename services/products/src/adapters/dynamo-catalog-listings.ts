import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ProductSort } from '@shop/contracts';
import { ValidationError } from '@shop/errors';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import { type ListedProduct, listingKeys, pad } from '../domain/listing-keys.ts';
import { shelfOf, storeCategoryOf } from '../domain/store-keys.ts';

export type { ListedProduct };
export { listingKeys };

// The catalog's sorted listings (API.md "Catalog queries"): one small item per live product in the
// listings table, holding only the keys of the sorts other than by name (price, newest, rating) with
// the price. Its six keys-only indexes (each sort over the store's whole catalog and over one category)
// answer a sorted page with one Query, and a price range of the price sort is the Query's key
// condition. The item is written in the product's own transaction only when one of those keys
// changes, so a reservation (stock) never writes here, and a rating change writes it once.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The sorts these indexes serve, each its key attribute and direction (`name` is the products table's). */
export const LISTING_SORTS = {
  price: { key: 'priceKey', forward: true },
  '-price': { key: 'priceKey', forward: false },
  newest: { key: 'newestKey', forward: false },
  rating: { key: 'ratingKey', forward: false },
} as const;
export type ListingSort = Exclude<ProductSort, 'name'>;

/** The index that serves `sort` over the whole catalog (`shelf`) or one category. */
const indexOf = (sort: ListingSort, scope: 'shelf' | 'storeCategory') =>
  `${scope === 'shelf' ? 'shelf' : 'category'}By${{ price: 'Price', '-price': 'Price', newest: 'Newest', rating: 'Rating' }[sort]}`;

/** A listing cursor: the index keys to resume from and what the page was asked for (sort and filters). */
const listingCursor = z.strictObject({
  productId: z.string().check(z.minLength(1)),
  part: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  asked: z.string(),
});

export type ListingQuery = {
  storeId: string;
  category?: string | undefined;
  sort: ListingSort;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  limit: number;
  cursor?: string | undefined;
  /** Sort and filters as one string: a cursor answers only the listing it was issued for. */
  asked: string;
};

/** A listing item as stored: the sort keys, and the store and category its facet counts it in. */
export type ListingItem = ReturnType<typeof listingItemOf>;

function listingItemOf(product: ListedProduct) {
  return {
    productId: product.productId,
    storeId: product.storeId,
    category: product.category,
    shelf: shelfOf(product.storeId),
    storeCategory: storeCategoryOf(product.storeId, product.category),
    price: product.price,
    ...listingKeys(product),
  };
}

/** What a facets answer is made of (API.md "Catalog queries"). */
export type Facets = {
  categories: { value: string; count: number }[];
  priceRange: { min: number | null; max: number | null };
};

export function dynamoCatalogListings(options: {
  tableName: string;
  countsTableName: string;
  client: DynamoDBDocumentClient;
}) {
  const { tableName, countsTableName, client } = options;
  const count = (storeId: string, category: string, by: 1 | -1): TransactItem => ({
    Update: {
      TableName: countsTableName,
      Key: { storeId, category },
      UpdateExpression: 'ADD #count :by',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':by': by },
    },
  });

  /** The lowest or highest price of a partition of the price index; null when it holds nothing. */
  async function edgePrice(scope: 'shelf' | 'storeCategory', partition: string, lowest: boolean) {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexOf('price', scope),
        KeyConditionExpression: '#part = :part',
        ExpressionAttributeNames: { '#part': scope },
        ExpressionAttributeValues: { ':part': partition },
        ScanIndexForward: lowest,
        Limit: 1,
      }),
    );
    const price = Items?.[0]?.price;
    return price === undefined ? null : Number(price);
  }

  return {
    /** A product's listing item as it is now (consistent), to change it exactly. */
    async read(productId: string): Promise<ListingItem | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { productId }, ConsistentRead: true }),
      );
      return Item as ListingItem | undefined;
    },

    /**
     * The writes that make the listing item match `next` (undefined: not live), over the item as read,
     * with the facet counts: a product is counted in its store's category exactly while it has a
     * listing item, so each count moves in the same transaction as that item. None when nothing changed.
     */
    changes(next: ListedProduct | undefined, listed: ListingItem | undefined): TransactItem[] {
      if (!next)
        return listed
          ? [
              {
                Delete: {
                  TableName: tableName,
                  Key: { productId: listed.productId },
                  ConditionExpression: 'attribute_exists(productId)',
                },
              },
              count(listed.storeId, listed.category, -1),
            ]
          : [];
      const item = listingItemOf(next);
      const same =
        listed !== undefined &&
        Object.entries(item).every(([name, value]) => listed[name as keyof ListingItem] === value);
      if (same) return [];
      const put: TransactItem = {
        Put: {
          TableName: tableName,
          Item: item,
          // As read (a concurrent change of it also changes the product's revision, which fails the
          // product's own condition in this transaction).
          ConditionExpression: listed ? 'attribute_exists(productId)' : 'attribute_not_exists(productId)',
        },
      };
      if (!listed) return [put, count(next.storeId, next.category, 1)];
      return listed.category === next.category
        ? [put]
        : [put, count(listed.storeId, listed.category, -1), count(next.storeId, next.category, 1)];
    },

    /**
     * The store's categories with how many live products each (or only `category`'s), and the price
     * range of that selection: the counts table and the two ends of the price index, never a scan.
     */
    async facets(storeId: string, category?: string): Promise<Facets> {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: countsTableName,
          KeyConditionExpression:
            category === undefined ? 'storeId = :store' : 'storeId = :store AND #category = :category',
          ...(category === undefined ? {} : { ExpressionAttributeNames: { '#category': 'category' } }),
          ExpressionAttributeValues: {
            ':store': storeId,
            ...(category === undefined ? {} : { ':category': category }),
          },
        }),
      );
      const categories = (Items ?? [])
        .map((item) => ({ value: String(item.category), count: Number(item.count ?? 0) }))
        .filter((item) => item.count > 0)
        .sort((a, b) => a.value.localeCompare(b.value));
      const scope = category === undefined ? 'shelf' : 'storeCategory';
      const partition = category === undefined ? shelfOf(storeId) : storeCategoryOf(storeId, category);
      const [min, max] = await Promise.all([
        edgePrice(scope, partition, true),
        edgePrice(scope, partition, false),
      ]);
      return { categories, priceRange: { min, max } };
    },

    /** A page of product ids in the order of `sort`, within the price range, and the cursor after it. */
    async page(query: ListingQuery): Promise<{ productIds: string[]; nextCursor: string | null }> {
      const scope = query.category === undefined ? 'shelf' : 'storeCategory';
      const partition =
        query.category === undefined
          ? shelfOf(query.storeId)
          : storeCategoryOf(query.storeId, query.category);
      const { key, forward } = LISTING_SORTS[query.sort];
      const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, listingCursor);
      if (start && (start.part !== partition || start.asked !== query.asked))
        throw new ValidationError('The cursor belongs to another listing.', [
          { field: 'cursor', message: 'was issued for another store, sort or filter' },
        ]);
      const min = query.minPrice;
      const max = query.maxPrice;
      const bounded = min !== undefined || max !== undefined;
      const byPrice = key === 'priceKey';
      const names: Record<string, string> = { '#part': scope };
      const values: Record<string, unknown> = { ':part': partition };
      let condition = '#part = :part';
      let filter: string | undefined;
      if (bounded && byPrice) {
        // The price sort's range is its key condition: only the products in range are read.
        condition += ' AND #key BETWEEN :low AND :high';
        names['#key'] = key;
        values[':low'] = `${pad(min ?? 0, 12)}#`;
        values[':high'] = `${pad(max ?? 1e12 - 1, 12)}#\uffff`;
      } else if (bounded) {
        filter = '#price BETWEEN :min AND :max';
        names['#price'] = 'price';
        values[':min'] = min ?? 0;
        values[':max'] = max ?? Number.MAX_SAFE_INTEGER;
      }
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: indexOf(query.sort, scope),
          KeyConditionExpression: condition,
          ...(filter ? { FilterExpression: filter } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: forward,
          Limit: query.limit,
          ...(start
            ? { ExclusiveStartKey: { productId: start.productId, [scope]: start.part, [key]: start.key } }
            : {}),
        }),
      );
      const last = result.LastEvaluatedKey;
      return {
        productIds: (result.Items ?? []).map((item) => String(item.productId)),
        nextCursor: last
          ? encodeCursor({
              productId: String(last.productId),
              part: partition,
              key: String(last[key]),
              asked: query.asked,
            })
          : null,
      };
    },
  };
}
