import { listReviewsQuery, reviewProductPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { knownStores, reviews } from '../../wiring.ts';

/** GET /products/{productId}/reviews: a product's reviews in the request's store, a page at a time. */
export const handler = httpRoute(
  { stores: knownStores, path: reviewProductPath, query: listReviewsQuery },
  async ({ store, path, query }) => json(200, await reviews().list(store.storeId, path.productId, query)),
);
