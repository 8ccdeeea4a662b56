import { reviewBody, reviewProductPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { knownStores, reviews } from '../../wiring.ts';

/** POST /products/{productId}/reviews: a verified buyer's review (403 not one, 409 reviewed already). */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: reviewProductPath, body: reviewBody },
  async ({ principal, store, path, body, correlationId }) =>
    json(
      201,
      await reviews().post(
        { storeId: store.storeId, productId: path.productId, userId: principal.userId },
        body,
        { correlationId },
      ),
    ),
);
