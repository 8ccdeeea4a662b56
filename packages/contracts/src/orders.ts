import { defineEvent, type EventOf } from '@shop/events';
import { address, currencyCode } from '@shop/validation';
import * as z from 'zod/mini';
import { storeIdOfRecord } from './stores.ts';
import { variantLabel } from './variants.ts';

// The order flow's messages: carts asks for an order, orders reports every step of its life.

/** The service names these events carry as `source`. */
export const CARTS_SOURCE = 'carts';
export const ORDERS_SOURCE = 'orders';

const orderId = z.string().check(z.minLength(1), z.maxLength(128));
const userId = z.string().check(z.minLength(1), z.maxLength(128));

/** The simulated payment provider: `card_ok` authorizes, `card_declined` declines. */
export const paymentMethod = z.enum(['card_ok', 'card_declined']);
export type PaymentMethod = z.infer<typeof paymentMethod>;

/**
 * A priced line as the customer saw it at checkout; prices come from the server, never the client.
 * The variant's fields (issue 16) are optional so lines in flight from before variants still parse:
 * absent means the product's one variant (its id is the product's, so is its SKU, with no options).
 */
export const orderLine = z.object({
  productId: z.string().check(z.minLength(1), z.maxLength(64)),
  ...variantLabel.shape,
  name: z.string(),
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(99)),
  /** Integer minor units. */
  unitPrice: z.number().check(z.int(), z.minimum(0)),
  // The line's money (issue 17, `@shop/pricing`); absent on a line from before: no discount, no tax,
  // `lineTotal` = quantity × unitPrice.
  discount: z.optional(z.number().check(z.int(), z.minimum(0))),
  tax: z.optional(z.number().check(z.int(), z.minimum(0))),
  lineTotal: z.optional(z.number().check(z.int(), z.minimum(0))),
});
export type OrderLine = z.infer<typeof orderLine>;

const minorUnits = z.number().check(z.int(), z.minimum(0));

/** The shipping option an order was priced with, as it was at checkout. */
export const chosenShipping = z.object({
  shippingOptionId: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.maxLength(100)),
  price: minorUnits,
});
export type ChosenShipping = z.infer<typeof chosenShipping>;

/**
 * An order's money beyond its lines (API.md v1.1 "Money at checkout"), fixed at checkout. Optional in
 * the events so a message from before issue 17 still parses: absent means no discount, shipping or
 * tax, and `subtotal` = `total`.
 */
export const orderMoney = {
  subtotal: z.optional(minorUnits),
  discountTotal: z.optional(minorUnits),
  shippingTotal: z.optional(minorUnits),
  taxTotal: z.optional(minorUnits),
  promotionCode: z.optional(z.string().check(z.maxLength(64))),
  shippingOption: z.optional(chosenShipping),
  /** Whether the prices include the tax (the store's setting at checkout). */
  taxIncluded: z.optional(z.boolean()),
};

/** API.md's status machine: PENDING → CONFIRMED | REJECTED; CONFIRMED → SHIPPED → DELIVERED; PENDING | CONFIRMED → CANCELLED. */
export const orderStatus = z.enum(['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'SHIPPED', 'DELIVERED']);
export type OrderStatus = z.infer<typeof orderStatus>;

/**
 * Why an order was rejected. PRICE_CHANGED: a line's price was no longer the catalog's when its stock
 * was to be reserved (the cart priced it from a stale copy); nothing was reserved or charged.
 * PROMOTION_USED_UP: the code's limit (overall or the customer's) was reached by orders confirmed
 * first; PROMOTION_UNAVAILABLE: the code was deleted or out of its window at checkout.
 */
export const rejectionReason = z.enum([
  'OUT_OF_STOCK',
  'PAYMENT_DECLINED',
  'PRICE_CHANGED',
  'PROMOTION_USED_UP',
  'PROMOTION_UNAVAILABLE',
]);
export type RejectionReason = z.infer<typeof rejectionReason>;

/**
 * Carts → orders' CheckoutRequestsQueue: make this order out of these priced lines. `orderId` is chosen
 * by carts (and answered to the customer at once), so a repeated request creates the order only once.
 */
export const checkoutRequested = defineEvent(
  'CheckoutRequested',
  1,
  z.object({
    storeId: storeIdOfRecord,
    orderId,
    userId,
    lines: z.array(orderLine).check(z.minLength(1), z.maxLength(100)),
    currency: currencyCode,
    /** What the payment authorizes: the lines' totals plus shipping (before issue 17: Σ quantity × unitPrice). */
    total: z.number().check(z.int(), z.minimum(0)),
    ...orderMoney,
    shippingAddress: address,
    paymentMethod,
  }),
);

/** The order as every order event reports it: what a read model or an email needs. */
export const orderSnapshot = z.object({
  storeId: storeIdOfRecord,
  orderId,
  userId,
  status: orderStatus,
  items: z.array(orderLine),
  total: z.number().check(z.int(), z.minimum(0)),
  ...orderMoney,
  currency: currencyCode,
  /** Set on REJECTED (a RejectionReason) and on CANCELLED (who cancelled or why). */
  reason: z.optional(z.string()),
  updatedAt: z.iso.datetime(),
});
export type OrderSnapshot = z.infer<typeof orderSnapshot>;

/** Orders → order-events topic: the PENDING order exists. */
export const orderPlaced = defineEvent('OrderPlaced', 1, orderSnapshot);
/** Orders → order-events topic: stock reserved and payment authorized. */
export const orderConfirmed = defineEvent('OrderConfirmed', 1, orderSnapshot);
/** Orders → order-events topic: rejected (`reason`), holding no stock. */
export const orderRejected = defineEvent('OrderRejected', 1, orderSnapshot);
/** Orders → order-events topic: cancelled; its stock is released and its payment refunded. */
export const orderCancelled = defineEvent('OrderCancelled', 1, orderSnapshot);
/** Orders → order-events topic: handed to the carrier. */
export const orderShipped = defineEvent('OrderShipped', 1, orderSnapshot);
/** Orders → order-events topic: delivered. */
export const orderDelivered = defineEvent('OrderDelivered', 1, orderSnapshot);

/** Every event on the order-events topic. */
export const orderEvents = {
  orderPlaced,
  orderConfirmed,
  orderRejected,
  orderCancelled,
  orderShipped,
  orderDelivered,
} as const;

export type CheckoutRequested = EventOf<typeof checkoutRequested>;
export type OrderPlaced = EventOf<typeof orderPlaced>;
export type OrderConfirmed = EventOf<typeof orderConfirmed>;
export type OrderRejected = EventOf<typeof orderRejected>;
export type OrderCancelled = EventOf<typeof orderCancelled>;
export type OrderShipped = EventOf<typeof orderShipped>;
export type OrderDelivered = EventOf<typeof orderDelivered>;

// Returns after delivery (issue 17, API.md "Returns and refunds after delivery"): the owner asks, the
// store's admin receives (the units go back into stock, the refund follows) or rejects.

/** The most returns one order keeps (rejected ones included); a return past it is 409. */
export const MAX_RETURNS_PER_ORDER = 20;

/** REQUESTED → RECEIVED → REFUNDED, or REQUESTED → REJECTED. */
export const returnStatus = z.enum(['REQUESTED', 'RECEIVED', 'REFUNDED', 'REJECTED']);
export type ReturnStatus = z.infer<typeof returnStatus>;

/** One line of a return: which variant, how many units, and their refund (from `@shop/pricing`). */
export const returnedLine = z.object({
  productId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The variant's id; a line of a product without options has the product's id. */
  variantId: z.string().check(z.minLength(1), z.maxLength(96)),
  name: z.string().check(z.maxLength(200)),
  options: z.optional(z.record(z.string().check(z.maxLength(40)), z.string().check(z.maxLength(40)))),
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(99)),
  refundAmount: minorUnits,
});
export type ReturnedLine = z.infer<typeof returnedLine>;

/** A return as its events report it: enough for the restock, the refund and the emails. */
export const returnSnapshot = z.object({
  storeId: storeIdOfRecord,
  orderId,
  userId,
  returnId: z.string().check(z.minLength(1), z.maxLength(128)),
  status: returnStatus,
  lines: z.array(returnedLine).check(z.minLength(1), z.maxLength(100)),
  /** What the return refunds: the lines' `refundAmount`; never shipping. */
  refundAmount: minorUnits,
  currency: currencyCode,
  /** REFUNDED: the provider's refund, and the order's refunds so far with this one. */
  refundId: z.optional(z.string().check(z.maxLength(128))),
  refundedTotal: z.optional(minorUnits),
  updatedAt: z.iso.datetime(),
});
export type ReturnSnapshot = z.infer<typeof returnSnapshot>;

/**
 * Orders → order-events topic, and products' StockRequestsQueue: the store's admin received the
 * return's units. Products puts them back into stock (once per `returnId`); orders' refunds consumer
 * refunds `refundAmount` (once per `returnId`); notifications emails RETURN_RECEIVED.
 */
export const returnReceived = defineEvent('ReturnReceived', 1, returnSnapshot);
/** Orders → order-events topic: the return's refund was made (`refundId`); notifications emails RETURN_REFUNDED. */
export const returnRefunded = defineEvent('ReturnRefunded', 1, returnSnapshot);

export type ReturnReceived = EventOf<typeof returnReceived>;
export type ReturnRefunded = EventOf<typeof returnRefunded>;
