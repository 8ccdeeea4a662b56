import { shippingOptionsQuery } from '@shop/contracts';
import { httpRoute, json, storeIdOf } from '@shop/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { checkoutSettings } from '../../wiring.ts';

// The request's store (`X-Store-Id`, absent: `main`) is read from this service's own table, where its
// settings are: one GetItem, which also answers 404 for no such store.

/** GET /shipping-options?country= (anyone): the store's options, those delivering to `country` if given. */
const listShippingOptions = httpRoute({ query: shippingOptionsQuery }, async ({ query, event }) =>
  json(200, await checkoutSettings().shippingOptions(storeIdOf(event), query.country)),
);

/** GET /tax-rates (anyone): the store's tax rates by destination country, sorted by country. */
const listTaxRates = httpRoute({}, async ({ event }) =>
  json(200, await checkoutSettings().taxRates(storeIdOf(event))),
);

/** Both read the store's one item: one function, chosen by the route. */
export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  event.routeKey === 'GET /tax-rates' ? listTaxRates(event, context) : listShippingOptions(event, context);
