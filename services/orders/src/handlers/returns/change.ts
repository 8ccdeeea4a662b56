import { orderPath, returnPath, returnRejectionBody, returnRequestBody } from '@shop/contracts';
import { type HttpHandler, httpRoute, json } from '@shop/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { actorOf } from '../../domain/actor.ts';
import { knownStores, returns } from '../../wiring.ts';

/** POST /orders/{orderId}/returns (the owner): 201 REQUESTED; 409 not delivered, past the window, too many units. */
const requestReturn = httpRoute(
  { auth: 'customer', stores: knownStores, path: orderPath, body: returnRequestBody },
  async ({ principal, store, path, body }) =>
    json(201, await returns().request(path.orderId, actorOf(principal, store.storeId), body, store)),
);

/** POST /orders/{orderId}/returns/{returnId}/receive (the store's admins): RECEIVED once; 409 if rejected. */
const receiveReturn = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: returnPath },
  async ({ principal, store, path }) =>
    json(200, await returns().receive(path.orderId, path.returnId, actorOf(principal, store.storeId))),
);

/** POST /orders/{orderId}/returns/{returnId}/reject (the store's admins): REJECTED from REQUESTED, else 409. */
const rejectReturn = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: returnPath, body: returnRejectionBody },
  async ({ principal, store, path, body }) =>
    json(
      200,
      await returns().reject(path.orderId, path.returnId, actorOf(principal, store.storeId), body.reason),
    ),
);

const routes: Record<string, HttpHandler> = {
  'POST /orders/{orderId}/returns': requestReturn,
  'POST /orders/{orderId}/returns/{returnId}/receive': receiveReturn,
  'POST /orders/{orderId}/returns/{returnId}/reject': rejectReturn,
};

/**
 * Every change of an order's returns is one write of the order's item conditioned on its
 * `returnsVersion`: one function for the three routes, chosen by the route key (API Gateway routes
 * only these here, as serverless.yml declares them).
 */
export const handler = (event: APIGatewayProxyEventV2, context: Context) => {
  const route = routes[event.routeKey];
  if (!route) throw new Error(`changeReturns serves no route "${event.routeKey}"`);
  return route(event, context);
};
