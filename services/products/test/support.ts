import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventEnvelope, TransactionalOutbox } from '@shop/events';
import { createServiceTables, receiveJson, testUserPool } from '@shop/testing';
import { dynamoProductCatalog } from '../src/adapters/dynamo-product-catalog.ts';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = {
  products: string;
  search: string;
  skus: string;
  listings: string;
  categoryCounts: string;
  reservations: string;
  outbox: string;
  idempotency: string;
  stores: string;
};

/** Creates every table of this service in the emulator, as serverless.yml declares them, under fresh names. */
export const createTables = (): Promise<Tables> =>
  createServiceTables(serviceDir, {
    products: 'ProductsTable',
    search: 'ProductSearchTable',
    skus: 'SkuTable',
    listings: 'ListingsTable',
    categoryCounts: 'CategoryCountsTable',
    reservations: 'StockReservationsTable',
    outbox: 'OutboxTable',
    idempotency: 'IdempotencyTable',
    stores: 'StoresTable',
  });

/** The catalog adapter (its reads and writes) on these tables, publishing through `outbox`. */
export const catalogOn = (
  tables: Pick<Tables, 'products' | 'search' | 'skus' | 'listings' | 'categoryCounts'>,
  client: DynamoDBDocumentClient,
  outbox: TransactionalOutbox,
) =>
  dynamoProductCatalog({
    tableName: tables.products,
    searchTableName: tables.search,
    skuTableName: tables.skus,
    listingsTableName: tables.listings,
    categoryCountsTableName: tables.categoryCounts,
    client,
    outbox,
  });

/** How many items a table holds (a test may scan; the service never scans for a listing). */
export async function itemCount(tableName: string): Promise<number> {
  const { Count } = await new DynamoDBClient({}).send(
    new ScanCommand({ TableName: tableName, Select: 'COUNT' }),
  );
  return Count ?? 0;
}

/** Every event published on a listened topic so far (read and deleted from its listening queue). */
export const drain = (queueUrl: string) => receiveJson<EventEnvelope>(queueUrl);

/** A user pool with an admin and a customer signed in: their access tokens (signed by moto). */
export async function userPoolWithTokens() {
  const pool = await testUserPool('products');
  const [admin, customer] = await Promise.all([
    pool.signIn('admin@example.com', ['admin']),
    pool.signIn('customer@example.com'),
  ]);
  return {
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    adminToken: admin.token,
    customerToken: customer.token,
  };
}

/** Points this worker's handlers at the given tables, topic and pool, as serverless.yml does in AWS. */
export function serviceEnvironment(
  tables: Tables,
  topicArn: string,
  pool?: { userPoolId: string; clientId: string },
): void {
  Object.assign(process.env, {
    PRODUCTS_TABLE: tables.products,
    PRODUCT_SEARCH_TABLE: tables.search,
    SKU_TABLE: tables.skus,
    LISTINGS_TABLE: tables.listings,
    CATEGORY_COUNTS_TABLE: tables.categoryCounts,
    STOCK_RESERVATIONS_TABLE: tables.reservations,
    OUTBOX_TABLE: tables.outbox,
    IDEMPOTENCY_TABLE: tables.idempotency,
    STORES_TABLE: tables.stores,
    PRODUCT_EVENTS_TOPIC_ARN: topicArn,
    ...(pool ? { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId } : {}),
  });
}

/** The store every v1 request is in, and a second one, as the catalog's calls take them. */
export const MAIN = 'main';
export const mainStore = { storeId: MAIN, currency: 'USD' };
export const BERLIN = 'berlin';
export const berlinStore = { storeId: BERLIN, currency: 'EUR' };
