import { address, paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { orderStatus, rejectionReason } from '../orders.ts';
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
});
export type Order = z.infer<typeof order>;

/** GET /orders answer. */
export const orderPage = page(order);
export type OrderPage = z.infer<typeof orderPage>;
