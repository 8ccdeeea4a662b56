import { cartLinePath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/**
 * DELETE /cart/variants/{variantId}: takes the variant's line out of the cart; DELETE
 * /cart/items/{productId}: every variant of the product. Either not in the cart is no error.
 */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: cartLinePath },
  async ({ principal, store, path: { productId, variantId } }) => {
    const shopper = shopperIn(store, principal.userId);
    // The path names exactly one of the two (cartLinePath).
    return json(
      200,
      variantId === undefined
        ? await carts().removeItem(shopper, productId as string)
        : await carts().removeVariant(shopper, variantId),
    );
  },
);
