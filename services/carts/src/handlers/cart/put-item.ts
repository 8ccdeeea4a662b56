import { itemBody, itemPath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/**
 * PUT /cart/items/{productId}: sets how many of a product the cart of the request's store holds
 * (1–99); 404 for an unknown or deleted product, or one of another store.
 */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: itemPath, body: itemBody },
  async ({ principal, store, path, body }) =>
    json(200, await carts().setQuantity(shopperIn(store, principal.userId), path.productId, body.quantity)),
);
