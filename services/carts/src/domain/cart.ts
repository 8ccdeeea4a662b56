import { canonicalCode, DEFAULT_STORE_ID, MAX_CART_LINES, quantity } from '@shop/contracts';
import { ConflictError, NotFoundError } from '@shop/errors';
import {
  type CheckoutLimits,
  DEFAULT_CHECKOUT_LIMITS,
  isForgotten,
  refuseBeyondLimits,
} from './open-orders.ts';
import type { Delivery, PricedCart } from './pricing.ts';
import { findVariant, type ProductView, type VariantView, variantsOf } from './product-view.ts';

/** An untouched cart expires after this long. */
export const CART_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * One variant of a product in the cart and how many; its name, SKU, options and price are looked up
 * when the cart is priced. `variantId` is only stored when it is not the product's id: a line without
 * it (every line from before variants) holds the product's one variant.
 */
export type CartLine = { productId: string; variantId?: string; quantity: number; addedAt: string };

/** What a checkout took of one variant (`variantId` absent: the product's one variant, as in CartLine). */
export type CheckedOutLine = { productId: string; variantId?: string; quantity: number };

/** The variant a cart line (or a checked-out line) holds. */
export const variantIdOfLine = (line: { productId: string; variantId?: string | undefined }): string =>
  line.variantId ?? line.productId;

/** A line's variant as stored: the variant's id only when it is not the product's own. */
const variantField = (productId: string, variantId: string) => (variantId === productId ? {} : { variantId });

/** A checkout whose order has not ended yet: what was checked out, to take out of the cart once confirmed. */
export type CheckoutInFlight = {
  orderId: string;
  lines: CheckedOutLine[];
  at: string;
};

/**
 * An order of this cart that is confirmed and not yet shipped or cancelled: it still holds stock for
 * the customer, so it counts against their limits until it ships or is cancelled.
 */
export type OpenOrder = {
  orderId: string;
  lines: CheckedOutLine[];
  confirmedAt: string;
};

/** Whose cart: one per customer and store. */
export type CartOwner = { userId: string; storeId: string };

/**
 * One customer's cart in one store, and their orders of that store that are not settled yet
 * (checkouts in flight, confirmed orders not shipped), so the limits count per store. `version` grows
 * with every write; writes are conditioned on the version read.
 */
export type Cart = {
  userId: string;
  storeId: string;
  lines: CartLine[];
  /** Where it goes and how (PUT /cart/delivery); the checkout uses it when its body names none. */
  delivery?: Delivery;
  /** The promotion code it is priced with (PUT /cart/promotion), upper case; checked at every pricing. */
  promotionCode?: string;
  checkouts: CheckoutInFlight[];
  openOrders: OpenOrder[];
  version: number;
  updatedAt: string;
};

/** A cart with nothing in it, as a customer who never added anything (in that store) has. */
export const emptyCart = (userId: string, version = 0, storeId: string = DEFAULT_STORE_ID): Cart => ({
  userId,
  storeId,
  lines: [],
  checkouts: [],
  openOrders: [],
  version,
  updatedAt: new Date(0).toISOString(),
});

const touched = (cart: Cart, changes: Partial<Cart>, now: Date): Cart => ({
  ...cart,
  ...changes,
  version: cart.version + 1,
  updatedAt: now.toISOString(),
});

/**
 * The variant PUT /cart/items/{productId} means: the product's only one. 409 for a product with
 * several, whose detail names the route that takes one of them.
 */
export function onlyVariantOf(product: ProductView): VariantView {
  const variants = variantsOf(product);
  const [only] = variants;
  if (only && variants.length === 1) return only;
  throw new ConflictError(
    `"${product.name}" has ${variants.length} variants; put one in the cart with PUT /cart/variants/{variantId} ` +
      `(GET /products/${product.productId} lists them).`,
  );
}

/**
 * Sets how many of a one-variant product the cart holds (PUT /cart/items/{productId}); 409 for a
 * product with several variants (see onlyVariantOf), otherwise as setVariantQuantity.
 */
export function setQuantity(
  cart: Cart,
  product: ProductView,
  requested: number,
  priced: PricedCart,
  now = new Date(),
): Cart {
  return putVariant(cart, product, onlyVariantOf(product), requested, priced, now);
}

/**
 * Sets how many of one variant of the product the cart holds (PUT semantics: the quantity replaces the
 * previous one); each variant is a line of its own. 404 for a variant the product does not sell;
 * refuses a new line beyond MAX_CART_LINES, and a product priced in another currency than the cart.
 */
export function setVariantQuantity(
  cart: Cart,
  product: ProductView,
  variantId: string,
  requested: number,
  priced: PricedCart,
  now = new Date(),
): Cart {
  const variant = findVariant(product, variantId);
  if (!variant) throw new NotFoundError(`No variant has the id "${variantId}".`);
  return putVariant(cart, product, variant, requested, priced, now);
}

function putVariant(
  cart: Cart,
  product: ProductView,
  variant: VariantView,
  requested: number,
  priced: PricedCart,
  now: Date,
): Cart {
  const checked = quantity.parse(requested);
  const holdsIt = (line: CartLine) =>
    line.productId === product.productId && variantIdOfLine(line) === variant.variantId;
  const existing = cart.lines.find(holdsIt);
  const others = priced.items.filter((item) => item.productId !== product.productId);
  if (others.length > 0 && priced.currency !== product.currency)
    throw new ConflictError(
      `The cart is priced in ${priced.currency}; "${product.productId}" is sold in ${product.currency}.`,
    );
  if (existing)
    return touched(
      cart,
      { lines: cart.lines.map((line) => (holdsIt(line) ? { ...line, quantity: checked } : line)) },
      now,
    );
  if (cart.lines.length >= MAX_CART_LINES)
    throw new ConflictError(`A cart holds at most ${MAX_CART_LINES} different variants.`);
  const line: CartLine = {
    productId: product.productId,
    ...variantField(product.productId, variant.variantId),
    quantity: checked,
    addedAt: now.toISOString(),
  };
  return touched(cart, { lines: [...cart.lines, line] }, now);
}

/** Sets where the cart goes and the shipping option asked for (the option is checked by pricing). */
export function setDelivery(cart: Cart, delivery: Delivery, now = new Date()): Cart {
  const { shippingAddress, shippingOptionId } = delivery;
  return touched(
    cart,
    { delivery: { shippingAddress, ...(shippingOptionId ? { shippingOptionId } : {}) } },
    now,
  );
}

/** Sets the cart's promotion code (replacing any before); whether it applies is pricing's to say. */
export function setPromotionCode(cart: Cart, code: string, now = new Date()): Cart {
  return touched(cart, { promotionCode: canonicalCode(code) }, now);
}

/** Takes the promotion code off the cart; a cart without one stays as it is. */
export function removePromotionCode(cart: Cart, now = new Date()): Cart | undefined {
  if (cart.promotionCode === undefined) return undefined;
  const { promotionCode: _code, ...rest } = cart;
  return touched(rest, {}, now);
}

/**
 * Takes a product out of the cart, every variant of it; a product that is not in it leaves the cart
 * as it is.
 */
export function removeLine(cart: Cart, productId: string, now = new Date()): Cart | undefined {
  if (!cart.lines.some((line) => line.productId === productId)) return undefined;
  return touched(cart, { lines: cart.lines.filter((line) => line.productId !== productId) }, now);
}

/** Takes one variant's line out of the cart; a variant that is not in it leaves the cart as it is. */
export function removeVariantLine(cart: Cart, variantId: string, now = new Date()): Cart | undefined {
  if (!cart.lines.some((line) => variantIdOfLine(line) === variantId)) return undefined;
  return touched(cart, { lines: cart.lines.filter((line) => variantIdOfLine(line) !== variantId) }, now);
}

/**
 * Records that the priced lines were checked out as `orderId`. The lines stay in the cart until the
 * order is confirmed (a rejected order keeps the cart); 409 when nothing in the cart can be ordered,
 * or when the customer's limits refuse another checkout now (see open-orders.ts).
 */
export function startCheckout(
  cart: Cart,
  orderId: string,
  priced: PricedCart,
  limits: CheckoutLimits = DEFAULT_CHECKOUT_LIMITS,
  now = new Date(),
): Cart {
  if (priced.items.length === 0) throw new ConflictError('The cart is empty.');
  refuseBeyondLimits(cart, priced.items, limits, now);
  const lines = priced.items.map(
    ({ productId, variantId, quantity }): CheckedOutLine => ({
      productId,
      ...variantField(productId, variantId),
      quantity,
    }),
  );
  const kept = cart.checkouts.filter((checkout) => !isForgotten(checkout, now));
  return touched(cart, { checkouts: [...kept, { orderId, lines, at: now.toISOString() }] }, now);
}

/** How far an order of this cart got, as its events tell it (OrderConfirmed, OrderShipped, ...). */
export type OrderProgress = 'CONFIRMED' | 'SHIPPED' | 'REJECTED' | 'CANCELLED';

/**
 * Applies what an order event says to the cart and its open orders; undefined when there is nothing
 * to change. A checkout in flight that is
 * - CONFIRMED: what was checked out is taken out of the cart, variant by variant, by the quantity
 *   checked out (whatever the customer added since stays), with the promotion code it used, and the
 *   order stays open until shipped;
 * - SHIPPED (its confirmation not here yet): taken out of the cart the same way, and closed;
 * - REJECTED or CANCELLED: closed, and the cart keeps everything.
 * An open order closes when SHIPPED or CANCELLED. Only a checkout creates an entry, and every event
 * removes or moves one, so a closed order is never reopened: a redelivered or late event finds
 * nothing and changes nothing, however the events are ordered.
 */
export function settleOrder(
  cart: Cart,
  orderId: string,
  progress: OrderProgress,
  now = new Date(),
  /** The promotion code the order was priced with (its events carry it). */
  promotionCode?: string,
): Cart | undefined {
  const checkout = cart.checkouts.find((candidate) => candidate.orderId === orderId);
  if (checkout) {
    const checkouts = cart.checkouts.filter((candidate) => candidate !== checkout);
    if (progress === 'REJECTED' || progress === 'CANCELLED') return touched(cart, { checkouts }, now);
    const bought = new Map(checkout.lines.map((line) => [variantIdOfLine(line), line.quantity]));
    const lines = cart.lines
      .map((line) => ({ ...line, quantity: line.quantity - (bought.get(variantIdOfLine(line)) ?? 0) }))
      .filter((line) => line.quantity > 0);
    const openOrders =
      progress === 'CONFIRMED'
        ? [...cart.openOrders, { orderId, lines: checkout.lines, confirmedAt: now.toISOString() }]
        : cart.openOrders;
    const next = touched(cart, { lines, checkouts, openOrders }, now);
    // The code was used by this order: the next one does not get it unless the customer enters it again.
    if (promotionCode !== undefined && next.promotionCode === promotionCode) delete next.promotionCode;
    return next;
  }
  const open = cart.openOrders.find((candidate) => candidate.orderId === orderId);
  if (!open || progress === 'CONFIRMED') return undefined;
  return touched(cart, { openOrders: cart.openOrders.filter((candidate) => candidate !== open) }, now);
}
