import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { sqsEventSender, type TransactionalOutbox, transactionalOutbox } from '@shop/events';
import * as z from 'zod';
import { type Carts, dynamoCarts } from './adapters/dynamo-carts.ts';
import { dynamoProductReadModel, type ProductReadModel } from './adapters/dynamo-product-read-model.ts';
import { type CheckoutLimits, DEFAULT_CHECKOUT_LIMITS } from './domain/open-orders.ts';

// A limit is a whole number of at least 1 (environment variables are strings).
const limit = z.coerce.number().int().min(1).max(1_000_000);

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    CARTS_TABLE: z.string().min(1),
    PRODUCT_VIEWS_TABLE: z.string().min(1),
    OUTBOX_TABLE: z.string().min(1),
    IDEMPOTENCY_TABLE: z.string().min(1),
    CHECKOUT_REQUESTS_QUEUE_URL: z.string().min(1),
    // The stage's abuse limits (stages.yml): open orders per customer, units of one product on them.
    MAX_OPEN_ORDERS_PER_CUSTOMER: limit,
    MAX_OPEN_UNITS_PER_PRODUCT: limit,
  }),
);

/** The stage's checkout limits, from the environment. */
export const checkoutLimits = (): CheckoutLimits => ({
  ...DEFAULT_CHECKOUT_LIMITS,
  maxOpenOrders: config().MAX_OPEN_ORDERS_PER_CUSTOMER,
  maxUnitsPerProduct: config().MAX_OPEN_UNITS_PER_PRODUCT,
});

/** The document client every adapter uses; undefined attributes are left out. */
export const documentClient = (client: DynamoDBClient = new DynamoDBClient({})) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

// Clients and adapters are built on first use and kept for the life of the container.
let built: { outbox: TransactionalOutbox; products: ProductReadModel; carts: Carts } | undefined;

function build() {
  if (built) return built;
  const env = config();
  const client = documentClient(awsClient(new DynamoDBClient({})));
  // The outbox carries only CheckoutRequested, a request for work sent straight to orders' queue.
  const outbox = transactionalOutbox({
    tableName: env.OUTBOX_TABLE,
    client,
    publisher: sqsEventSender({ queueUrl: env.CHECKOUT_REQUESTS_QUEUE_URL }),
  });
  const products = dynamoProductReadModel({ tableName: env.PRODUCT_VIEWS_TABLE, client });
  const carts = dynamoCarts({
    tableName: env.CARTS_TABLE,
    client,
    products,
    outbox,
    limits: checkoutLimits(),
  });
  built = { outbox, products, carts };
  return built;
}

/** Every cart, as the routes and the order-events consumer change them. */
export const carts = (): Carts => build().carts;
/** The carts' copy of the catalog, kept from ProductChanged. */
export const productReadModel = (): ProductReadModel => build().products;
/** The outbox of checkout requests. */
export const outbox = (): TransactionalOutbox => build().outbox;
