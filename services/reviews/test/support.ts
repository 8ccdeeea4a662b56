import { CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  mainStoreDefaults,
  type OrderSnapshot,
  orderDelivered,
  type ProductRatingChanged,
  type Store,
  userErased,
  userRegistered,
} from '@shop/contracts';
import { createEvent } from '@shop/events';
import { recordStoreChange } from '@shop/store-directory';
import {
  createServiceTables,
  type HttpHandler,
  httpEvent,
  invokeHttp,
  lambdaContext,
  receiveJson,
  type TestUserPool,
  testUserPool,
  uniqueName,
} from '@shop/testing';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = { reviews: string; buyers: string; outbox: string; stores: string };

/** Creates every table of this service in the emulator, as serverless.yml declares them, under fresh names. */
export const createTables = (): Promise<Tables> =>
  createServiceTables(serviceDir, {
    reviews: 'ReviewsTable',
    buyers: 'BuyersTable',
    outbox: 'OutboxTable',
    stores: 'StoresTable',
  });

/** A queue standing in for products' ProductRatingsQueue, to read what the reviews sent. */
export async function productRatingsQueue(): Promise<string> {
  const { QueueUrl } = await new SQSClient({}).send(
    new CreateQueueCommand({ QueueName: uniqueName('product-ratings') }),
  );
  return QueueUrl as string;
}

/** Every rating change sent so far (read and deleted from the queue), in the order received. */
export const drainRatings = async (queueUrl: string) =>
  (await receiveJson<ProductRatingChanged>(queueUrl, { waitTimeSeconds: 1 })).sort(
    (a, b) => a.data.revision - b.data.revision,
  );

/** Points this worker's handlers at the given tables, queue and pool, as serverless.yml does in AWS. */
export function serviceEnvironment(
  tables: Tables,
  ratingsQueueUrl: string,
  pool?: { userPoolId: string; clientId: string },
): void {
  Object.assign(process.env, {
    REVIEWS_TABLE: tables.reviews,
    BUYERS_TABLE: tables.buyers,
    OUTBOX_TABLE: tables.outbox,
    STORES_TABLE: tables.stores,
    PRODUCT_RATINGS_QUEUE_URL: ratingsQueueUrl,
    POWERTOOLS_SERVICE_NAME: 'reviews',
    ...(pool ? { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId } : {}),
  });
}

/** A second store, as StoreChanged told this service. */
export const BERLIN: Store = {
  storeId: 'berlin',
  name: 'Laden Berlin',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
  returnWindowDays: 14,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** The service's stores table holding main and berlin. */
export async function knowStores(tables: Tables): Promise<void> {
  await recordStoreChange({ tableName: tables.stores }, mainStoreDefaults);
  await recordStoreChange({ tableName: tables.stores }, BERLIN);
}

/** A user pool with the groups the tests sign people into (admin, and berlin's store admins). */
export async function poolWithStoreAdmins(): Promise<TestUserPool> {
  const pool = await testUserPool('reviews');
  await pool.cognito.send(
    new CreateGroupCommand({ UserPoolId: pool.userPoolId, GroupName: `store-admin-${BERLIN.storeId}` }),
  );
  return pool;
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Delivers records to a consumer as one SQS batch; answers the ids of the failed ones. */
export async function deliver(handler: SqsHandler, ...records: SQSRecord[]): Promise<string[]> {
  const answer = await handler({ Records: records }, lambdaContext('reviews-consumer'));
  return answer.batchItemFailures.map((failure) => failure.itemIdentifier);
}

/** A delivered order of the user, of the given products, as orders publishes OrderDelivered. */
export function deliveredOrder(userId: string, productIds: string[], overrides: Partial<OrderSnapshot> = {}) {
  const order: OrderSnapshot = {
    storeId: 'main',
    orderId: uniqueName('o'),
    userId,
    status: 'DELIVERED',
    items: productIds.map((productId) => ({ productId, name: productId, quantity: 1, unitPrice: 1000 })),
    total: productIds.length * 1000,
    currency: 'USD',
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
  return createEvent(orderDelivered, order, { source: 'orders', correlationId: order.orderId });
}

/** A user's UserRegistered, as users publishes it. */
export const registered = (userId: string, name: string) =>
  createEvent(
    userRegistered,
    { userId, email: `${uniqueName('someone')}@example.com`, name },
    { source: 'users' },
  );

/** A user's UserErased (its id derived from the user, as users makes it). */
export const erased = (userId: string) => ({
  ...createEvent(userErased, { userId }, { source: 'users' }),
  id: `UserErased-${userId}`,
});

/** Invokes a route handler with a fabricated API Gateway HTTP API (payload v2) event. */
export async function call(
  handler: HttpHandler,
  routeKey: string,
  options: {
    token?: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    /** The `x-store-id` header; none is main. */
    store?: string;
  } = {},
) {
  const event = httpEvent(routeKey, {
    ...(options.token ? { token: options.token } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.query ? { query: options.query } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    headers: options.store ? { 'x-store-id': options.store } : {},
  });
  const answer = await invokeHttp(handler, event, lambdaContext('reviews-route'));
  return { status: answer.status, headers: answer.headers, body: answer.body ?? {} };
}
