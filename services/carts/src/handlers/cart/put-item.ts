import { itemBody, itemPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { carts } from '../../wiring.ts';

/** PUT /cart/items/{productId}: sets how many of a product the cart holds (1–99); 404 for an unknown or deleted product. */
export const handler = httpRoute(
  { auth: 'customer', path: itemPath, body: itemBody },
  async ({ principal, path, body }) =>
    json(200, await carts().setQuantity(principal.userId, path.productId, body.quantity)),
);
