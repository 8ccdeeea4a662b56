import { NotFoundError } from '@shop/errors';
import { httpRoute } from '@shop/middleware';
import * as z from 'zod';
import { catalog } from '../../wiring.ts';

export const productPath = z.object({ productId: z.string().min(1).max(64) });

/** GET /products/{productId}: one product, or 404 (also for a deleted one). */
export const handler = httpRoute({ path: productPath }, async ({ path }) => {
  const found = await catalog().find(path.productId);
  if (!found) throw new NotFoundError(`No product has the id "${path.productId}".`);
  return { statusCode: 200, body: found };
});
