import { cartLinePath, itemBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/**
 * PUT /cart/variants/{variantId} and PUT /cart/items/{productId}: sets how many of a variant, or of a
 * one-variant product, the cart of the request's store holds (1–99); 404 for an unknown or deleted
 * product or variant, or one of another store; 409 by product id for a product with several variants.
 */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, path: cartLinePath, body: itemBody },
  async ({ principal, store, path: { productId, variantId }, body }) => {
    const shopper = shopperIn(store, principal.userId);
    // The path names exactly one of the two (cartLinePath).
    return json(
      200,
      variantId === undefined
        ? await carts().setQuantity(shopper, productId as string, body.quantity)
        : await carts().setVariantQuantity(shopper, variantId, body.quantity),
    );
  },
);
