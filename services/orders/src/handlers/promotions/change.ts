import { newPromotionBody, promotionPatchBody, promotionPath } from '@shop/contracts';
import { type HttpHandler, httpRoute, json, noContent } from '@shop/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { knownStores, promotions } from '../../wiring.ts';

// The store's admins only (the `admin` group or the store's own), checked by the middleware: 403 before
// anything is read.

/** POST /promotions: a new code of the request's store; 409 when it is taken. */
const createPromotion = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, body: newPromotionBody },
  async ({ body, store, correlationId }) =>
    json(201, await promotions().create(store.storeId, body, { correlationId })),
);

/** PATCH /promotions/{code}: the given fields; `null` removes an optional one. */
const changePromotion = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: promotionPath, body: promotionPatchBody },
  async ({ path, body, store, correlationId }) =>
    json(200, await promotions().change(store.storeId, path.code, body, { correlationId })),
);

/** DELETE /promotions/{code}: carts stop applying it; confirmed orders keep their money. */
const deletePromotion = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: promotionPath },
  async ({ path, store, correlationId }) => {
    await promotions().remove(store.storeId, path.code, { correlationId });
    return noContent();
  },
);

const routes: Record<string, HttpHandler> = {
  'POST /promotions': createPromotion,
  'PATCH /promotions/{code}': changePromotion,
  'DELETE /promotions/{code}': deletePromotion,
};

/** The three changes of a store's promotions: one function, chosen by the route key. */
export const handler = (event: APIGatewayProxyEventV2, context: Context) => {
  const route = routes[event.routeKey];
  if (!route) throw new Error(`changePromotions serves no route "${event.routeKey}"`);
  return route(event, context);
};
