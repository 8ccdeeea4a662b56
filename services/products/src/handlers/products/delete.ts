import { httpRoute, noContent } from '@shop/middleware';
import { catalog } from '../../wiring.ts';
import { productPath } from './get.ts';

/** DELETE /products/{productId} (admin): the product leaves the catalog; reservations still release. */
export const handler = httpRoute({ auth: 'admin', path: productPath }, async ({ path, correlationId }) => {
  await catalog().remove(path.productId, { correlationId });
  return noContent();
});
