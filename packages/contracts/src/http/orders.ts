import { address, paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { MAX_RETURNS_PER_ORDER, orderStatus, rejectionReason, returnStatus } from '../orders.ts';
import { storeIdSchema } from '../stores.ts';
import { skuSchema, variantIdSchema, variantOptions } from '../variants.ts';
import {
  amount,
  currency,
  page,
  serverId,
  shippingChoice,
  timestamp,
  totalAmount,
  userId,
} from './common.ts';

// The orders service's routes: customers read and cancel their orders, admins ship and deliver.

/** `{orderId}` in an order route's path. */
export const orderPath = z.object({ orderId: z.string().check(z.minLength(1), z.maxLength(128)) });
export type OrderPath = z.infer<typeof orderPath>;

/** GET /orders query. */
export const listOrdersQuery = z.extend(paginationQuery, {
  status: z.optional(orderStatus),
  /** `all`: every user's orders of the request's store (that store's admins only). */
  scope: z._default(z.enum(['own', 'all']), 'own'),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

/** The most lines one order holds (as CheckoutRequested bounds them). */
export const MAX_ORDER_LINES = 100;

/** A line of an order, priced when the customer checked out. */
export const orderItem = z.object({
  productId: serverId(64),
  name: z.string().check(z.maxLength(200)),
  /** The variant bought (v1.1): a one-variant product's is the product's id and SKU, with no options. */
  variantId: variantIdSchema,
  sku: skuSchema,
  options: variantOptions,
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(99)),
  unitPrice: amount,
  /** v1.1, fixed at checkout: the line's share of the discount, its tax, and what it cost. */
  discount: totalAmount,
  tax: totalAmount,
  lineTotal: totalAmount,
});
export type OrderItem = z.infer<typeof orderItem>;

/** Why a REJECTED or CANCELLED order ended there. */
const reason = z.string().check(z.maxLength(200));

/** One step of an order's life, oldest first in `history`. */
export const historyEntry = z.object({ status: orderStatus, at: timestamp, reason: z.optional(reason) });
export type HistoryEntry = z.infer<typeof historyEntry>;

/** The longest reason a customer gives for a return, or an admin for rejecting it. */
export const MAX_RETURN_REASON = 500;

/** `{orderId}` and `{returnId}` in a return route's path. */
export const returnPath = z.object({
  orderId: z.string().check(z.minLength(1), z.maxLength(128)),
  returnId: z.string().check(z.minLength(1), z.maxLength(128)),
});
export type ReturnPath = z.infer<typeof returnPath>;

const returnReason = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(MAX_RETURN_REASON));

/** POST /orders/{orderId}/returns body: which variants of the order, how many units each, and why. */
export const returnRequestBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        /** The line's variant (for a product without options, the product's id, as the order's item shows it). */
        variantId: variantIdSchema,
        quantity: z.number().check(z.int(), z.minimum(1), z.maximum(99)),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_ORDER_LINES)),
  reason: returnReason,
});
export type ReturnRequestBody = z.infer<typeof returnRequestBody>;

/** POST /orders/{orderId}/returns/{returnId}/reject body. */
export const returnRejectionBody = z.strictObject({ reason: returnReason });
export type ReturnRejectionBody = z.infer<typeof returnRejectionBody>;

/** One line of a return as the API answers it. */
export const orderReturnLine = z.object({
  productId: serverId(64),
  variantId: variantIdSchema,
  quantity: z.number().check(z.int(), z.minimum(1), z.maximum(99)),
  /** What these units refund: their price less their share of the discount, with their tax. */
  refundAmount: totalAmount,
});
export type OrderReturnLine = z.infer<typeof orderReturnLine>;

/** A return as the API answers it (API.md v1.1 "Returns and refunds after delivery"). */
export const orderReturn = z.object({
  returnId: serverId(128),
  orderId: serverId(128),
  status: returnStatus,
  lines: z.array(orderReturnLine).check(z.minLength(1), z.maxLength(MAX_ORDER_LINES)),
  /** The lines' refunds together; shipping is never refunded. */
  refundAmount: totalAmount,
  /** Why the customer sends it back. */
  reason: z.string().check(z.maxLength(MAX_RETURN_REASON)),
  /** REJECTED: why the store's admin refused it. */
  rejectionReason: z.optional(z.string().check(z.maxLength(MAX_RETURN_REASON))),
  /** REFUNDED: the payment provider's refund. */
  refundId: z.optional(z.string().check(z.maxLength(128))),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type OrderReturn = z.infer<typeof orderReturn>;

/** The order exactly as the API answers it. */
export const order = z.object({
  orderId: serverId(128),
  /** The store it was bought in (v1.1; `main` for every order from before stores). */
  storeId: storeIdSchema,
  userId,
  status: orderStatus,
  items: z.array(orderItem).check(z.minLength(1), z.maxLength(MAX_ORDER_LINES)),
  /** What was authorized: the lines' `lineTotal` plus `shippingTotal`. */
  total: totalAmount,
  /** v1.1, fixed at checkout: Σ quantity × unitPrice, the discount, shipping with its tax, the tax. */
  subtotal: totalAmount,
  discountTotal: totalAmount,
  shippingTotal: totalAmount,
  taxTotal: totalAmount,
  promotionCode: z.optional(z.string().check(z.maxLength(64))),
  shippingOption: z.optional(shippingChoice),
  currency,
  shippingAddress: address,
  reason: z
    .optional(reason)
    .check(
      z.describe(
        `REJECTED: one of ${rejectionReason.options.join(', ')} (PRICE_CHANGED: a price changed after the cart priced it; nothing was reserved or charged). CANCELLED: who cancelled.`,
      ),
    ),
  createdAt: timestamp,
  updatedAt: timestamp,
  // Every status is reached at most once (the status machine has no cycle).
  history: z.array(historyEntry).check(z.minLength(1), z.maxLength(orderStatus.options.length)),
  /** v1.1: the order's returns, oldest first ([] without any). */
  returns: z.array(orderReturn).check(z.maxLength(MAX_RETURNS_PER_ORDER)),
  /** v1.1: what its REFUNDED returns refunded so far (0 without any); never more than `total`. */
  refundedTotal: totalAmount,
});
export type Order = z.infer<typeof order>;

/** GET /orders answer. */
export const orderPage = page(order);
export type OrderPage = z.infer<typeof orderPage>;
