import { productPath } from '@shop/contracts';
import { httpRoute, noContent } from '@shop/middleware';
import { catalog } from '../../wiring.ts';

/** DELETE /products/{productId} (admin): the product leaves the catalog; reservations still release. */
export const handler = httpRoute({ auth: 'admin', path: productPath }, async ({ path, correlationId }) => {
  await catalog().remove(path.productId, { correlationId });
  return noContent();
});
