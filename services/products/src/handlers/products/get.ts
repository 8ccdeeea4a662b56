import { productPath } from '@shop/contracts';
import { NotFoundError } from '@shop/errors';
import { httpRoute } from '@shop/middleware';
import { catalog, catalogCache } from '../../wiring.ts';

/** GET /products/{productId}: one product, or 404 (also for a deleted one). */
export const handler = httpRoute({ path: productPath, cache: catalogCache }, async ({ path }) => {
  const found = await catalog().find(path.productId);
  if (!found) throw new NotFoundError(`No product has the id "${path.productId}".`);
  return { statusCode: 200, body: found };
});
