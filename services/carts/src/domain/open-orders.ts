import { HttpError } from '@shop/errors';
import type { Cart, CheckedOutLine, CheckoutInFlight } from './cart.ts';
import type { PricedLine } from './pricing.ts';

/**
 * How much of the stock one customer may hold at once (abuse limits, stage params in stages.yml).
 * Open orders are the checkouts in flight and the confirmed orders not yet shipped or cancelled.
 */
export type CheckoutLimits = {
  /** The most open orders one customer may have. */
  maxOpenOrders: number;
  /** The most units of one product (all its variants together) on a customer's open orders together. */
  maxUnitsPerProduct: number;
  /**
   * A checkout in flight for longer than this no longer counts (nor blocks the next checkout): its
   * order was lost or is stuck, and must not lock the customer out for ever. Longer than any payment
   * wait, so a live order is always counted.
   */
  inFlightMinutes: number;
};

/** The limits every stage uses unless stages.yml says otherwise. */
export const DEFAULT_CHECKOUT_LIMITS: CheckoutLimits = {
  maxOpenOrders: 5,
  maxUnitsPerProduct: 20,
  inFlightMinutes: 60,
};

/**
 * A checkout in flight older than this is dropped from the cart when the next checkout is recorded:
 * no event about it can still arrive (SQS keeps a message 14 days), and the cart item stays small.
 */
export const FORGET_IN_FLIGHT_DAYS = 14;

/** Why a checkout is refused by the limits; each has its own problem type, so a client can tell them apart. */
export type LimitKind = 'checkout-in-flight' | 'open-orders-limit' | 'open-units-limit';

/** 409: the checkout would break one of the abuse limits; `detail` says which and what to do. */
export class CheckoutRefusedError extends HttpError {
  readonly limit: LimitKind;

  constructor(limit: LimitKind, title: string, detail: string) {
    super(409, title, limit, detail);
    this.limit = limit;
  }
}

const MINUTE_MS = 60_000;

/** Whether a checkout's order may still be under way, so that it counts and blocks (not lost or stuck). */
export const isLive = (checkout: CheckoutInFlight, limits: CheckoutLimits, now: Date): boolean =>
  now.getTime() - Date.parse(checkout.at) < limits.inFlightMinutes * MINUTE_MS;

/** Whether a checkout in flight is old enough to be forgotten. */
export const isForgotten = (checkout: CheckoutInFlight, now: Date): boolean =>
  now.getTime() - Date.parse(checkout.at) >= FORGET_IN_FLIGHT_DAYS * 24 * 60 * MINUTE_MS;

/** What the customer holds now: every open order with its lines (live checkouts, then confirmed ones). */
export function openOrders(
  cart: Cart,
  limits: CheckoutLimits,
  now: Date,
): Array<{ orderId: string; lines: CheckedOutLine[] }> {
  return [...cart.checkouts.filter((checkout) => isLive(checkout, limits, now)), ...cart.openOrders];
}

/** Units of each product (its variants together) on the customer's open orders. */
export function openUnits(cart: Cart, limits: CheckoutLimits, now: Date): Map<string, number> {
  const units = new Map<string, number>();
  for (const order of openOrders(cart, limits, now))
    for (const line of order.lines)
      units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
  return units;
}

/**
 * Refuses (409) a checkout of `lines` that one customer may not make now: while the cart's previous
 * checkout is still in flight, when it would be one open order too many, or when it would put more
 * units of one product on open orders than allowed (the lines of its variants count together).
 */
export function refuseBeyondLimits(
  cart: Cart,
  lines: readonly PricedLine[],
  limits: CheckoutLimits,
  now: Date,
): void {
  const inFlight = cart.checkouts.find((checkout) => isLive(checkout, limits, now));
  if (inFlight)
    throw new CheckoutRefusedError(
      'checkout-in-flight',
      'Checkout in progress',
      `Your checkout of order ${inFlight.orderId} is still being processed. Wait until it is confirmed or ` +
        `rejected (GET /orders/${inFlight.orderId}), then check out again.`,
    );
  const open = openOrders(cart, limits, now).length;
  if (open + 1 > limits.maxOpenOrders)
    throw new CheckoutRefusedError(
      'open-orders-limit',
      'Too many open orders',
      `You have ${open} open orders (placed and not yet shipped); at most ${limits.maxOpenOrders} may be ` +
        'open at once. Check out again once one has shipped, or cancel one.',
    );
  const held = openUnits(cart, limits, now);
  const asked = new Map<string, { name: string; quantity: number }>();
  for (const { productId, name, quantity } of lines)
    asked.set(productId, { name, quantity: (asked.get(productId)?.quantity ?? 0) + quantity });
  for (const [productId, { name, quantity }] of asked) {
    const already = held.get(productId) ?? 0;
    if (already + quantity > limits.maxUnitsPerProduct)
      throw new CheckoutRefusedError(
        'open-units-limit',
        'Too many units of one product',
        `At most ${limits.maxUnitsPerProduct} units of "${name}" may be on your open orders at once; ` +
          `${already} already are and this checkout asks for ${quantity}.`,
      );
  }
}
