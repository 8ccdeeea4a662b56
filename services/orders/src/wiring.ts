import { once, sharedDocumentClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import {
  type EventPublisher,
  routedEventPublisher,
  snsEventPublisher,
  sqsEventSender,
  type TransactionalOutbox,
  transactionalOutbox,
} from '@shop/events';
import { knownStoreIds, type StoreDirectory, storeDirectory } from '@shop/store-directory';
import * as z from 'zod/mini';
import { dynamoCustomerOrders } from './adapters/dynamo-customer-orders.ts';
import { dynamoOrderReturns } from './adapters/dynamo-order-returns.ts';
import { dynamoOrderStore } from './adapters/dynamo-order-store.ts';
import { dynamoPromotions } from './adapters/dynamo-promotions.ts';
import { powertoolsOrderMetrics } from './adapters/powertools-order-metrics.ts';
import { simulatedPaymentProvider } from './adapters/simulated-payment-provider.ts';
import type { CustomerOrders } from './domain/erasure.ts';
import { type OrderCommands, orderCommands } from './domain/order-commands.ts';
import { type OrderSaga, orderSaga } from './domain/order-saga.ts';
import { type PromotionUses, promotionUses } from './domain/promotion-uses.ts';
import { type Promotions, promotions as promotionRules } from './domain/promotions.ts';
import {
  type ReturnCommands,
  type ReturnRefunds,
  returnRefunds as refundsOfReturns,
  returnCommands,
} from './domain/return-commands.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    ORDERS_TABLE: z.string().check(z.minLength(1)),
    PROMOTIONS_TABLE: z.string().check(z.minLength(1)),
    OUTBOX_TABLE: z.string().check(z.minLength(1)),
    IDEMPOTENCY_TABLE: z.string().check(z.minLength(1)),
    STORES_TABLE: z.string().check(z.minLength(1)),
    ORDER_EVENTS_TOPIC_ARN: z.string().check(z.minLength(1)),
    /** Products' StockRequestsQueue: where reservation and release requests go. */
    STOCK_REQUESTS_QUEUE_URL: z.string().check(z.minLength(1)),
  }),
);

/**
 * The outbox of order events and stock requests. One outbox, two destinations: order events go to this
 * service's topic, stock requests straight to products' queue (a request for work goes to the queue of
 * the service that does it). ReturnReceived goes to both: it is a fact for this service's refunds and
 * for notifications, and the restock's request to products, which cannot subscribe to this topic
 * (orders takes products' outputs, so products cannot take ours: serverless-compose.yml).
 */
export const outbox = /* @__PURE__ */ once((): TransactionalOutbox => {
  const stockRequests = sqsEventSender({ queueUrl: config().STOCK_REQUESTS_QUEUE_URL });
  const topic = snsEventPublisher({ topicArn: config().ORDER_EVENTS_TOPIC_ARN });
  const topicAndStock: EventPublisher = {
    async publish(definition, event) {
      await Promise.all([topic.publish(definition, event), stockRequests.publish(definition, event)]);
    },
  };
  return transactionalOutbox({
    tableName: config().OUTBOX_TABLE,
    publisher: routedEventPublisher(
      {
        StockReservationRequested: stockRequests,
        StockReleaseRequested: stockRequests,
        ReturnReceived: topicAndStock,
      },
      topic,
    ),
  });
});

const store = /* @__PURE__ */ once(() =>
  dynamoOrderStore({ tableName: config().ORDERS_TABLE, client: sharedDocumentClient(), outbox: outbox() }),
);

/** What the order routes do: cancel, ship, deliver, find, list. */
export const orders = /* @__PURE__ */ once((): OrderCommands => orderCommands({ store: store() }));

const orderReturns = /* @__PURE__ */ once(() =>
  dynamoOrderReturns({ tableName: config().ORDERS_TABLE, client: sharedDocumentClient(), outbox: outbox() }),
);

/** What the return routes do (returns live in the order's item). */
export const returns = /* @__PURE__ */ once(
  (): ReturnCommands => returnCommands({ orders: store(), returns: orderReturns() }),
);

/** The refunds consumer's half of returns: a received return's refund, with the simulated provider. */
export const returnRefunds = /* @__PURE__ */ once(
  (): ReturnRefunds =>
    refundsOfReturns({ orders: store(), returns: orderReturns(), payments: simulatedPaymentProvider() }),
);

const promotionStore = /* @__PURE__ */ once(() =>
  dynamoPromotions({
    tableName: config().PROMOTIONS_TABLE,
    ordersTableName: config().ORDERS_TABLE,
    client: sharedDocumentClient(),
    outbox: outbox(),
  }),
);

/** A store's promotion codes, as the admin routes manage them. */
export const promotions = /* @__PURE__ */ once((): Promotions => promotionRules({ store: promotionStore() }));

/**
 * The order saga: the reactions to checkouts, stock replies and cancellations, with the simulated
 * payment provider and the promotions' counting of uses.
 */
export const saga = /* @__PURE__ */ once(
  (): OrderSaga =>
    orderSaga({
      store: store(),
      payments: simulatedPaymentProvider(),
      promotions: promotionUses({ store: promotionStore() }) satisfies PromotionUses,
      metrics: powertoolsOrderMetrics(),
    }),
);

/** Every order of a customer, as erasure finds them and takes their address out. */
export const customerOrders = /* @__PURE__ */ once(
  (): CustomerOrders =>
    dynamoCustomerOrders({
      tableName: config().ORDERS_TABLE,
      client: sharedDocumentClient(),
      storeIds: () => knownStoreIds({ tableName: config().STORES_TABLE, client: sharedDocumentClient() }),
    }),
);

/** The stores this service knows (its own copy, from StoreChanged): how its routes resolve X-Store-Id. */
export const knownStores = /* @__PURE__ */ once(
  (): StoreDirectory => storeDirectory({ tableName: config().STORES_TABLE, client: sharedDocumentClient() }),
);
