import { productPatchBody, productPath, variantPatchBody, variantPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { catalogWrites, knownStores } from '../../wiring.ts';

/**
 * PATCH /products/{productId} (the store's admins): changes the given fields of a product of the
 * request's store (another store's is 404); `stock` sets what can be sold from now on.
 */
const updateProduct = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: productPath, body: productPatchBody },
  async ({ path, body, store, correlationId }) =>
    json(200, await catalogWrites().update(store.storeId, path.productId, body, { correlationId })),
);

/**
 * PATCH /products/{productId}/variants/{variantId} (the store's admins): one variant's SKU (unique in
 * the store: 409), price or stock; answers the whole product.
 */
const updateVariant = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, path: variantPath, body: variantPatchBody },
  async ({ path, body, store, correlationId }) =>
    json(
      200,
      await catalogWrites().updateVariant(store.storeId, path.productId, path.variantId, body, {
        correlationId,
      }),
    ),
);

/** Both routes change one product in one write: one function, chosen by the route's path. */
export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  event.pathParameters?.variantId === undefined
    ? updateProduct(event, context)
    : updateVariant(event, context);
