import {
  type Cart,
  type CartItem,
  type Promotion,
  promotionRefusal,
  type ShippingOption,
  type StoreSnapshot,
  servesCountry,
  taxRateFor,
} from '@shop/contracts';
import { ConflictError, NotFoundError } from '@shop/errors';
import { priceOrder } from '@shop/pricing';
import type { Address } from '@shop/validation';
import { type CartLine, variantIdOfLine } from './cart.ts';
import { findVariant, type ProductView } from './product-view.ts';

/** The currency of a cart that holds nothing priced, unless its store says otherwise. */
export const DEFAULT_CURRENCY = 'USD';

/** A cart line as the customer sees it, priced from the read model: the contract's `CartItem`. */
export type PricedLine = CartItem;

/** The cart as the API answers it: the contract's `Cart` (not this service's stored `Cart`). */
export type PricedCart = Cart;

/** What of its store a cart is priced with (this service's copy, from StoreChanged). */
export type PricingStore = Pick<StoreSnapshot, 'currency' | 'country' | 'taxIncluded'> &
  Partial<Pick<StoreSnapshot, 'shippingOptions' | 'taxRates'>>;

/** A store that has said nothing yet: USD, no tax, no shipping (the shop before issue 17). */
const NO_STORE: PricingStore = { currency: DEFAULT_CURRENCY, country: 'US', taxIncluded: false };

/** A promotion as carts knows it (its copy, from PromotionChanged). */
export type PromotionView = Promotion;

/**
 * The cart's promotion code, and the promotion it names in the read model (undefined: unknown or
 * deleted). `apply` (PUT /cart/promotion) refuses an unknown code with 404 and one that does not apply
 * now with 409; `checkout` refuses both with 409 (the cart holds a code the store no longer offers); a
 * `view` prices without it instead, so the cart shows what a checkout would charge.
 */
export type AppliedCode = {
  code: string;
  promotion: PromotionView | undefined;
  mode: 'view' | 'apply' | 'checkout';
};

/** Where the cart goes (PUT /cart/delivery), and the shipping option asked for, if any. */
export type Delivery = { shippingAddress: Address; shippingOptionId?: string | undefined };

/**
 * The shipping option for a destination: the one asked for, else the cheapest serving the country
 * (none: no shipping is charged). `strict` (a checkout, PUT /cart/delivery) refuses with 409 an option
 * that is unknown or does not serve the country; a cart's view instead falls back to the cheapest, so
 * a store's change of its options never makes the cart unreadable.
 */
export function chooseShipping(
  store: PricingStore,
  delivery: Delivery,
  strict: boolean,
): ShippingOption | undefined {
  const { country } = delivery.shippingAddress;
  const serving = (store.shippingOptions ?? []).filter((option) => servesCountry(option, country));
  if (delivery.shippingOptionId !== undefined) {
    const asked = serving.find((option) => option.shippingOptionId === delivery.shippingOptionId);
    if (asked) return asked;
    if (strict)
      throw new ConflictError(
        `The shipping option "${delivery.shippingOptionId}" does not deliver to ${country} (GET /shipping-options?country=${country} lists those that do).`,
      );
  }
  return [...serving].sort(
    (a, b) => a.price - b.price || a.shippingOptionId.localeCompare(b.shippingOptionId),
  )[0];
}

/**
 * Prices the lines with the read model's current names and each line's variant's price, SKU and
 * options, then the money with `@shop/pricing`: shipping for the delivery (none before there is one),
 * tax at the destination's rate (the store's country before there is one). A line whose product is
 * unknown or deleted, or whose variant the product no longer sells, cannot be sold and is left out, as
 * is one priced in another currency than the cart's (the currency of its oldest sellable line), so a
 * total never adds up two currencies. A cart with nothing priced shows its store's currency.
 */
export function priceCart(
  lines: readonly CartLine[],
  products: ReadonlyMap<string, ProductView>,
  store: PricingStore = NO_STORE,
  delivery?: Delivery,
  options: { strict?: boolean; promotion?: AppliedCode | undefined; now?: Date } = {},
): PricedCart {
  const sellable = lines.flatMap((line) => {
    const product = products.get(line.productId);
    const variant = product && findVariant(product, variantIdOfLine(line));
    return product && variant ? [{ line, product, variant }] : [];
  });
  const currency = sellable[0]?.product.currency ?? store.currency;
  const priced = sellable
    .filter(({ product }) => product.currency === currency)
    .map(({ line, product, variant }) => ({
      productId: line.productId,
      name: product.name,
      variantId: variant.variantId,
      sku: variant.sku,
      options: variant.options,
      quantity: line.quantity,
      unitPrice: variant.unitPrice,
    }));
  const shipping =
    delivery && priced.length > 0 ? chooseShipping(store, delivery, options.strict ?? false) : undefined;
  const country = delivery?.shippingAddress.country ?? store.country;
  const promotion = applicable(
    options.promotion,
    priced.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
    options.now ?? new Date(),
  );
  const money = priceOrder({
    lines: priced,
    ...(promotion ? { promotion: { type: promotion.type, value: promotion.value } } : {}),
    shipping,
    taxRate: taxRateFor(store, country),
    taxIncluded: store.taxIncluded,
  });
  return {
    items: priced.map((item, index) => ({
      ...item,
      ...(money.lines[index] as (typeof money.lines)[number]),
    })),
    subtotal: money.subtotal,
    discountTotal: money.discountTotal,
    shippingTotal: money.shippingTotal,
    taxTotal: money.taxTotal,
    total: money.total,
    ...(promotion ? { promotionCode: promotion.code } : {}),
    ...(shipping
      ? {
          shippingOption: {
            shippingOptionId: shipping.shippingOptionId,
            name: shipping.name,
            price: shipping.price,
          },
        }
      : {}),
    ...(delivery ? { shippingAddress: delivery.shippingAddress } : {}),
    currency,
  };
}

/**
 * The cart's promotion if it applies to goods worth `subtotal` now (its window, minimum and overall
 * uses, as carts' copy knows them); else nothing in a view, or a 404/409 saying why (AppliedCode).
 */
function applicable(
  applied: AppliedCode | undefined,
  subtotal: number,
  now: Date,
): PromotionView | undefined {
  if (!applied) return undefined;
  const { code, promotion, mode } = applied;
  if (!promotion) {
    if (mode === 'apply') throw new NotFoundError(`No promotion has the code "${code}" in this store.`);
    if (mode === 'checkout')
      throw new ConflictError(
        `The code ${code} is no longer offered; take it off the cart (DELETE /cart/promotion).`,
      );
    return undefined;
  }
  const refusal = promotionRefusal(promotion, subtotal, now);
  if (refusal && mode !== 'view') throw new ConflictError(refusal);
  return refusal ? undefined : promotion;
}
