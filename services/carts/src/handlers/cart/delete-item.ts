import { itemPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { carts } from '../../wiring.ts';

/** DELETE /cart/items/{productId}: takes the product out of the cart (a product not in it is no error). */
export const handler = httpRoute({ auth: 'customer', path: itemPath }, async ({ principal, path }) =>
  json(200, await carts().removeItem(principal.userId, path.productId)),
);
