import { httpRoute, json } from '@shop/middleware';
import { carts } from '../../wiring.ts';

/** GET /cart: the caller's own cart, priced from the products read model (empty when there is none). */
export const handler = httpRoute({ auth: 'customer' }, async ({ principal }) =>
  json(200, await carts().view(principal.userId)),
);
