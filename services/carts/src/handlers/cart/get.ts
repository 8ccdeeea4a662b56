import { httpRoute, json } from '@shop/middleware';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/** GET /cart: the caller's own cart in the request's store, priced from the products read model (empty when there is none). */
export const handler = httpRoute({ auth: 'customer', stores: knownStores }, async ({ principal, store }) =>
  json(200, await carts().view(shopperIn(store, principal.userId))),
);
