import type { Cart, CartItem } from '@shop/contracts';
import { type CartLine, variantIdOfLine } from './cart.ts';
import { findVariant, type ProductView } from './product-view.ts';

/** The currency of a cart that holds nothing priced, unless its store says otherwise. */
export const DEFAULT_CURRENCY = 'USD';

/** A cart line as the customer sees it, priced from the read model: the contract's `CartItem`. */
export type PricedLine = CartItem;

/** The cart as the API answers it, `{ items, subtotal, currency }`: the contract's `Cart` (not this service's stored `Cart`). */
export type PricedCart = Cart;

/**
 * Prices the lines with the read model's current names and each line's variant's price, SKU and
 * options. A line whose product is unknown or deleted, or whose variant the product no longer sells,
 * cannot be sold and is left out, as is one priced in another currency than the cart's (the currency
 * of its oldest sellable line), so a subtotal never adds up two currencies. A cart with nothing
 * priced shows `emptyCurrency` (its store's currency).
 */
export function priceCart(
  lines: readonly CartLine[],
  products: ReadonlyMap<string, ProductView>,
  emptyCurrency: string = DEFAULT_CURRENCY,
): PricedCart {
  const sellable = lines.flatMap((line) => {
    const product = products.get(line.productId);
    const variant = product && findVariant(product, variantIdOfLine(line));
    return product && variant ? [{ line, product, variant }] : [];
  });
  const currency = sellable[0]?.product.currency ?? emptyCurrency;
  const items = sellable
    .filter(({ product }) => product.currency === currency)
    .map(({ line, product, variant }) => ({
      productId: line.productId,
      name: product.name,
      variantId: variant.variantId,
      sku: variant.sku,
      options: variant.options,
      quantity: line.quantity,
      unitPrice: variant.unitPrice,
      lineTotal: line.quantity * variant.unitPrice,
    }));
  return { items, subtotal: items.reduce((sum, item) => sum + item.lineTotal, 0), currency };
}
