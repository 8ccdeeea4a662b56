import { listProductsQuery, productFacetsQuery } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { catalogCache, catalogReads, knownStores } from '../../wiring.ts';

/**
 * GET /products: the request's store's catalog, one category of it, or a word search (within a
 * category), sorted, within a price range and to what is in stock, a page at a time; a cursor of
 * another store, sort or filter is a 400.
 */
const listProducts = httpRoute(
  { stores: knownStores, query: listProductsQuery, cache: catalogCache },
  async ({ query, store }) => json(200, await catalogReads().list(store.storeId, query)),
);

/** GET /products/facets: the categories (with counts) and the price range of what the filters select. */
const productFacets = httpRoute(
  { stores: knownStores, query: productFacetsQuery, cache: catalogCache },
  async ({ query, store }) => json(200, await catalogReads().facets(store.storeId, query)),
);

/** Both read the same indexes: one function, chosen by the route. */
export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  event.routeKey?.endsWith('/products/facets') || event.rawPath?.endsWith('/products/facets')
    ? productFacets(event, context)
    : listProducts(event, context);
