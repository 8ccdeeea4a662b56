import { httpRoute, noContent } from '@shop/middleware';
import { carts, knownStores } from '../../wiring.ts';

/** DELETE /cart: empties the caller's cart in the request's store; their orders still count against the checkout limits. */
export const handler = httpRoute({ auth: 'customer', stores: knownStores }, async ({ principal, store }) => {
  await carts().clear({ userId: principal.userId, storeId: store.storeId });
  return noContent();
});
