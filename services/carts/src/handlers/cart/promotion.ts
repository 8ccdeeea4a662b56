import { cartPromotionBody } from '@shop/contracts';
import { type HttpHandler, httpRoute, json } from '@shop/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/**
 * PUT /cart/promotion: the cart of the request's store priced with the code; 404 for an unknown code,
 * 409 for one that has expired, not started, is used up or needs more goods (nothing written then).
 */
const putPromotion = httpRoute(
  { auth: 'customer', stores: knownStores, body: cartPromotionBody },
  async ({ principal, store, body }) =>
    json(200, await carts().setPromotion(shopperIn(store, principal.userId), body.code)),
);

/** DELETE /cart/promotion: the cart without its code. */
const deletePromotion = httpRoute({ auth: 'customer', stores: knownStores }, async ({ principal, store }) =>
  json(200, await carts().removePromotion(shopperIn(store, principal.userId))),
);

const routes: Record<string, HttpHandler> = {
  'PUT /cart/promotion': putPromotion,
  'DELETE /cart/promotion': deletePromotion,
};

/** Both change the cart's code: one function, chosen by the route key. */
export const handler = (event: APIGatewayProxyEventV2, context: Context) => {
  const route = routes[event.routeKey];
  if (!route) throw new Error(`changeCartPromotion serves no route "${event.routeKey}"`);
  return route(event, context);
};
