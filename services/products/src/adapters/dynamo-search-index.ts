import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@shop/errors';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import { searchPlan } from '../domain/search-terms.ts';
import { searchTermOf } from '../domain/store-keys.ts';

/** How many index entries one search reads at most before answering with what it found. */
const SEARCH_READ_BUDGET = 1000;

// What a cursor may hold: exactly the keys DynamoDB needs to resume, nothing a client could abuse.
const searchCursor = z.strictObject({
  term: z.string().check(z.minLength(1)),
  nameKey: z.string().check(z.minLength(1)),
});

/**
 * One entry of the inverted index: a word of a live product within its store (`term` = `<store>#<word>`),
 * sorted by the product's name.
 */
type SearchEntry = {
  term: string;
  nameKey: string;
  productId: string;
  storeId: string;
  category: string;
  terms: string[];
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What the index follows of a stored product: a product without `nameKey` (deleted) has no entries. */
export type IndexedProduct = {
  productId: string;
  /** Undefined on a product written before stores: its entries are keyed by the bare word. */
  storeId?: string | undefined;
  category: string;
  nameKey?: string | undefined;
  searchTerms: string[];
  deletedAt?: string | undefined;
};

/** A page of a search: the matching products' ids in name order, and where the next page starts. */
export type SearchPage = { productIds: string[]; nextCursor: string | null };

/**
 * The catalog's search index in DynamoDB: an inverted index, one item per word of a live product
 * (`term`, sort key `nameKey`), kept in the same transaction as the product it follows.
 */
export function dynamoSearchIndex(options: { tableName: string; client: DynamoDBDocumentClient }) {
  const { tableName, client } = options;

  return {
    /**
     * The entries to delete and to put so that the index matches `next` (nothing when deleted), for the
     * transaction that writes `next` over `previous`; none when the words, name and category are unchanged.
     */
    changes(next: IndexedProduct, previous: IndexedProduct | undefined): TransactItem[] {
      const live = next.deletedAt === undefined && next.nameKey !== undefined;
      const unchanged =
        live &&
        previous !== undefined &&
        previous.storeId === next.storeId &&
        previous.nameKey === next.nameKey &&
        previous.category === next.category &&
        previous.searchTerms.join(' ') === next.searchTerms.join(' ');
      if (unchanged) return [];
      const puts: TransactItem[] = live
        ? next.searchTerms.map((term) => {
            const entry: SearchEntry = {
              term: searchTermOf(next.storeId, term),
              nameKey: next.nameKey as string,
              productId: next.productId,
              storeId: next.storeId as string,
              category: next.category,
              terms: next.searchTerms,
            };
            return { Put: { TableName: tableName, Item: entry } };
          })
        : [];
      const kept = new Set(
        live ? next.searchTerms.map((term) => `${searchTermOf(next.storeId, term)}\n${next.nameKey}`) : [],
      );
      const deletes: TransactItem[] =
        previous?.nameKey === undefined
          ? []
          : previous.searchTerms
              .map((term) => searchTermOf(previous.storeId, term))
              .filter((term) => !kept.has(`${term}\n${previous.nameKey}`))
              .map((term) => ({
                Delete: { TableName: tableName, Key: { term, nameKey: previous.nameKey } },
              }));
      return [...deletes, ...puts];
    },

    /**
     * The products whose name or description holds every word of `q` (and in `category`, if given),
     * name-sorted, `limit` at most. Reads only the entries of the rarest-looking word; the other words
     * and the category filter those entries. A read budget bounds one request; the cursor resumes
     * where it stopped. Entries may name a product deleted a moment ago: the caller reads the products.
     */
    async search(query: {
      storeId: string;
      q: string;
      category?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    }): Promise<SearchPage> {
      const { storeId, q, category, limit, cursor } = query;
      const plan = searchPlan(q);
      if (!plan) {
        throw new ValidationError('The search has no word to look for.', [
          { field: 'q', message: 'must contain a word of at least 2 letters or digits' },
        ]);
      }
      const lookup = searchTermOf(storeId, plan.lookup);
      let startKey: Record<string, unknown> | undefined =
        cursor === undefined ? undefined : decodeCursor(cursor, searchCursor);
      if (startKey && !String(startKey.term).startsWith(searchTermOf(storeId, ''))) {
        throw new ValidationError('The cursor belongs to another store.', [
          { field: 'cursor', message: 'was issued for another store' },
        ]);
      }
      if (startKey && startKey.term !== lookup) {
        throw new ValidationError('The cursor belongs to another listing.', [
          { field: 'cursor', message: 'does not belong to this search' },
        ]);
      }
      const filters = plan.alsoRequired.map((_, index) => `contains(terms, :w${index})`);
      const values: Record<string, unknown> = { ':term': lookup };
      plan.alsoRequired.forEach((word, index) => {
        values[`:w${index}`] = word;
      });
      if (category) {
        filters.push('category = :category');
        values[':category'] = category;
      }
      const entries: SearchEntry[] = [];
      let read = 0;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'term = :term',
            ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeValues: values,
            ExclusiveStartKey: startKey,
            Limit: Math.min(100, SEARCH_READ_BUDGET - read),
          }),
        );
        entries.push(...((result.Items ?? []) as SearchEntry[]));
        read += result.ScannedCount ?? 0;
        startKey = result.LastEvaluatedKey;
      } while (entries.length <= limit && startKey && read < SEARCH_READ_BUDGET);
      const pageEntries = entries.slice(0, limit);
      const last = pageEntries.at(-1);
      const nextKey =
        entries.length > limit && last ? { term: last.term, nameKey: last.nameKey } : (startKey ?? undefined);
      return {
        productIds: pageEntries.map((entry) => entry.productId),
        nextCursor: nextKey ? encodeCursor(nextKey) : null,
      };
    },
  };
}

export type SearchIndex = ReturnType<typeof dynamoSearchIndex>;
