import { httpRoute, noContent } from '@shop/middleware';
import { carts } from '../../wiring.ts';

/** DELETE /cart: empties the caller's cart; their orders still count against the checkout limits. */
export const handler = httpRoute({ auth: 'customer' }, async ({ principal }) => {
  await carts().clear(principal.userId);
  return noContent();
});
