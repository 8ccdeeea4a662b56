import { newProductBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { catalog } from '../../wiring.ts';

/** POST /products (admin): a new product, with its search entries and ProductChanged event. */
export const handler = httpRoute({ auth: 'admin', body: newProductBody }, async ({ body, correlationId }) => {
  const created = await catalog().create(body, { correlationId });
  return json(201, created, { Location: `/products/${created.productId}` });
});
