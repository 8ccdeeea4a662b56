import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import {
  routedEventPublisher,
  snsEventPublisher,
  sqsEventSender,
  type TransactionalOutbox,
  transactionalOutbox,
} from '@shop/events';
import * as z from 'zod';
import { dynamoOrderStore } from './adapters/dynamo-order-store.ts';
import { powertoolsOrderMetrics } from './adapters/powertools-order-metrics.ts';
import { simulatedPaymentProvider } from './adapters/simulated-payment-provider.ts';
import { type OrderSaga, orderSaga } from './domain/order-saga.ts';

/** This service's environment, read and checked on first use (once per cold start). */
export const config = defineConfig(
  z.object({
    ORDERS_TABLE: z.string().min(1),
    OUTBOX_TABLE: z.string().min(1),
    IDEMPOTENCY_TABLE: z.string().min(1),
    ORDER_EVENTS_TOPIC_ARN: z.string().min(1),
    /** Products' StockRequestsQueue: where reservation and release requests go. */
    STOCK_REQUESTS_QUEUE_URL: z.string().min(1),
  }),
);

/** The document client every adapter uses; undefined attributes (an absent `reason`) are left out. */
export const documentClient = (client: DynamoDBClient = new DynamoDBClient({})) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/**
 * One outbox, two destinations: order events go to this service's topic, stock requests straight to
 * products' queue (a request for work goes to the queue of the service that does it).
 */
export function orderOutbox(client: DynamoDBDocumentClient, env = config()): TransactionalOutbox {
  const stockRequests = sqsEventSender({ queueUrl: env.STOCK_REQUESTS_QUEUE_URL });
  return transactionalOutbox({
    tableName: env.OUTBOX_TABLE,
    client,
    publisher: routedEventPublisher(
      { StockReservationRequested: stockRequests, StockReleaseRequested: stockRequests },
      snsEventPublisher({ topicArn: env.ORDER_EVENTS_TOPIC_ARN }),
    ),
  });
}

// Clients and adapters are built on first use and kept for the life of the container.
let built: { outbox: TransactionalOutbox; saga: OrderSaga } | undefined;

function build() {
  if (built) return built;
  const env = config();
  const client = documentClient(awsClient(new DynamoDBClient({})));
  const outbox = orderOutbox(client, env);
  const store = dynamoOrderStore({ tableName: env.ORDERS_TABLE, client, outbox });
  built = {
    outbox,
    saga: orderSaga({ store, payments: simulatedPaymentProvider(), metrics: powertoolsOrderMetrics() }),
  };
  return built;
}

/** The order saga and the order routes' rules, over DynamoDB and the simulated payment provider. */
export const orders = (): OrderSaga => build().saga;
/** The outbox of order events and stock requests. */
export const outbox = (): TransactionalOutbox => build().outbox;
