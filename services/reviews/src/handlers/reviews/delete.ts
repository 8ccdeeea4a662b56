import { administers } from '@shop/auth';
import { reviewPath } from '@shop/contracts';
import { httpRoute, noContent } from '@shop/middleware';
import { knownStores, reviews } from '../../wiring.ts';

/** DELETE /products/{productId}/reviews/{reviewId}: by its author or the store's admins (403 others, 404 none). */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: reviewPath },
  async ({ principal, store, path, correlationId }) => {
    await reviews().remove(
      { storeId: store.storeId, productId: path.productId, reviewId: path.reviewId },
      { userId: principal.userId, administersStore: administers(principal, store.storeId) },
      { correlationId },
    );
    return noContent();
  },
);
