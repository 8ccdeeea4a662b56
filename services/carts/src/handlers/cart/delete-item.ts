import { itemPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/** DELETE /cart/items/{productId}: takes the product out of the cart (a product not in it is no error). */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: itemPath },
  async ({ principal, store, path }) =>
    json(200, await carts().removeItem(shopperIn(store, principal.userId), path.productId)),
);
