import type * as z from 'zod/mini';
import { shippingOption, taxRate } from '../checkout-settings.ts';
import { promotion } from '../promotions.ts';
import {
  listReviewsQuery,
  review,
  reviewBody,
  reviewPage,
  reviewPath,
  reviewProductPath,
} from '../reviews.ts';
import { store } from '../stores.ts';
import {
  cart,
  cartVariantPath,
  checkoutAccepted,
  checkoutBody,
  deliveryBody,
  idempotencyHeaders,
  itemBody,
  itemPath,
} from './carts.ts';
import {
  newShippingOptionBody,
  shippingOptionList,
  shippingOptionPatchBody,
  shippingOptionPath,
  shippingOptionsQuery,
  taxRateBody,
  taxRateList,
  taxRatePath,
} from './checkout-settings.ts';
import { gatewayError, problem } from './common.ts';
import { docsPageAnswer, openApiDocumentAnswer } from './docs.ts';
import { listNotificationsQuery, notificationPage } from './notifications.ts';
import {
  listOrdersQuery,
  order,
  orderPage,
  orderPath,
  orderReturn,
  returnPath,
  returnRejectionBody,
  returnRequestBody,
} from './orders.ts';
import { newProductBody, productPatchBody, variantPatchBody } from './product-admin.ts';
import { product, productFacets, productPage } from './product-views.ts';
import { listProductsQuery, productFacetsQuery, productPath, variantPath } from './products.ts';
import {
  cartPromotionBody,
  listPromotionsQuery,
  newPromotionBody,
  promotionPage,
  promotionPatchBody,
  promotionPath,
} from './promotions.ts';
import {
  listStoresQuery,
  newStoreBody,
  storeAdminPath,
  storePage,
  storePatchBody,
  storePath,
} from './stores.ts';
import {
  confirmBody,
  listUsersQuery,
  logInBody,
  logOutBody,
  profile,
  profileChanges,
  profilePage,
  refreshBody,
  signedUp,
  signUpBody,
  tokens,
} from './users.ts';

/**
 * Who may call a route, as httpRoute's `auth`: anyone, any signed-in customer, admins only, or the
 * admins of the request's store (the `admin` group or `store-admin-<storeId>`; store-scoped routes only).
 */
export type Audience = 'public' | 'customer' | 'admin' | 'storeAdmin';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route of the shop's HTTP API: what it takes, what it answers, who may call it. */
export interface Operation {
  method: Method;
  /** API Gateway path syntax, which is OpenAPI's: `/products/{productId}`. */
  path: string;
  /** The compose service whose stack owns the route. */
  service: 'users' | 'stores' | 'products' | 'carts' | 'orders' | 'notifications' | 'reviews';
  summary: string;
  description: string;
  auth: Audience;
  /** The request's parts, each validated by the handler with exactly this schema. */
  request?: {
    path?: z.ZodMiniType;
    query?: z.ZodMiniType;
    /** Header names in lower case (the normalizer lowers them). */
    headers?: z.ZodMiniType;
    body?: z.ZodMiniType;
  };
  /** The success status and its body (none: no body; JSON unless `mediaType` says otherwise). */
  success: { status: number; description: string; body?: z.ZodMiniType; mediaType?: string };
  /** Error statuses this route answers besides the ones every route of its kind has (see `responsesOf`), with why. */
  errors?: Record<number, string>;
  /**
   * A public read that browsers and CloudFront may keep for the stage's `catalogCacheSeconds`: its
   * success carries `Cache-Control: public, …` and an `ETag`, and a request whose `If-None-Match`
   * names that ETag is answered 304 without a body. Every other answer of every route is `no-store`.
   */
  cacheable?: true;
  /**
   * Store-scoped: the store comes from the `X-Store-Id` header (absent: `main`); a malformed id is a
   * 400 and an unknown store a 404, and every read and write stays in that store.
   */
  store?: true;
}

export const JSON_MEDIA_TYPE = 'application/json';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** One documented answer of an operation: its status, why, and the bodies it may carry by media type. */
export interface DocumentedResponse {
  status: number;
  description: string;
  /** Media type → body schema; empty: no body. */
  content: Record<string, z.ZodMiniType>;
  /** Set on the answers many routes share word for word (`TooManyRequests`): one definition in the document. */
  shared?: string;
  /** A cacheable answer (`Operation.cacheable`): it carries an ETag and a public Cache-Control. */
  cacheable?: true;
}

const problemOnly = (status: number, description: string, shared?: string): DocumentedResponse => ({
  status,
  description,
  content: { [PROBLEM_MEDIA_TYPE]: problem },
  ...(shared ? { shared } : {}),
});
// API Gateway answers some refusals itself, before any function runs, as `{ "message": ... }` JSON.
const problemOrGateway = (status: number, description: string, shared: string): DocumentedResponse => ({
  status,
  description,
  content: { [PROBLEM_MEDIA_TYPE]: problem, [JSON_MEDIA_TYPE]: gatewayError },
  shared,
});

/**
 * Every answer an operation may give, success first: what the OpenAPI document lists and what the
 * acceptance suite holds every live answer to. The statuses every route of a kind has are added here.
 */
export function responsesOf(operation: Operation): DocumentedResponse[] {
  const { request = {}, success, auth } = operation;
  const responses: DocumentedResponse[] = [
    {
      status: success.status,
      description: success.description,
      content: success.body ? { [success.mediaType ?? JSON_MEDIA_TYPE]: success.body } : {},
      ...(operation.cacheable ? { cacheable: true as const } : {}),
    },
  ];
  if (operation.cacheable)
    responses.push({
      status: 304,
      description: 'Not modified: `If-None-Match` names the current `ETag`; no body, reuse the copy held',
      content: {},
      cacheable: true,
    });
  const hasInput = Boolean(
    request.path ?? request.query ?? request.headers ?? request.body ?? operation.store,
  );
  const errors: Record<number, DocumentedResponse> = {};
  if (hasInput)
    errors[400] = problemOnly(400, 'Invalid input; `errors` lists each failing field', 'BadRequest');
  if (auth !== 'public')
    errors[401] = problemOrGateway(
      401,
      "Missing, expired, forged or wrong-audience token (API Gateway's JWT authorizer answers it as `{ message }`)",
      'Unauthorized',
    );
  if (auth === 'admin') errors[403] = problemOnly(403, 'Lacking the admin role', 'Forbidden');
  if (auth === 'storeAdmin')
    errors[403] = problemOnly(403, "Not an admin of the request's store", 'ForbiddenInStore');
  if (request.body) {
    errors[413] = problemOnly(413, 'The body is over 64 KB (65,536 bytes)', 'ContentTooLarge');
    errors[415] = problemOnly(415, 'The body is not JSON', 'UnsupportedMediaType');
  }
  for (const [status, description] of Object.entries(operation.errors ?? {}))
    errors[Number(status)] = problemOnly(Number(status), description);
  // A store-scoped route also answers 404 for a store that does not exist.
  if (operation.store)
    errors[404] = problemOnly(
      404,
      operation.errors?.[404] ? `${operation.errors[404]}; or no such store` : 'No such store (`X-Store-Id`)',
    );
  errors[429] = problemOrGateway(
    429,
    "Too many requests: past the stage's throttle (API Gateway answers it as `{ message }`), or a throttled dependency; retry after `Retry-After` seconds",
    'TooManyRequests',
  );
  errors[500] = problemOrGateway(
    500,
    'A fault of the shop, never of the request (a function that fails outright is answered by API Gateway as `{ message }`)',
    'InternalServerError',
  );
  return [...responses, ...Object.values(errors).sort((a, b) => a.status - b.status)];
}

/** The shop's HTTP API, route by route; the OpenAPI document is generated from this list alone. */
export const operations: Operation[] = [
  // users
  {
    method: 'POST',
    path: '/auth/signup',
    service: 'users',
    summary: 'Sign up',
    description:
      'Creates an account for the email. Where sign-ups are confirmed by email (AWS) the answer says `confirmed: false` until POST /auth/confirm redeems the code; locally the account is confirmed at once.',
    auth: 'public',
    request: { body: signUpBody },
    success: { status: 201, description: 'Signed up', body: signedUp },
    errors: { 400: 'Invalid input, or a password the pool refuses as weak', 409: 'The email is taken' },
  },
  {
    method: 'POST',
    path: '/auth/confirm',
    service: 'users',
    summary: 'Confirm a sign-up with the emailed code',
    description:
      "Redeems the code Cognito emailed; the confirmed user's profile is made then. One and the same 400 for anything else, so the answer tells nobody whether the email has an account. Locally always 204.",
    auth: 'public',
    request: { body: confirmBody },
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
    description: "Cognito's tokens for the email and password; one 401 for any wrong email or password.",
    auth: 'public',
    request: { body: logInBody },
    success: { status: 200, description: 'Tokens', body: tokens },
    errors: { 401: 'Wrong email or password (one answer for both)' },
  },
  {
    method: 'POST',
    path: '/auth/refresh',
    service: 'users',
    summary: 'Refresh the tokens',
    description:
      'New tokens for a refresh token. `refreshToken` (added in v1.1) replaces the one sent: refresh tokens rotate, and the old one works a few seconds more, for retries.',
    auth: 'public',
    request: { body: refreshBody },
    success: { status: 200, description: 'New tokens, with the next refresh token', body: tokens },
    errors: { 401: 'An invalid, rotated-out or revoked refresh token' },
  },
  {
    method: 'POST',
    path: '/auth/logout',
    service: 'users',
    summary: 'Log out: revoke the refresh token',
    description:
      'Revokes the refresh token, so it refreshes nothing any more. The same 204 for a token already invalid: it tells nothing. Access tokens already issued stay valid until they expire.',
    auth: 'public',
    request: { body: logOutBody },
    success: { status: 204, description: 'Logged out (also for a token already invalid)' },
  },
  {
    method: 'GET',
    path: '/users/me',
    service: 'users',
    summary: 'Your profile',
    description:
      "The caller's own profile; the id comes from the verified token, never from the request. A confirmed account whose registration was lost gets its profile now.",
    auth: 'customer',
    success: { status: 200, description: 'The profile', body: profile },
    errors: { 404: 'No profile yet' },
  },
  {
    method: 'PUT',
    path: '/users/me',
    service: 'users',
    summary: 'Change your name and addresses',
    description: "Changes the caller's name and addresses; any other field is a 400 and changes nothing.",
    auth: 'customer',
    request: { body: profileChanges },
    success: { status: 200, description: 'The profile', body: profile },
    errors: { 404: 'No profile yet' },
  },
  {
    method: 'DELETE',
    path: '/users/me',
    service: 'users',
    summary: 'Erase your account and your personal data in every service',
    description:
      "Erases the caller's account and profile, and through the UserErased event their data in every service (orders keep what accounting needs). 204, also when it was erased before: a retry finishes the rest.",
    auth: 'customer',
    success: { status: 204, description: 'Erased (also when it was erased before)' },
  },
  {
    method: 'GET',
    path: '/users',
    service: 'users',
    summary: 'Every profile',
    description: 'Every profile, a page at a time (admins only).',
    auth: 'admin',
    request: { query: listUsersQuery },
    success: { status: 200, description: 'A page of profiles', body: profilePage },
  },
  // stores
  {
    method: 'GET',
    path: '/stores',
    service: 'stores',
    summary: 'The stores of this shop',
    description:
      'Every store of the deployment, by storeId, a page at a time; `main` (the store of every request without `X-Store-Id`) is always among them.',
    auth: 'public',
    request: { query: listStoresQuery },
    success: { status: 200, description: 'A page of stores', body: storePage },
  },
  {
    method: 'GET',
    path: '/stores/{storeId}',
    service: 'stores',
    summary: 'One store',
    description: 'One store: its name, currency, country, tax mode and return window. `main` always exists.',
    auth: 'public',
    request: { path: storePath },
    success: { status: 200, description: 'The store', body: store },
    errors: { 404: 'No such store' },
  },
  {
    method: 'POST',
    path: '/stores',
    service: 'stores',
    summary: 'Open a store',
    description:
      'A new store with its admin group (`store-admin-<storeId>`), announced to the other services (admins only).',
    auth: 'admin',
    request: { body: newStoreBody },
    success: { status: 201, description: 'The new store', body: store },
    errors: { 409: 'The storeId is taken' },
  },
  {
    method: 'PATCH',
    path: '/stores/{storeId}',
    service: 'stores',
    summary: 'Change a store (admin, or its own admin)',
    description:
      'Changes the given fields (any but `storeId`); for admins and for the admins of that store only.',
    auth: 'customer',
    request: { path: storePath, body: storePatchBody },
    success: { status: 200, description: 'The store', body: store },
    errors: {
      403: 'Neither an admin nor an admin of this store',
      404: 'No such store',
      409: 'The store kept changing; try again',
    },
  },
  {
    method: 'PUT',
    path: '/stores/{storeId}/admins/{email}',
    service: 'stores',
    summary: 'Make a user an admin of a store',
    description:
      'The user (named by their sign-in email) administers the store from their next sign-in or token refresh; tokens issued before do not carry it (admins only).',
    auth: 'admin',
    request: { path: storeAdminPath },
    success: { status: 204, description: 'Granted' },
    errors: { 404: 'No such store, or no user signs in with that email' },
  },
  {
    method: 'DELETE',
    path: '/stores/{storeId}/admins/{email}',
    service: 'stores',
    summary: 'Take a store admin away',
    description:
      'The user no longer administers the store once their current access token is refreshed or expires (admins only).',
    auth: 'admin',
    request: { path: storeAdminPath },
    success: { status: 204, description: 'Revoked' },
    errors: { 404: 'No such store, or no user signs in with that email' },
  },
  // stores: checkout settings of the request's store
  {
    method: 'GET',
    path: '/shipping-options',
    service: 'stores',
    summary: "The store's shipping options",
    description:
      "The shipping options of the request's store, in the order they were added; with `country`, only those that deliver there (listing it, or `*`).",
    auth: 'public',
    store: true,
    request: { query: shippingOptionsQuery },
    success: { status: 200, description: 'The shipping options', body: shippingOptionList },
  },
  {
    method: 'POST',
    path: '/shipping-options',
    service: 'stores',
    summary: 'Add a shipping option',
    description:
      "A new shipping option of the request's store, its id made by the server; announced to the other services with the store (the store's admins only). A store offers at most 50.",
    auth: 'storeAdmin',
    store: true,
    request: { body: newShippingOptionBody },
    success: { status: 201, description: 'The new shipping option', body: shippingOption },
    errors: { 409: 'The store offers 50 shipping options already; or the store kept changing, try again' },
  },
  {
    method: 'PATCH',
    path: '/shipping-options/{shippingOptionId}',
    service: 'stores',
    summary: 'Change a shipping option',
    description:
      "Changes the given fields of a shipping option of the request's store (`freeOver: null` removes the threshold); the store's admins only.",
    auth: 'storeAdmin',
    store: true,
    request: { path: shippingOptionPath, body: shippingOptionPatchBody },
    success: { status: 200, description: 'The shipping option', body: shippingOption },
    errors: { 404: 'No such shipping option', 409: 'The store kept changing; try again' },
  },
  {
    method: 'DELETE',
    path: '/shipping-options/{shippingOptionId}',
    service: 'stores',
    summary: 'Remove a shipping option',
    description:
      "The request's store no longer offers the shipping option; orders placed with it keep what they were charged (the store's admins only).",
    auth: 'storeAdmin',
    store: true,
    request: { path: shippingOptionPath },
    success: { status: 204, description: 'Removed' },
    errors: { 404: 'No such shipping option', 409: 'The store kept changing; try again' },
  },
  {
    method: 'GET',
    path: '/tax-rates',
    service: 'stores',
    summary: "The store's tax rates",
    description:
      "The tax rates of the request's store by destination country (basis points: 1900 = 19 %), sorted by country; a country without one is taxed at 0.",
    auth: 'public',
    store: true,
    success: { status: 200, description: 'The tax rates', body: taxRateList },
  },
  {
    method: 'PUT',
    path: '/tax-rates/{country}',
    service: 'stores',
    summary: 'Set the tax rate of a destination country',
    description:
      "Sets the request's store's tax rate for goods and shipping delivered to the country (basis points, 0–10,000), replacing any before; the store's admins only. A store keeps at most 250.",
    auth: 'storeAdmin',
    store: true,
    request: { path: taxRatePath, body: taxRateBody },
    success: { status: 200, description: 'The tax rate', body: taxRate },
    errors: { 409: 'The store keeps 250 tax rates already; or the store kept changing, try again' },
  },
  {
    method: 'DELETE',
    path: '/tax-rates/{country}',
    service: 'stores',
    summary: 'Remove the tax rate of a destination country',
    description:
      "The request's store no longer taxes deliveries to the country (its rate is 0 from now on); the store's admins only.",
    auth: 'storeAdmin',
    store: true,
    request: { path: taxRatePath },
    success: { status: 204, description: 'Removed' },
    errors: {
      404: 'The store keeps no tax rate for this country',
      409: 'The store kept changing; try again',
    },
  },
  // products
  {
    method: 'GET',
    path: '/products',
    service: 'products',
    summary: 'The catalog, a category or a word search',
    description:
      "The request's store's catalog, one category of it, or a word search (`q`: every word in the name or description, case-insensitively; within a category if one is given), a page at a time, sorted by `sort` (`name` A–Z by default, `price` lowest first, `-price` highest first, `newest`, `rating` highest first), within `minPrice`–`maxPrice` (minor units, inclusive) and, with `inStock=true`, only what can still be sold. Every combination is answered from an index; a filtered page may hold fewer than `limit` products, with `nextCursor` to go on. A cursor is valid only in the store, sort and filters that issued it (400 otherwise); a search sorted other than by name sorts at most 200 matches (400 above).",
    auth: 'public',
    store: true,
    request: { query: listProductsQuery },
    success: { status: 200, description: 'A page of products', body: productPage },
    cacheable: true,
  },
  {
    method: 'GET',
    path: '/products/facets',
    service: 'products',
    summary: 'Categories and price range of a selection',
    description:
      "The categories (each with how many live products it has) and the lowest and highest price of what `category` and `q` select in the request's store, from per-category counts and the ends of the price index (a search: over its matches, at most 200; 400 above).",
    auth: 'public',
    store: true,
    request: { query: productFacetsQuery },
    success: { status: 200, description: 'The facets', body: productFacets },
    cacheable: true,
  },
  {
    method: 'GET',
    path: '/products/{productId}',
    service: 'products',
    summary: 'One product',
    description: "One product of the request's store; a deleted one, or another store's, is not found.",
    auth: 'public',
    store: true,
    request: { path: productPath },
    success: { status: 200, description: 'The product', body: product },
    errors: { 404: 'No such product' },
    cacheable: true,
  },
  {
    method: 'POST',
    path: '/products',
    service: 'products',
    summary: 'Add a product',
    description:
      "A new product of the request's store, in the store's currency unless `currency` is given, searchable and announced to the other services (the store's admins only). Either `price` and `stock` (one variant, the product itself), or `options` (up to 3, each up to 50 values) with `variants` (each a combination of the options' values at most once, with its own `sku`, `price` and `stock`); the product's `price` is then its lowest variant price and `stock` their sum.",
    auth: 'storeAdmin',
    store: true,
    request: { body: newProductBody },
    success: { status: 201, description: 'The new product', body: product },
    errors: { 409: 'A variant SKU is taken by another variant of this store' },
  },
  {
    method: 'PATCH',
    path: '/products/{productId}',
    service: 'products',
    summary: 'Change a product',
    description:
      "Changes the given fields of a product of the request's store; `stock` sets what can be sold from now on (the store's admins only). A product with options takes `price` and `stock` per variant (400 here).",
    auth: 'storeAdmin',
    store: true,
    request: { path: productPath, body: productPatchBody },
    success: { status: 200, description: 'The product', body: product },
    errors: { 404: 'No such product' },
  },
  {
    method: 'PATCH',
    path: '/products/{productId}/variants/{variantId}',
    service: 'products',
    summary: "Change a variant's SKU, price or stock",
    description:
      "Changes one variant of a product of the request's store; `stock` sets what can be sold of it from now on. A product without options has one variant, its own id, whose SKU is that id (the store's admins only).",
    auth: 'storeAdmin',
    store: true,
    request: { path: variantPath, body: variantPatchBody },
    success: { status: 200, description: 'The product', body: product },
    errors: { 404: 'No such product or variant', 409: 'The SKU is taken by another variant of this store' },
  },
  {
    method: 'DELETE',
    path: '/products/{productId}',
    service: 'products',
    summary: 'Remove a product',
    description:
      "The product leaves its store's catalog and can no longer be sold; stock reserved for orders still goes back (the store's admins only).",
    auth: 'storeAdmin',
    store: true,
    request: { path: productPath },
    success: { status: 204, description: 'Removed' },
    errors: { 404: 'No such product' },
  },
  // carts
  {
    method: 'GET',
    path: '/cart',
    service: 'carts',
    summary: 'Your cart',
    description:
      "The caller's own cart in the request's store (one per customer and store), priced from the catalog's current prices (empty when there is none, in the store's currency).",
    auth: 'customer',
    store: true,
    success: { status: 200, description: 'The cart', body: cart },
  },
  {
    method: 'PUT',
    path: '/cart/items/{productId}',
    service: 'carts',
    summary: 'Set how many of a one-variant product the cart holds',
    description:
      "Sets how many of a product with one variant the cart holds (1–99; the quantity replaces the previous one); a product with several variants goes in by PUT /cart/variants/{variantId}. A cart holds at most 50 variants, all in one currency, all of the request's store.",
    auth: 'customer',
    store: true,
    request: { path: itemPath, body: itemBody },
    success: { status: 200, description: 'The cart', body: cart },
    errors: {
      404: 'Unknown product (also a product of another store)',
      409: 'The product has several variants (put one in with PUT /cart/variants/{variantId}); or the cart holds 50 variants already, or is priced in another currency than the product',
    },
  },
  {
    method: 'DELETE',
    path: '/cart/items/{productId}',
    service: 'carts',
    summary: 'Take a product out of the cart',
    description:
      'Takes the product out of the cart, every variant of it; a product that is not in it is no error.',
    auth: 'customer',
    store: true,
    request: { path: itemPath },
    success: { status: 200, description: 'The cart', body: cart },
  },
  {
    method: 'PUT',
    path: '/cart/variants/{variantId}',
    service: 'carts',
    summary: 'Set how many of a variant the cart holds',
    description:
      "Sets how many of one variant of a product the cart holds (1–99; the quantity replaces the previous one); each variant is a line of its own. A one-variant product's variant has the product's id. A cart holds at most 50 variants, all in one currency, all of the request's store.",
    auth: 'customer',
    store: true,
    request: { path: cartVariantPath, body: itemBody },
    success: { status: 200, description: 'The cart', body: cart },
    errors: {
      404: 'Unknown variant, or its product is unknown (also a product of another store)',
      409: 'The cart holds 50 variants already, or is priced in another currency than the product',
    },
  },
  {
    method: 'DELETE',
    path: '/cart/variants/{variantId}',
    service: 'carts',
    summary: 'Take a variant out of the cart',
    description:
      "Takes the variant's line out of the cart, leaving the product's other variants; a variant that is not in it is no error.",
    auth: 'customer',
    store: true,
    request: { path: cartVariantPath },
    success: { status: 200, description: 'The cart', body: cart },
  },
  {
    method: 'DELETE',
    path: '/cart',
    service: 'carts',
    summary: 'Empty the cart',
    description:
      "Empties the caller's cart in the request's store; their orders still count against the checkout limits.",
    auth: 'customer',
    store: true,
    success: { status: 204, description: 'Emptied' },
  },
  {
    method: 'POST',
    path: '/cart/checkout',
    service: 'carts',
    summary: 'Check out (once per Idempotency-Key)',
    description:
      "Asks for an order of the priced cart of the request's store and answers at once with its id; the order leaves PENDING within seconds (GET /orders/{orderId}, in the same store). The Idempotency-Key makes it once per caller, store and key: replays, concurrent ones too, get the same answer. The limits count the customer's orders of this store.",
    auth: 'customer',
    store: true,
    request: { headers: idempotencyHeaders, body: checkoutBody },
    success: { status: 202, description: 'The order is on its way', body: checkoutAccepted },
    errors: {
      400: 'No shippingAddress in the body and none on the cart (PUT /cart/delivery)',
      409: 'The cart is empty; or a checkout of this cart is still in flight (type checkout-in-flight); or the customer has the most open orders allowed (open-orders-limit) or would have too many units of one product on open orders (open-units-limit); or the shipping option does not deliver to the address',
      422: 'The key was used with another body',
    },
  },
  {
    method: 'PUT',
    path: '/cart/delivery',
    service: 'carts',
    summary: 'Set where the cart goes and how',
    description:
      "Sets the cart's shipping address and, optionally, its shipping option (without one: the cheapest that delivers to the country; none: shipping is free), and answers the cart priced for it: shipping, and the tax of the destination. The checkout uses them when its body names none.",
    auth: 'customer',
    store: true,
    request: { body: deliveryBody },
    success: { status: 200, description: 'The cart, priced for that address', body: cart },
    errors: { 409: 'The shipping option does not deliver to the address (or is unknown)' },
  },
  {
    method: 'PUT',
    path: '/cart/promotion',
    service: 'carts',
    summary: 'Apply a promotion code to the cart',
    description:
      "Applies the request's store's promotion code (in any case) to the cart, replacing any before, and answers the cart priced with it. Its uses are counted when an order is confirmed; a per-customer limit is checked then.",
    auth: 'customer',
    store: true,
    request: { body: cartPromotionBody },
    success: { status: 200, description: 'The cart, priced with the code', body: cart },
    errors: {
      404: 'No such code in this store',
      409: 'The code has expired, has not started, is used up, or the goods come to less than its minimum (the detail says which)',
    },
  },
  {
    method: 'DELETE',
    path: '/cart/promotion',
    service: 'carts',
    summary: 'Take the promotion code off the cart',
    description: 'The cart without its promotion code (as it is when it has none).',
    auth: 'customer',
    store: true,
    success: { status: 200, description: 'The cart', body: cart },
  },
  // orders
  {
    method: 'GET',
    path: '/orders',
    service: 'orders',
    summary: "Your orders (scope=all: everyone's, the store's admins)",
    description:
      "The caller's own orders in the request's store, newest first, a page at a time; `scope=all` every user's orders of the store (its admins only: `admin` or `store-admin-<storeId>`). `status` filters by status. A cursor is valid only in the store that issued it (400 `cursor` in another).",
    auth: 'customer',
    store: true,
    request: { query: listOrdersQuery },
    success: { status: 200, description: 'A page of orders', body: orderPage },
    errors: { 403: "`scope=all` without administering the request's store" },
  },
  {
    method: 'GET',
    path: '/orders/{orderId}',
    service: 'orders',
    summary: "One order (owner or the store's admin)",
    description:
      "The order of the request's store, for its owner or the store's admin; 404 for anyone else, and for an order of another store. Right after a checkout it may be 404 for a moment: the order is made from the checkout event.",
    auth: 'customer',
    store: true,
    request: { path: orderPath },
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order of yours' },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/cancel',
    service: 'orders',
    summary: "Cancel an order (owner or the store's admin)",
    description:
      'CANCELLED from PENDING or CONFIRMED: the stock goes back and the payment is refunded. An order of another store is 404.',
    auth: 'customer',
    store: true,
    request: { path: orderPath },
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order of yours', 409: 'Not cancellable from its status' },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/ship',
    service: 'orders',
    summary: 'Ship a confirmed order',
    description: "CONFIRMED → SHIPPED (the store's admins only); an order of another store is 404.",
    auth: 'storeAdmin',
    store: true,
    request: { path: orderPath },
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order', 409: 'Not CONFIRMED' },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/deliver',
    service: 'orders',
    summary: 'Mark a shipped order delivered',
    description: "SHIPPED → DELIVERED (the store's admins only); an order of another store is 404.",
    auth: 'storeAdmin',
    store: true,
    request: { path: orderPath },
    success: { status: 200, description: 'The order', body: order },
    errors: { 404: 'No such order', 409: 'Not SHIPPED' },
  },
  // returns (API.md v1.1 "Returns and refunds after delivery")
  {
    method: 'POST',
    path: '/orders/{orderId}/returns',
    service: 'orders',
    summary: 'Ask to return units of a delivered order (owner)',
    description:
      "A return of some of the order's units (by variant; a product without options by its own id), REQUESTED, with its `refundAmount`: what those units cost, less their share of the discount, with their tax; shipping is never refunded. Only the order's owner, only once DELIVERED and within the store's `returnWindowDays` of the delivery, and never more units than were bought less those of earlier returns that were not rejected.",
    auth: 'customer',
    store: true,
    request: { path: orderPath, body: returnRequestBody },
    success: { status: 201, description: 'The return', body: orderReturn },
    errors: {
      404: 'No such order of yours',
      409: 'Not DELIVERED, past the return window, more units than are left to return, or too many returns',
    },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/returns/{returnId}/receive',
    service: 'orders',
    summary: "Receive a returned parcel (the store's admins)",
    description:
      'REQUESTED → RECEIVED: the units go back into stock and the refund follows (the return becomes REFUNDED), each exactly once however often this is sent. A return already RECEIVED or REFUNDED is answered as it is (200); a REJECTED one is 409.',
    auth: 'storeAdmin',
    store: true,
    request: { path: returnPath },
    success: { status: 200, description: 'The return', body: orderReturn },
    errors: { 404: 'No such order or return', 409: 'The return was rejected' },
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/returns/{returnId}/reject',
    service: 'orders',
    summary: "Reject a requested return (the store's admins)",
    description:
      'REQUESTED → REJECTED with the reason: nothing is restocked or refunded, and its units may be asked for again. From any other status (RECEIVED, REFUNDED, REJECTED) 409.',
    auth: 'storeAdmin',
    store: true,
    request: { path: returnPath, body: returnRejectionBody },
    success: { status: 200, description: 'The return', body: orderReturn },
    errors: { 404: 'No such order or return', 409: 'Not REQUESTED' },
  },
  // promotions (orders counts their uses)
  {
    method: 'GET',
    path: '/promotions',
    service: 'orders',
    summary: "The store's promotion codes",
    description:
      "The request's store's promotions by code, each with `timesUsed` (confirmed orders holding a use); the store's admins only.",
    auth: 'storeAdmin',
    store: true,
    request: { query: listPromotionsQuery },
    success: { status: 200, description: 'The promotions', body: promotionPage },
  },
  {
    method: 'POST',
    path: '/promotions',
    service: 'orders',
    summary: 'Create a promotion code',
    description:
      "A percent (1–100), fixed (minor units) or free-shipping code of the request's store, with an optional validity window, minimum subtotal and limits overall and per customer; codes are case-insensitive. The store's admins only.",
    auth: 'storeAdmin',
    store: true,
    request: { body: newPromotionBody },
    success: { status: 201, description: 'The promotion', body: promotion },
    errors: { 409: 'The code is taken in this store' },
  },
  {
    method: 'PATCH',
    path: '/promotions/{code}',
    service: 'orders',
    summary: 'Change a promotion code',
    description:
      "Changes the given fields (`null` removes an optional one); orders already placed keep the money they were priced with. The store's admins only.",
    auth: 'storeAdmin',
    store: true,
    request: { path: promotionPath, body: promotionPatchBody },
    success: { status: 200, description: 'The promotion', body: promotion },
    errors: { 404: 'No such code', 409: 'The promotion kept changing; try again' },
  },
  {
    method: 'DELETE',
    path: '/promotions/{code}',
    service: 'orders',
    summary: 'Delete a promotion code',
    description:
      "Carts can no longer apply the code; orders already confirmed with it keep their money. The store's admins only.",
    auth: 'storeAdmin',
    store: true,
    request: { path: promotionPath },
    success: { status: 204, description: 'Deleted' },
    errors: { 404: 'No such code', 409: 'The promotion kept changing; try again' },
  },
  // notifications
  {
    method: 'GET',
    path: '/notifications',
    service: 'notifications',
    summary: 'Your notifications in the store, newest first',
    description:
      "The caller's own notifications (one per email sent) in the request's store, newest first, a page at a time; a WELCOME is `main`'s. A cursor of another store is refused.",
    auth: 'customer',
    store: true,
    request: { query: listNotificationsQuery },
    success: { status: 200, description: 'A page of notifications', body: notificationPage },
  },
  // reviews
  {
    method: 'GET',
    path: '/products/{productId}/reviews',
    service: 'reviews',
    summary: "A product's reviews",
    description:
      "The reviews of a product of the request's store, newest first (`sort=newest`, the default) or highest rating first (`sort=rating`, newest first within a rating), a page at a time. A product nobody reviewed (or none at all) has an empty list. Titles and bodies are plain text, answered as written: show them as text, never as HTML. A cursor is valid only for the store, product and sort that issued it.",
    auth: 'public',
    store: true,
    request: { path: reviewProductPath, query: listReviewsQuery },
    success: { status: 200, description: 'A page of reviews', body: reviewPage },
    errors: { 400: 'Invalid input, or a cursor of another store, product or sort' },
  },
  {
    method: 'POST',
    path: '/products/{productId}/reviews',
    service: 'reviews',
    summary: 'Review a product you received',
    description:
      "The caller's review of a product: only a customer who received it (an order of it in this store was delivered to them) may review it, once. `title` and `body` are plain text, stored trimmed; the author is shown by their profile name. The product's `rating` counts it within seconds.",
    auth: 'customer',
    store: true,
    request: { path: reviewProductPath, body: reviewBody },
    success: { status: 201, description: 'The review', body: review },
    errors: {
      403: 'Not a verified buyer: no delivered order of this product in this store',
      409: 'The caller has reviewed this product already (change it with PUT …/reviews/mine)',
    },
  },
  {
    method: 'PUT',
    path: '/products/{productId}/reviews/mine',
    service: 'reviews',
    summary: 'Change your review',
    description:
      "Replaces the rating, title and body of the caller's own review of the product; the product's `rating` follows within seconds.",
    auth: 'customer',
    store: true,
    request: { path: reviewProductPath, body: reviewBody },
    success: { status: 200, description: 'The review', body: review },
    errors: { 404: 'The caller has not reviewed this product' },
  },
  {
    method: 'DELETE',
    path: '/products/{productId}/reviews/{reviewId}',
    service: 'reviews',
    summary: "Delete a review (its author, or the store's admin)",
    description:
      "Deletes a review: its author may, and so may the admins of the request's store (the `admin` group or `store-admin-<storeId>`); anyone else is refused and nothing is deleted. The product's `rating` drops it within seconds.",
    auth: 'customer',
    store: true,
    request: { path: reviewPath },
    success: { status: 204, description: 'Deleted' },
    errors: {
      403: "Neither the review's author nor an admin of this store",
      404: 'No such review of this product in this store',
    },
  },
  {
    method: 'GET',
    path: '/reviews/mine/{productId}',
    service: 'reviews',
    summary: 'Your review of a product',
    description:
      "The caller's own review of a product of the request's store, if any: what the storefront offers to change or delete. Not under `/products/*`, whose GETs the edge serves as public catalog reads (it forwards no token on them).",
    auth: 'customer',
    store: true,
    request: { path: reviewProductPath },
    success: { status: 200, description: 'The review', body: review },
    errors: { 404: 'The caller has not reviewed this product' },
  },
  // the API's own description (users owns the shared HTTP API)
  {
    method: 'GET',
    path: '/openapi.json',
    service: 'users',
    summary: 'This document',
    description:
      'The OpenAPI 3.1 document of this API, generated from the same zod schemas the routes validate with.',
    auth: 'public',
    success: { status: 200, description: 'OpenAPI 3.1', body: openApiDocumentAnswer },
  },
  {
    method: 'GET',
    path: '/docs',
    service: 'users',
    summary: 'A page that renders this document',
    description: 'A self-contained HTML page (no external scripts) that renders this document.',
    auth: 'public',
    success: { status: 200, description: 'HTML', body: docsPageAnswer, mediaType: 'text/html' },
  },
];
