import { reviewBody, reviewProductPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { knownStores, reviews } from '../../wiring.ts';

/** PUT /products/{productId}/reviews/mine: the caller's own review, changed (404 none). */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: reviewProductPath, body: reviewBody },
  async ({ principal, store, path, body, correlationId }) =>
    json(
      200,
      await reviews().update(
        { storeId: store.storeId, productId: path.productId, userId: principal.userId },
        body,
        { correlationId },
      ),
    ),
);
