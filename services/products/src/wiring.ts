import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { snsEventPublisher, type TransactionalOutbox, transactionalOutbox } from '@shop/events';
import * as z from 'zod';
import { dynamoProductCatalog } from './adapters/dynamo-product-catalog.ts';
import { dynamoStockReservations } from './adapters/dynamo-stock-reservations.ts';
import type { ProductCatalog } from './domain/catalog-page.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    PRODUCTS_TABLE: z.string().min(1),
    PRODUCT_SEARCH_TABLE: z.string().min(1),
    STOCK_RESERVATIONS_TABLE: z.string().min(1),
    OUTBOX_TABLE: z.string().min(1),
    IDEMPOTENCY_TABLE: z.string().min(1),
    PRODUCT_EVENTS_TOPIC_ARN: z.string().min(1),
  }),
);

/** The document client every adapter uses; undefined attributes (an absent `imageUrl`) are left out. */
export const documentClient = (client: DynamoDBClient = new DynamoDBClient({})) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

// Clients and adapters are built on first use and kept for the life of the container.
let built: { outbox: TransactionalOutbox; catalog: ProductCatalog; stock: StockReservations } | undefined;
type StockReservations = ReturnType<typeof dynamoStockReservations>;

function build() {
  if (built) return built;
  const env = config();
  const client = documentClient(awsClient(new DynamoDBClient({})));
  const outbox = transactionalOutbox({
    tableName: env.OUTBOX_TABLE,
    client,
    publisher: snsEventPublisher({ topicArn: env.PRODUCT_EVENTS_TOPIC_ARN }),
  });
  built = {
    outbox,
    catalog: dynamoProductCatalog({
      tableName: env.PRODUCTS_TABLE,
      searchTableName: env.PRODUCT_SEARCH_TABLE,
      client,
      outbox,
    }),
    stock: dynamoStockReservations({
      productsTable: env.PRODUCTS_TABLE,
      reservationsTable: env.STOCK_RESERVATIONS_TABLE,
      client,
      outbox,
    }),
  };
  return built;
}

/** The catalog every products handler works on. */
export const catalog = (): ProductCatalog => build().catalog;
/** Stock reservations of the order saga. */
export const stockReservations = (): StockReservations => build().stock;
/** The outbox of the product-events topic. */
export const outbox = (): TransactionalOutbox => build().outbox;
