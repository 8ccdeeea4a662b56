import { once, sharedDocumentClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { recordEventsRelay, sqsEventSender } from '@shop/events';
import { type StoreDirectory, storeDirectory } from '@shop/store-directory';
import * as z from 'zod/mini';
import { type Carts, CHECKOUT_EVENT_ATTRIBUTE, dynamoCarts } from './adapters/dynamo-carts.ts';
import { dynamoCustomerData } from './adapters/dynamo-customer-data.ts';
import { dynamoProductReadModel, type ProductReadModel } from './adapters/dynamo-product-read-model.ts';
import { dynamoPromotionReadModel, type PromotionReadModel } from './adapters/dynamo-promotion-read-model.ts';
import type { CustomerData } from './domain/erasure.ts';
import { type CheckoutLimits, DEFAULT_CHECKOUT_LIMITS } from './domain/open-orders.ts';

// A limit is a whole number of at least 1 (environment variables are strings).
const limit = z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000));

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    CARTS_TABLE: z.string().check(z.minLength(1)),
    PRODUCT_VIEWS_TABLE: z.string().check(z.minLength(1)),
    PROMOTION_VIEWS_TABLE: z.string().check(z.minLength(1)),
    IDEMPOTENCY_TABLE: z.string().check(z.minLength(1)),
    STORES_TABLE: z.string().check(z.minLength(1)),
    CHECKOUT_REQUESTS_QUEUE_URL: z.string().check(z.minLength(1)),
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

/**
 * Sends the CheckoutRequested each new checkout record carries (the carts table's stream) straight to
 * orders' queue: the record is the outbox.
 */
export const checkoutRelay = /* @__PURE__ */ once(() =>
  recordEventsRelay({
    publisher: sqsEventSender({ queueUrl: config().CHECKOUT_REQUESTS_QUEUE_URL }),
    attribute: CHECKOUT_EVENT_ATTRIBUTE,
  }),
);

/** The carts' copy of the catalog, kept from ProductChanged. */
export const productReadModel = /* @__PURE__ */ once(
  (): ProductReadModel =>
    dynamoProductReadModel({ tableName: config().PRODUCT_VIEWS_TABLE, client: sharedDocumentClient() }),
);

/** The carts' copy of every store's promotion codes, kept from PromotionChanged. */
export const promotionReadModel = /* @__PURE__ */ once(
  (): PromotionReadModel =>
    dynamoPromotionReadModel({ tableName: config().PROMOTION_VIEWS_TABLE, client: sharedDocumentClient() }),
);

/** Every cart, as the routes and the order-events consumer change them. */
export const carts = /* @__PURE__ */ once(
  (): Carts =>
    dynamoCarts({
      tableName: config().CARTS_TABLE,
      client: sharedDocumentClient(),
      products: productReadModel(),
      promotions: promotionReadModel(),
      limits: checkoutLimits(),
    }),
);

/** What carts holds of each customer, as erasure finds and removes it. */
export const customerData = /* @__PURE__ */ once(
  (): CustomerData => dynamoCustomerData({ tableName: config().CARTS_TABLE, client: sharedDocumentClient() }),
);

/** The stores this service knows (its own copy, from StoreChanged): how its routes resolve X-Store-Id. */
export const knownStores = /* @__PURE__ */ once(
  (): StoreDirectory => storeDirectory({ tableName: config().STORES_TABLE, client: sharedDocumentClient() }),
);
