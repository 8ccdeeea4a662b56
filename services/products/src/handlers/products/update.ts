import { productPatchBody, productPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { catalog } from '../../wiring.ts';

/** PATCH /products/{productId} (admin): changes the given fields; `stock` sets what can be sold from now on. */
export const handler = httpRoute(
  { auth: 'admin', path: productPath, body: productPatchBody },
  async ({ path, body, correlationId }) =>
    json(200, await catalog().update(path.productId, body, { correlationId })),
);
