import { defineEvent, type EventOf } from '@shop/events';
import { moneyAmount } from '@shop/validation';
import * as z from 'zod/mini';
import { storeIdOfRecord } from './stores.ts';
import { variantLabel } from './variants.ts';

// The inventory half of the order saga: orders asks products to reserve or release stock, products
// answers. A module of its own, so a catalog route does not build these schemas at init.

/**
 * The most distinct variants one reservation may hold: DynamoDB's 100-item transaction limit less
 * the reservation record and the reply's outbox item. Larger orders are refused with `TOO_MANY_LINES`.
 */
export const MAX_RESERVATION_LINES = 98;

const productId = z.string().check(z.minLength(1), z.maxLength(64));
const orderId = z.string().check(z.minLength(1), z.maxLength(128));
/** ISO 4217, as the catalog stores it; never defaulted here, so an absent currency stays absent. */
const currency = z.string().check(z.regex(/^[A-Z]{3}$/));

/**
 * One line of an order to reserve: a variant of a product and how many units. Stock is held per
 * variant (issue 16); a line without `variantId` is the product's one variant (from before variants).
 */
export const stockLine = z.object({
  productId,
  variantId: variantLabel.shape.variantId,
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
});
export type StockLine = z.infer<typeof stockLine>;

/**
 * A line to reserve, with the unit price (integer minor units) the customer was shown. With it, the
 * units are reserved only if the catalog still sells the product at exactly that price; without it
 * (a request from before prices were sent) the stock alone decides.
 */
export const reservationLine = z.extend(stockLine, { unitPrice: z.optional(moneyAmount) });
export type ReservationLine = z.infer<typeof reservationLine>;

/** A line that could not be reserved: how many were asked for and how many could still be sold. */
export const shortLine = z.object({
  productId,
  variantId: variantLabel.shape.variantId,
  requested: z.number().check(z.int(), z.minimum(1)),
  available: z.number().check(z.int(), z.minimum(0)),
});
export type ShortLine = z.infer<typeof shortLine>;

/** A line whose price is not the catalog's any more: what the order said and what the catalog says now. */
export const changedPrice = z.object({
  productId,
  variantId: variantLabel.shape.variantId,
  /** The unit price the order was priced at. */
  orderedUnitPrice: moneyAmount,
  /** The catalog's unit price, currency and revision when the reservation was refused. */
  unitPrice: moneyAmount,
  currency,
  revision: z.number().check(z.int(), z.minimum(0)),
});
export type ChangedPrice = z.infer<typeof changedPrice>;

/** Why a reservation was refused. */
export const reservationFailureReason = z.enum([
  /** At least one line is short (an unknown or deleted product counts as 0 available). */
  'OUT_OF_STOCK',
  /** More distinct variants than one transaction can reserve (MAX_RESERVATION_LINES). */
  'TOO_MANY_LINES',
  /** The order's stock was already released (the release overtook the reservation). */
  'RELEASED',
  /** A line's price (or currency) is not the catalog's any more: the order was priced from a stale read. */
  'PRICE_CHANGED',
]);
export type ReservationFailureReason = z.infer<typeof reservationFailureReason>;

/**
 * Orders → products' StockRequestsQueue: reserve every line or none, each at its `unitPrice` (in
 * `currency`) when given. The same `orderId` is reserved at most once; a repeated request is answered
 * with the existing outcome.
 */
export const stockReservationRequested = defineEvent(
  'StockReservationRequested',
  1,
  z.object({
    storeId: storeIdOfRecord,
    orderId,
    // The cap only bounds the message; anything over MAX_RESERVATION_LINES distinct variants is refused.
    lines: z.array(reservationLine).check(z.minLength(1), z.maxLength(1000)),
    /** The order's currency; with it, a line is reserved only if the catalog sells it in that currency. */
    currency: z.optional(currency),
  }),
);

/**
 * Orders → products' StockRequestsQueue: give the order's reserved stock back, exactly once. A release
 * that arrives before its reservation is remembered, and the late reservation is refused (`RELEASED`).
 */
export const stockReleaseRequested = defineEvent(
  'StockReleaseRequested',
  1,
  z.object({ storeId: storeIdOfRecord, orderId, reason: z.string().check(z.minLength(1), z.maxLength(200)) }),
);

/**
 * Products → product-events topic: every line of the order is reserved (`lines` merged by product).
 * A line carries the `unitPrice` (and the reply the `currency`) that the reservation's condition
 * proved the catalog had, when the request gave one.
 */
export const stockReserved = defineEvent(
  'StockReserved',
  1,
  z.object({
    storeId: storeIdOfRecord,
    orderId,
    lines: z.array(reservationLine),
    currency: z.optional(currency),
  }),
);

/**
 * Products → product-events topic: nothing was reserved for the order. `shortLines` name the lines
 * without enough stock (OUT_OF_STOCK); `changedPrices` the lines the catalog no longer sells at the
 * order's price (PRICE_CHANGED), with its current price and revision.
 */
export const stockReservationFailed = defineEvent(
  'StockReservationFailed',
  1,
  z.object({
    storeId: storeIdOfRecord,
    orderId,
    reason: reservationFailureReason,
    shortLines: z.array(shortLine),
    changedPrices: z.optional(z.array(changedPrice)),
  }),
);

/** Products → product-events topic: the order holds no stock any more (`lines`: what went back). */
export const stockReleased = defineEvent(
  'StockReleased',
  1,
  z.object({ storeId: storeIdOfRecord, orderId, lines: z.array(stockLine) }),
);

/** What orders sends to products' stock-requests queue. */
export const inventoryRequests = [stockReservationRequested, stockReleaseRequested] as const;

/** The inventory half of the order saga: requests (to products) and replies (from products). */
export const inventoryEvents = {
  stockReservationRequested,
  stockReleaseRequested,
  stockReserved,
  stockReservationFailed,
  stockReleased,
} as const;

export type StockReservationRequested = EventOf<typeof stockReservationRequested>;
export type StockReleaseRequested = EventOf<typeof stockReleaseRequested>;
export type StockReserved = EventOf<typeof stockReserved>;
export type StockReservationFailed = EventOf<typeof stockReservationFailed>;
export type StockReleased = EventOf<typeof stockReleased>;
