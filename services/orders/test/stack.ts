import type { EventEnvelope } from '@shop/events';
import {
  createServiceTables,
  type HttpHandler,
  httpEvent,
  invokeHttp,
  lambdaContext,
  receiveJson,
} from '@shop/testing';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

export const serviceDir = new URL('..', import.meta.url).pathname;

/** Reads (and deletes) every message waiting in a queue, as envelopes. */
export const drain = (queueUrl: string) => receiveJson<EventEnvelope>(queueUrl);

export type Person = { userId: string; token: string };

/** The tables of serverless.yml under fresh names. */
export const createTables = () =>
  createServiceTables(serviceDir, {
    orders: 'OrdersTable',
    promotions: 'PromotionsTable',
    outbox: 'OutboxTable',
    idempotency: 'IdempotencyTable',
    stores: 'StoresTable',
  });

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Invokes a route handler with a fabricated API Gateway HTTP API (payload v2) event. */
export async function call(
  handler: HttpHandler,
  routeKey: string,
  options: {
    token?: string;
    orderId?: string;
    query?: Record<string, string>;
    correlationId?: string;
    /** The `x-store-id` header; none is the v1 request (main). */
    store?: string;
  } = {},
) {
  const event = httpEvent(routeKey, {
    token: options.token,
    query: options.query,
    ...(options.orderId ? { pathParameters: { orderId: options.orderId } } : {}),
    headers: {
      ...(options.correlationId ? { 'x-correlation-id': options.correlationId } : {}),
      ...(options.store ? { 'x-store-id': options.store } : {}),
    },
  });
  const answer = await invokeHttp(handler, event, lambdaContext('orders-route'));
  // A bodiless answer reads as {}, so tests can look into any answer's fields.
  return { status: answer.status, headers: answer.headers, body: answer.body ?? {} };
}
