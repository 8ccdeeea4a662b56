import { once, sharedDocumentClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import {
  routedEventPublisher,
  snsEventPublisher,
  sqsEventSender,
  type TransactionalOutbox,
  transactionalOutbox,
} from '@shop/events';
import { knownStoreIds, type StoreDirectory, storeDirectory } from '@shop/store-directory';
import * as z from 'zod/mini';
import { dynamoCustomerOrders } from './adapters/dynamo-customer-orders.ts';
import { dynamoOrderStore } from './adapters/dynamo-order-store.ts';
import { powertoolsOrderMetrics } from './adapters/powertools-order-metrics.ts';
import { simulatedPaymentProvider } from './adapters/simulated-payment-provider.ts';
import type { CustomerOrders } from './domain/erasure.ts';
import { type OrderCommands, orderCommands } from './domain/order-commands.ts';
import { type OrderSaga, orderSaga } from './domain/order-saga.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    ORDERS_TABLE: z.string().check(z.minLength(1)),
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
 * the service that does it).
 */
export const outbox = /* @__PURE__ */ once((): TransactionalOutbox => {
  const stockRequests = sqsEventSender({ queueUrl: config().STOCK_REQUESTS_QUEUE_URL });
  return transactionalOutbox({
    tableName: config().OUTBOX_TABLE,
    publisher: routedEventPublisher(
      { StockReservationRequested: stockRequests, StockReleaseRequested: stockRequests },
      snsEventPublisher({ topicArn: config().ORDER_EVENTS_TOPIC_ARN }),
    ),
  });
});

const store = /* @__PURE__ */ once(() =>
  dynamoOrderStore({ tableName: config().ORDERS_TABLE, client: sharedDocumentClient(), outbox: outbox() }),
);

/** What the order routes do: cancel, ship, deliver, find, list. */
export const orders = /* @__PURE__ */ once((): OrderCommands => orderCommands({ store: store() }));

/** The order saga: the reactions to checkouts, stock replies and cancellations, with the simulated payment provider. */
export const saga = /* @__PURE__ */ once(
  (): OrderSaga =>
    orderSaga({ store: store(), payments: simulatedPaymentProvider(), metrics: powertoolsOrderMetrics() }),
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
