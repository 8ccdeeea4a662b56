import {
  newShippingOptionBody,
  shippingOptionPatchBody,
  shippingOptionPath,
  taxRateBody,
  taxRatePath,
} from '@shop/contracts';
import { type HttpHandler, httpRoute, json, noContent, storeIdOf } from '@shop/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { checkoutSettings } from '../../wiring.ts';

// The request's store is `X-Store-Id` (absent: `main`). `customer` in the middleware, and the rule
// (the `admin` group or that store's admins; 403 before anything is read) is the domain's, as for
// PATCH /stores: the store's item is read once, by the write that changes it.

/** POST /shipping-options (the store's admins): a new option with a server-made id; 409 past 50. */
const addShippingOption = httpRoute(
  { auth: 'customer', body: newShippingOptionBody },
  async ({ body, principal, event, correlationId }) =>
    json(
      201,
      await checkoutSettings().addShippingOption(storeIdOf(event), body, principal, { correlationId }),
    ),
);

/** PATCH /shipping-options/{shippingOptionId} (the store's admins): changes the given fields. */
const changeShippingOption = httpRoute(
  { auth: 'customer', path: shippingOptionPath, body: shippingOptionPatchBody },
  async ({ path, body, principal, event, correlationId }) =>
    json(
      200,
      await checkoutSettings().changeShippingOption(
        storeIdOf(event),
        path.shippingOptionId,
        body,
        principal,
        {
          correlationId,
        },
      ),
    ),
);

/** DELETE /shipping-options/{shippingOptionId} (the store's admins); 404 for no such option. */
const removeShippingOption = httpRoute(
  { auth: 'customer', path: shippingOptionPath },
  async ({ path, principal, event, correlationId }) => {
    await checkoutSettings().removeShippingOption(storeIdOf(event), path.shippingOptionId, principal, {
      correlationId,
    });
    return noContent();
  },
);

/** PUT /tax-rates/{country} (the store's admins): the country's rate in basis points, replacing any before. */
const putTaxRate = httpRoute(
  { auth: 'customer', path: taxRatePath, body: taxRateBody },
  async ({ path, body, principal, event, correlationId }) =>
    json(
      200,
      await checkoutSettings().putTaxRate(
        storeIdOf(event),
        { country: path.country, rate: body.rate },
        principal,
        { correlationId },
      ),
    ),
);

/** DELETE /tax-rates/{country} (the store's admins); 404 when the store keeps none for it. */
const removeTaxRate = httpRoute(
  { auth: 'customer', path: taxRatePath },
  async ({ path, principal, event, correlationId }) => {
    await checkoutSettings().removeTaxRate(storeIdOf(event), path.country, principal, { correlationId });
    return noContent();
  },
);

const routes: Record<string, HttpHandler> = {
  'POST /shipping-options': addShippingOption,
  'PATCH /shipping-options/{shippingOptionId}': changeShippingOption,
  'DELETE /shipping-options/{shippingOptionId}': removeShippingOption,
  'PUT /tax-rates/{country}': putTaxRate,
  'DELETE /tax-rates/{country}': removeTaxRate,
};

/**
 * Every change of a store's checkout settings is one conditioned write of the store's item and its
 * StoreChanged: one function for the five routes, chosen by the route key (API Gateway routes only
 * these here, as serverless.yml declares them).
 */
export const handler = (event: APIGatewayProxyEventV2, context: Context) => {
  const route = routes[event.routeKey];
  if (!route) throw new Error(`changeCheckoutSettings serves no route "${event.routeKey}"`);
  return route(event, context);
};
