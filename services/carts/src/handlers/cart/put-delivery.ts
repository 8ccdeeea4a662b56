import { deliveryBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/**
 * PUT /cart/delivery: where the cart of the request's store goes and how; answers the cart priced for
 * it (shipping, the destination's tax). 409 for a shipping option that does not deliver there.
 */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, body: deliveryBody },
  async ({ principal, store, body }) =>
    json(200, await carts().setDelivery(shopperIn(store, principal.userId), body)),
);
