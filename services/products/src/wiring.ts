import { once, sharedDocumentClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { snsEventPublisher, type TransactionalOutbox, transactionalOutbox } from '@shop/events';
import { type StoreDirectory, storeDirectory } from '@shop/store-directory';
import * as z from 'zod/mini';
import { dynamoCatalogReads } from './adapters/dynamo-catalog-reads.ts';
import { dynamoCatalogWrites } from './adapters/dynamo-product-catalog.ts';
import { dynamoProductRatings } from './adapters/dynamo-product-ratings.ts';
import { dynamoStockReservations } from './adapters/dynamo-stock-reservations.ts';
import type { CatalogReads, CatalogWrites, ProductRatings } from './domain/catalog-page.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    PRODUCTS_TABLE: z.string().check(z.minLength(1)),
    PRODUCT_SEARCH_TABLE: z.string().check(z.minLength(1)),
    SKU_TABLE: z.string().check(z.minLength(1)),
    LISTINGS_TABLE: z.string().check(z.minLength(1)),
    CATEGORY_COUNTS_TABLE: z.string().check(z.minLength(1)),
    STOCK_RESERVATIONS_TABLE: z.string().check(z.minLength(1)),
    OUTBOX_TABLE: z.string().check(z.minLength(1)),
    IDEMPOTENCY_TABLE: z.string().check(z.minLength(1)),
    STORES_TABLE: z.string().check(z.minLength(1)),
    PRODUCT_EVENTS_TOPIC_ARN: z.string().check(z.minLength(1)),
  }),
);

/**
 * How long browsers and CloudFront may keep the public catalog's answers (stages.yml
 * `catalogCacheSeconds`); read on the first answer of the two public read routes.
 */
export const catalogCache = defineConfig(
  z.pipe(
    z.object({
      CATALOG_CACHE_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(3600)), 30),
    }),
    z.transform(({ CATALOG_CACHE_SECONDS }: { CATALOG_CACHE_SECONDS: number }) => ({
      maxAgeSeconds: CATALOG_CACHE_SECONDS,
    })),
  ),
);

/** The outbox of the product-events topic. */
export const outbox = /* @__PURE__ */ once(
  (): TransactionalOutbox =>
    transactionalOutbox({
      tableName: config().OUTBOX_TABLE,
      publisher: snsEventPublisher({ topicArn: config().PRODUCT_EVENTS_TOPIC_ARN }),
    }),
);

/** The catalog's reads (a product, a page, the facets): the public routes bundle only these. */
export const catalogReads = /* @__PURE__ */ once(
  (): CatalogReads =>
    dynamoCatalogReads({
      tableName: config().PRODUCTS_TABLE,
      searchTableName: config().PRODUCT_SEARCH_TABLE,
      listingsTableName: config().LISTINGS_TABLE,
      categoryCountsTableName: config().CATEGORY_COUNTS_TABLE,
      client: sharedDocumentClient(),
    }),
);

/** The catalog's writes (the admin routes). */
export const catalogWrites = /* @__PURE__ */ once(
  (): CatalogWrites =>
    dynamoCatalogWrites({
      tableName: config().PRODUCTS_TABLE,
      searchTableName: config().PRODUCT_SEARCH_TABLE,
      skuTableName: config().SKU_TABLE,
      listingsTableName: config().LISTINGS_TABLE,
      categoryCountsTableName: config().CATEGORY_COUNTS_TABLE,
      client: sharedDocumentClient(),
      outbox: outbox(),
    }),
);

/** Each product's rating, from the reviews service's ProductRatingChanged. */
export const productRatings = /* @__PURE__ */ once(
  (): ProductRatings =>
    dynamoProductRatings({
      tableName: config().PRODUCTS_TABLE,
      listingsTableName: config().LISTINGS_TABLE,
      client: sharedDocumentClient(),
    }),
);

/** Stock reservations of the order saga. */
export const stockReservations = /* @__PURE__ */ once(() =>
  dynamoStockReservations({
    productsTable: config().PRODUCTS_TABLE,
    reservationsTable: config().STOCK_RESERVATIONS_TABLE,
    client: sharedDocumentClient(),
    outbox: outbox(),
  }),
);

/** The stores this service knows (its own copy, from StoreChanged): how its routes resolve X-Store-Id. */
export const knownStores = /* @__PURE__ */ once(
  (): StoreDirectory => storeDirectory({ tableName: config().STORES_TABLE, client: sharedDocumentClient() }),
);
