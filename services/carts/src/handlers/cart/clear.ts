import { httpRoute, noContent } from '@shop/middleware';
import { carts } from '../../wiring.ts';

/** DELETE /cart: empties the caller's cart. */
export const handler = httpRoute({ auth: 'customer' }, async ({ principal }) => {
  await carts().clear(principal.userId);
  return noContent();
});
