import { newProductBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { catalogWrites, knownStores } from '../../wiring.ts';

/**
 * POST /products (the store's admins): a new product of the request's store, in its currency unless the
 * body names one, with its search entries and ProductChanged event.
 */
export const handler = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, body: newProductBody },
  async ({ body, store, correlationId }) => {
    const created = await catalogWrites().create(store, body, { correlationId });
    return json(201, created, { Location: `/products/${created.productId}` });
  },
);
