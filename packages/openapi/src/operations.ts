// Every public route with the very zod schemas its handler validates with (imported from the handler
// modules, whose wiring is lazy, so nothing here touches AWS). A new route goes here too: the ops test
// compares this list with the routes of the packaged templates, both ways.
import { orderStatus, paymentMethod, rejectionReason } from '@shop/contracts';
import { address, currencyCode, moneyAmount, page, paginationQuery } from '@shop/validation';
import * as z from 'zod';
import { checkoutBody, idempotencyHeaders } from '../../../services/carts/src/domain/checkout.ts';
import { itemBody, itemPath } from '../../../services/carts/src/handlers/cart/put-item.ts';
import { notificationView } from '../../../services/notifications/src/domain/notification.ts';
import { listOrdersQuery } from '../../../services/orders/src/handlers/orders/list.ts';
import { orderPath } from '../../../services/orders/src/handlers/orders/order-path.ts';
import { newProductBody, product, productPatchBody } from '../../../services/products/src/domain/product.ts';
import { productPath } from '../../../services/products/src/handlers/products/get.ts';
import { listProductsQuery } from '../../../services/products/src/handlers/products/list.ts';
import { profile, profileChanges } from '../../../services/users/src/domain/profile.ts';
import { confirmBody } from '../../../services/users/src/handlers/auth/confirm.ts';
import { logInBody } from '../../../services/users/src/handlers/auth/login.ts';
import { logOutBody } from '../../../services/users/src/handlers/auth/logout.ts';
import { refreshBody } from '../../../services/users/src/handlers/auth/refresh.ts';
import { signUpBody } from '../../../services/users/src/handlers/auth/signup.ts';

/** Who may call a route, as httpRoute's `auth`. */
export type Audience = 'public' | 'customer' | 'admin';

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax, which is OpenAPI's: `/products/{productId}`. */
  path: string;
  /** The compose service whose stack owns the route. */
  service: string;
  summary: string;
  auth: Audience;
  path_?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
  body?: z.ZodType;
  /** Success status and its body schema (none: no body). */
  success: { status: number; description: string; body?: z.ZodType };
  /** Error statuses this route answers besides 400/401/403/5xx, with why. */
  errors?: Record<number, string>;
}

// Answers that have no zod schema of their own in the services (they are built by domain code).
const tokens = z.object({
  accessToken: z.string(),
  idToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
});
const signedUp = z.object({ userId: z.string(), email: z.string(), confirmed: z.boolean() });
const cartView = z.object({
  items: z.array(
    z.object({
      productId: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: moneyAmount,
      lineTotal: moneyAmount,
    }),
  ),
  subtotal: moneyAmount,
  currency: currencyCode,
});
const checkoutAccepted = z.object({ orderId: z.string(), status: z.literal('PENDING') });
const order = z.object({
  orderId: z.string(),
  userId: z.string(),
  status: orderStatus,
  items: z.array(
    z.object({ productId: z.string(), name: z.string(), quantity: z.number().int(), unitPrice: moneyAmount }),
  ),
  total: moneyAmount,
  currency: currencyCode,
  shippingAddress: address,
  paymentMethod: paymentMethod.optional(),
  reason: z
    .string()
    .optional()
    .describe(
      `REJECTED: one of ${rejectionReason.options.join(', ')} (PRICE_CHANGED: a price changed after the cart priced it; nothing was reserved or charged). CANCELLED: who cancelled.`,
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(z.object({ status: orderStatus, at: z.string(), reason: z.string().optional() })),
});

/** The shop's HTTP API, route by route (API.md is the contract in words). */
export const operations: Operation[] = [
  // users
  {
    method: 'POST',
    path: '/auth/signup',
    service: 'users',
    summary: 'Sign up',
    auth: 'public',
    body: signUpBody,
    success: { status: 201, description: 'Signed up', body: signedUp },
    errors: { 409: 'The email is taken' },
  },
  {
    method: 'POST',
    path: '/auth/confirm',
    service: 'users',
    summary: 'Confirm a sign-up with the emailed code',
    auth: 'public',
    body: confirmBody,
    success: { status: 204, description: 'Confirmed' },
    errors: {
      400: 'Invalid input, or no confirmation: a wrong or expired code, an unknown email and an account already confirmed get one answer',
    },
  },
  {
    method: 'POST',
    path: '/auth/login',
    service: 'users',
    summary: 'Log in',
    auth: 'public',
    body: logInBody,
    success: { status: 200, description: 'Tokens', body: tokens },
  },
  {
    method: 'POST',
    path: '/auth/refresh',
    service: 'users',
    summary: 'Refresh the tokens',
    auth: 'public',
    body: refreshBody,
    // `refreshToken` (added in v1.1) replaces the one sent: refresh tokens rotate.
    success: { status: 200, description: 'New tokens, with the next refresh token', body: tokens },
  },
  {
    method: 'POST',
    path: '/auth/logout',
    service: 'users',
    summary: 'Log out: revoke the refresh token',
    auth: 'public',
    body: logOutBody,
    success: { status: 204, description: 'Logged out (also for a token already invalid)' },
  },
  {
    method: 'GET',
    path: '/users/me',
    service: 'users',
    summary: 'Your profile',
    auth: 'customer',
    success: { status: 200, description: 'The profile', body: profile },
    errors: { 404: 'No profile yet' },
  },
  {
    method: 'PUT',
    path: '/users/me',
    service: 'users',
    summary: 'Change your name and addresses',
    auth: 'customer',
    body: profileChanges,
    success: { status: 200, description: 'The profile', body: profile },
    errors: { 404: 'No profile yet' },
  },
  {
    method: 'DELETE',
    path: '/users/me',
    service: 'users',
    summary: 'Erase your account and your personal data in every service',
    auth: 'customer',
    success: { status: 204, description: 'Erased (also when it was erased before)' },
  },
  {
    method: 'GET',
    path: '/users',
    service: 'users',
    summary: 'Every profile',
    auth: 'admin',
    query: paginationQuery,
    success: { status: 200, description: 'A page of profiles', body: page(profile) },
  },
  // products
  {
    method: 'GET',
    path: '/products',
    service: 'products',
    summary: 'The catalog, a category or a word search',
    auth: 'public',
    query: listProductsQuery,
    success: { status: 200, description: 'A page of products', body: page(product) },
  },
  {
    method: 'GET',
    path: '/products/{productId}',
    service: 'products',
    summary: 'One product',
    auth: 'public',
    path_: productPath,
    success: { status: 200, description: 'The product', body: product },
    errors: { 404: 'No such product' },
  },
  {
    method: 'POST',
    path: '/products',
    service: 'products',
    summary: 'Add a product',
    auth: 'admin',
    body: newProductBody,
    success: { status: 201, description: 'The new product', body: product },
  },
  {
    method: 'PATCH',
    path: '/products/{productId}',
    service: 'products',
    summary: 'Change a product',
    auth: 'admin',
    path_: productPath,
    body: productPatchBody,
    success: { status: 200, description: 'The product', body: product },
    errors: { 404: 'No such product' },
  },
  {
    method: 'DELETE',
    path: '/products/{productId}',
    service: 'products',
    summary: 'Remove a product',
    auth: 'admin',
    path_: productPath,
    success: { status: 204, description: 'Removed' },
    errors: { 404: 'No such product' },
  },
  // carts
  {
    method: 'GET',
    path: '/cart',
    service: 'carts',
    summary: 'Your cart',
    auth: 'customer',
    success: { status: 200, description: 'The cart', body: cartView },
  },
  {
    method: 'PUT',
    path: '/cart/items/{productId}',
    service: 'carts',
    summary: 'Set how many of a product the cart holds',
    auth: 'customer',
    path_: itemPath,
    body: itemBody,
    success: { status: 200, description: 'The cart', body: cartView },
    errors: { 404: 'Unknown product' },
  },
  {
    method: 'DELETE',
    path: '/cart/items/{productId}',
    service: 'carts',
    summary: 'Take a product out of the cart',
    auth: 'customer',
    path_: itemPath,
    success: { status: 200, description: 'The cart', body: cartView },
  },
  {
    method: 'DELETE',
    path: '/cart',
    service: 'carts',
    summary: 'Empty the cart',
    auth: 'customer',
    success: { status: 204, description: 'Emptied' },
  },
  {
    method: 'POST',
    path: '/cart/checkout',
    service: 'carts',
    summary: 'Check out (once per Idempotency-Key)',
    auth: 'customer',
    headers: idempotencyHeaders,
    body: checkoutBody,
    success: { status: 202, description: 'The order is on its way', body: checkoutAccepted },
    errors: {
      409: 'The cart is empty; or a checkout of this cart is still in flight (type checkout-in-flight); or the customer has the most open orders allowed (open-orders-limit) or would have too many units of one product on open orders (open-units-limit)',
      422: 'The key was used with another body',
    },
  },
  // orders
  {
    method: 'GET',
    path: '/orders',
    service: 'orders',
    summary: "Your orders (scope=all: everyone's, admins)",
    auth: 'customer',
    query: listOrdersQuery,
    success: { status: 200, description: 'A page of orders', body: page(order) },
  },
  {
    method: 'GET',
    path: '/orders/{orderId}',
    service: 'orders',
    summary: 'One order (owner or admin)',
    auth: 'customer',
    path_: orderPath,
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order of yours' },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/cancel',
    service: 'orders',
    summary: 'Cancel an order (owner or admin)',
    auth: 'customer',
    path_: orderPath,
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order of yours', 409: 'Not cancellable from its status' },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/ship',
    service: 'orders',
    summary: 'Ship a confirmed order',
    auth: 'admin',
    path_: orderPath,
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order', 409: 'Not CONFIRMED' },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/deliver',
    service: 'orders',
    summary: 'Mark a shipped order delivered',
    auth: 'admin',
    path_: orderPath,
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order', 409: 'Not SHIPPED' },
  },
  // notifications
  {
    method: 'GET',
    path: '/notifications',
    service: 'notifications',
    summary: 'Your notifications, newest first',
    auth: 'customer',
    query: paginationQuery,
    success: { status: 200, description: 'A page of notifications', body: page(notificationView) },
  },
  // the API's own description (users owns the shared HTTP API)
  {
    method: 'GET',
    path: '/openapi.json',
    service: 'users',
    summary: 'This document',
    auth: 'public',
    success: { status: 200, description: 'OpenAPI 3.1' },
  },
  {
    method: 'GET',
    path: '/docs',
    service: 'users',
    summary: 'A page that renders this document',
    auth: 'public',
    success: { status: 200, description: 'HTML' },
  },
];
