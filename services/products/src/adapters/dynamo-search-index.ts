import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@shop/errors';
import { decodeCursor, encodeCursor } from '@shop/validation';
import * as z from 'zod/mini';
import { PREFIX_LENGTH, prefixOf, searchPlan, wordPattern, wordsText } from '../domain/search-terms.ts';
import { searchTermOf } from '../domain/store-keys.ts';

/** How many index entries one search reads at most before answering with what it found. */
const SEARCH_READ_BUDGET = 1000;

/** The index of the entries by the first letters of their word (`prefix`), sorted by product name. */
const PREFIX_INDEX = 'byPrefix';

// What a cursor may hold: exactly the keys DynamoDB needs to resume, nothing a client could abuse.
const nonEmpty = z.string().check(z.minLength(1));
const searchCursor = z.strictObject({ term: nonEmpty, nameKey: nonEmpty });
// A prefix search's cursor also names the word it was issued for, and whether the product it stopped
// at is already answered (its other entries with the same prefix follow it and are skipped).
const prefixCursor = z.strictObject({
  term: nonEmpty,
  nameKey: nonEmpty,
  prefix: nonEmpty,
  prefixSort: nonEmpty,
  word: nonEmpty,
  answered: z.boolean(),
});

/**
 * One entry of the inverted index: a word of a live product within its store (`term` = `<store>#<word>`),
 * sorted by the product's name. A word of 3+ letters is also in the prefix index: `prefix` =
 * `<store>#<first 3 letters>`, `prefixSort` = `<nameKey>#<word>` (a product's entries stay together).
 */
type SearchEntry = {
  term: string;
  nameKey: string;
  productId: string;
  storeId: string;
  category: string;
  terms: string[];
  wordsText: string;
  prefix?: string;
  prefixSort?: string;
};

/** The prefix index's keys of a word's entry; none for a word shorter than a prefix or a legacy key. */
export function prefixKeys(
  storeId: string | undefined,
  word: string,
  nameKey: string,
): { prefix: string; prefixSort: string } | Record<string, never> {
  const prefix = prefixOf(word);
  if (storeId === undefined || prefix === undefined) return {};
  return { prefix: searchTermOf(storeId, prefix), prefixSort: `${nameKey}#${word}` };
}

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
              wordsText: wordsText(next.searchTerms),
              ...prefixKeys(next.storeId, term, next.nameKey as string),
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
     * The products with a word matching each word of `q` (and in `category`, if given), name-sorted,
     * `limit` at most. A word of 3+ letters matches the words it begins, a shorter one only itself.
     * Reads only the entries of the rarest-looking word (the longest): from the prefix index for a
     * prefix, else the word's own partition; the other words and the category filter those entries.
     * A read budget bounds one request; the cursor resumes where it stopped. Entries may name a product
     * deleted a moment ago: the caller reads the products.
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
      const filters: string[] = [];
      const values: Record<string, unknown> = {};
      plan.alsoRequired.forEach((word, index) => {
        filters.push(`contains(wordsText, :w${index})`);
        values[`:w${index}`] = wordPattern(word);
      });
      if (category) {
        filters.push('category = :category');
        values[':category'] = category;
      }
      const read = { filters, values };
      const prefix = prefixOf(plan.lookup);
      return prefix === undefined
        ? wordSearch(searchTermOf(storeId, plan.lookup), storeId, limit, cursor, read)
        : prefixSearch(plan.lookup, searchTermOf(storeId, prefix), storeId, limit, cursor, read);
    },
  };

  /** A search whose looked-up word is too short for a prefix: that word's own partition, in name order. */
  async function wordSearch(
    term: string,
    storeId: string,
    limit: number,
    cursor: string | undefined,
    read: { filters: string[]; values: Record<string, unknown> },
  ): Promise<SearchPage> {
    let startKey: Record<string, unknown> | undefined =
      cursor === undefined ? undefined : decodeCursor(cursor, searchCursor);
    if (startKey) checkCursor(String(startKey.term), storeId, startKey.term === term);
    const entries: SearchEntry[] = [];
    let scanned = 0;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'term = :term',
          ...(read.filters.length > 0 ? { FilterExpression: read.filters.join(' AND ') } : {}),
          ExpressionAttributeValues: { ...read.values, ':term': term },
          ExclusiveStartKey: startKey,
          Limit: Math.min(100, SEARCH_READ_BUDGET - scanned),
        }),
      );
      entries.push(...((result.Items ?? []) as SearchEntry[]));
      scanned += result.ScannedCount ?? 0;
      startKey = result.LastEvaluatedKey;
    } while (entries.length <= limit && startKey && scanned < SEARCH_READ_BUDGET);
    const pageEntries = entries.slice(0, limit);
    const last = pageEntries.at(-1);
    const nextKey =
      entries.length > limit && last ? { term: last.term, nameKey: last.nameKey } : (startKey ?? undefined);
    return {
      productIds: pageEntries.map((entry) => entry.productId),
      nextCursor: nextKey ? encodeCursor(nextKey) : null,
    };
  }

  /**
   * A search whose looked-up word is a prefix: the prefix index's partition of its first letters, in
   * name order, keeping the entries whose word begins with it. A product with two such words ("lamp",
   * "lamps") has two adjacent entries and is answered once.
   */
  async function prefixSearch(
    word: string,
    prefix: string,
    storeId: string,
    limit: number,
    cursor: string | undefined,
    read: { filters: string[]; values: Record<string, unknown> },
  ): Promise<SearchPage> {
    const resumed = cursor === undefined ? undefined : decodeCursor(cursor, prefixCursor);
    if (resumed) checkCursor(resumed.prefix, storeId, resumed.prefix === prefix && resumed.word === word);
    const filters = [...read.filters];
    const values: Record<string, unknown> = { ...read.values, ':prefix': prefix };
    if (Array.from(word).length > PREFIX_LENGTH) {
      filters.unshift('begins_with(term, :word)');
      values[':word'] = searchTermOf(storeId, word);
    }
    let startKey: Record<string, unknown> | undefined = resumed
      ? {
          term: resumed.term,
          nameKey: resumed.nameKey,
          prefix: resumed.prefix,
          prefixSort: resumed.prefixSort,
        }
      : undefined;
    let answered = resumed?.answered ? resumed.nameKey : undefined;
    const entries: SearchEntry[] = [];
    const answeredProducts = new Set<string>();
    let scanned = 0;
    let cut: SearchEntry | undefined;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: PREFIX_INDEX,
          KeyConditionExpression: 'prefix = :prefix',
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
          Limit: Math.min(100, SEARCH_READ_BUDGET - scanned),
        }),
      );
      for (const entry of (result.Items ?? []) as SearchEntry[]) {
        if (entry.nameKey === answered || answeredProducts.has(entry.productId)) continue;
        if (entries.length === limit) {
          cut = entries.at(-1);
          break;
        }
        entries.push(entry);
        answeredProducts.add(entry.productId);
        answered = entry.nameKey;
      }
      scanned += result.ScannedCount ?? 0;
      startKey = result.LastEvaluatedKey;
    } while (!cut && startKey && scanned < SEARCH_READ_BUDGET);
    const resumeAt: Record<string, unknown> | undefined = cut ?? startKey;
    const nextCursor = resumeAt
      ? encodeCursor({
          term: String(resumeAt.term),
          nameKey: String(resumeAt.nameKey),
          prefix: String(resumeAt.prefix),
          prefixSort: String(resumeAt.prefixSort),
          word,
          answered: resumeAt.nameKey === answered,
        })
      : null;
    return { productIds: entries.map((entry) => entry.productId), nextCursor };
  }

  /** A cursor is used only in the store and the search it was issued for: 400 otherwise. */
  function checkCursor(partition: string, storeId: string, sameSearch: boolean): void {
    if (!partition.startsWith(searchTermOf(storeId, ''))) {
      throw new ValidationError('The cursor belongs to another store.', [
        { field: 'cursor', message: 'was issued for another store' },
      ]);
    }
    if (!sameSearch) {
      throw new ValidationError('The cursor belongs to another listing.', [
        { field: 'cursor', message: 'does not belong to this search' },
      ]);
    }
  }
}

export type SearchIndex = ReturnType<typeof dynamoSearchIndex>;
