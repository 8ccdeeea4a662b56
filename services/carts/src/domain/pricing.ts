import type { Cart, CartItem } from '@shop/contracts';
import type { CartLine } from './cart.ts';
import type { ProductView } from './product-view.ts';

/** The currency of a cart that holds nothing priced, unless its store says otherwise. */
export const DEFAULT_CURRENCY = 'USD';

/** A cart line as the customer sees it, priced from the read model: the contract's `CartItem`. */
export type PricedLine = CartItem;

/** The cart as the API answers it, `{ items, subtotal, currency }`: the contract's `Cart` (not this service's stored `Cart`). */
export type PricedCart = Cart;

/**
 * Prices the lines with the read model's current names and prices. A line whose product is unknown or
 * deleted cannot be sold and is left out, as is one priced in another currency than the cart's
 * (the currency of its oldest sellable line), so a subtotal never adds up two currencies. A cart
 * with nothing priced shows `emptyCurrency` (its store's currency).
 */
export function priceCart(
  lines: readonly CartLine[],
  products: ReadonlyMap<string, ProductView>,
  emptyCurrency: string = DEFAULT_CURRENCY,
): PricedCart {
  const sellable = lines.flatMap((line) => {
    const product = products.get(line.productId);
    return product ? [{ line, product }] : [];
  });
  const currency = sellable[0]?.product.currency ?? emptyCurrency;
  const items = sellable
    .filter(({ product }) => product.currency === currency)
    .map(({ line, product }) => ({
      productId: line.productId,
      name: product.name,
      // Until carts hold variants, a line is its product's one variant (its id and SKU are the product's).
      variantId: line.productId,
      sku: line.productId,
      options: {},
      quantity: line.quantity,
      unitPrice: product.unitPrice,
      lineTotal: line.quantity * product.unitPrice,
    }));
  return { items, subtotal: items.reduce((sum, item) => sum + item.lineTotal, 0), currency };
}
