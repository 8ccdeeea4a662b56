import { once, sharedDocumentClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { sqsEventSender, type TransactionalOutbox, transactionalOutbox } from '@shop/events';
import { type StoreDirectory, storeDirectory } from '@shop/store-directory';
import * as z from 'zod/mini';
import { dynamoBuyerRecords } from './adapters/dynamo-buyer-records.ts';
import { dynamoReviewBook } from './adapters/dynamo-review-book.ts';
import type { BuyerRecords } from './domain/buyers.ts';
import { type ReviewCommands, reviewCommands } from './domain/reviews.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    REVIEWS_TABLE: z.string().check(z.minLength(1)),
    BUYERS_TABLE: z.string().check(z.minLength(1)),
    OUTBOX_TABLE: z.string().check(z.minLength(1)),
    STORES_TABLE: z.string().check(z.minLength(1)),
    /** Products' ProductRatingsQueue: where every rating change goes. */
    PRODUCT_RATINGS_QUEUE_URL: z.string().check(z.minLength(1)),
  }),
);

/**
 * The outbox of rating changes. They go straight to the products service's queue (products keeps the
 * highest revision per product), not to a topic of this service: products never depends on reviews.
 */
export const outbox = /* @__PURE__ */ once(
  (): TransactionalOutbox =>
    transactionalOutbox({
      tableName: config().OUTBOX_TABLE,
      publisher: sqsEventSender({ queueUrl: config().PRODUCT_RATINGS_QUEUE_URL }),
    }),
);

/** Who received what, their names and erasures. */
export const buyers = /* @__PURE__ */ once(
  (): BuyerRecords =>
    dynamoBuyerRecords({ tableName: config().BUYERS_TABLE, client: sharedDocumentClient() }),
);

/** What every review route (and erasure) does. */
export const reviews = /* @__PURE__ */ once(
  (): ReviewCommands =>
    reviewCommands({
      book: dynamoReviewBook({
        tableName: config().REVIEWS_TABLE,
        client: sharedDocumentClient(),
        outbox: outbox(),
      }),
      buyers: buyers(),
    }),
);

/** The stores this service knows (its own copy, from StoreChanged): how its routes resolve X-Store-Id. */
export const knownStores = /* @__PURE__ */ once(
  (): StoreDirectory => storeDirectory({ tableName: config().STORES_TABLE, client: sharedDocumentClient() }),
);
