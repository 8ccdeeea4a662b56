// The shop API client: one function per route of API.md, typed by its shapes. Signs requests with
// the session's access token, refreshes it before it expires (and once after a 401), and turns
// every error answer into an ApiError carrying the problem+json body. Each client works in one store:
// it sends `X-Store-Id` on every store-scoped route (products, cart, checkout, shipping options, tax
// rates, orders, notifications, reviews);
// `inStore(id)` gives the client of another store, sharing the session, its one refresh at a time and
// what this app wrote.
import type { SessionStore } from '../session.ts';
import { DEFAULT_STORE_ID } from '../stores.ts';
import { ApiError, NetworkError, problemFrom } from './problem.ts';
import type {
  Cart,
  CheckoutAccepted,
  CheckoutRequest,
  DeliveryRequest,
  LoginTokens,
  NewPromotion,
  NewShippingOption,
  NewStore,
  Notification,
  Order,
  OrderReturn,
  OrderStatus,
  Page,
  Product,
  ProductFacets,
  ProductInput,
  ProductSort,
  Profile,
  Promotion,
  PromotionPage,
  PromotionPatch,
  RefreshedTokens,
  ReturnRequest,
  Review,
  ReviewInput,
  ReviewSort,
  ShippingOption,
  ShippingOptionList,
  ShippingOptionPatch,
  SignupRequest,
  SignupResult,
  Store,
  StoreChanges,
  TaxRate,
  TaxRateList,
  VariantPatchInput,
} from './types.ts';

/** The header that names the store of a store-scoped route (API.md "Stores"). */
export const STORE_HEADER = 'x-store-id';

export interface ApiClientOptions {
  /** The shop's one base URL, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  session: SessionStore;
  fetch?: typeof fetch;
  /** Per-request time limit. */
  timeoutMs?: number;
  /** The store this client works in; `main` when absent. */
  storeId?: string;
}

type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the access token (refreshing it first if needed). */
  auth?: boolean;
  /** A store-scoped route: send the client's store as `X-Store-Id`. */
  store?: boolean;
}

export interface ListProductsQuery {
  category?: string;
  q?: string;
  limit?: number;
  cursor?: string;
  /** `name` (default), `price`, `-price`, `newest`, `rating`. */
  sort?: ProductSort;
  /** Minor units, inclusive. */
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
}

export interface ListReviewsQuery {
  sort?: ReviewSort;
  limit?: number;
  cursor?: string;
}

export interface ListOrdersQuery {
  status?: OrderStatus;
  limit?: number;
  cursor?: string;
}

/** The URL of `path` under `baseUrl` with the defined query parameters. */
export function apiUrl(baseUrl: string, path: string, query: Query = {}): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  return url.toString();
}

const segment = (value: string) => encodeURIComponent(value);

/** What every store's client of one app shares: the session, its refresh, what the app wrote. */
function createCore(options: ApiClientOptions) {
  const { baseUrl, session } = options;
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  let refreshing: Promise<boolean> | undefined;
  // The catalog's reads may come from a cache (the browser's, CloudFront's) up to the stage's
  // catalogCacheSeconds old. What this client wrote itself it shows as written, so an admin's edit
  // or deletion never seems undone on the next page: the newer `updatedAt` wins, a deletion hides it.
  const written = new Map<string, Product | 'deleted'>();
  const asWritten = (product: Product): Product | undefined => {
    const mine = written.get(product.productId);
    if (mine === 'deleted') return undefined;
    return mine && mine.updatedAt > product.updatedAt ? mine : product;
  };
  const remember = (product: Product): Product => {
    written.set(product.productId, product);
    return product;
  };

  async function send(
    method: string,
    path: string,
    request: RequestOptions,
    token?: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetchFn(apiUrl(baseUrl, path, request.query), {
        method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new NetworkError('The shop could not be reached. Check your connection and try again.', {
        cause: error,
      });
    }
  }

  /** Swaps the refresh token for a new access token; at most one refresh runs at a time. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const refreshToken = session.tokens()?.refreshToken;
      if (!refreshToken) return false;
      const response = await send('POST', '/auth/refresh', { body: { refreshToken } }).catch(() => undefined);
      if (!response?.ok) {
        // Only a definite refusal ends the session; a network blip keeps it for the next try.
        if (response && (response.status === 400 || response.status === 401)) session.signOut();
        return false;
      }
      session.refreshed((await response.json()) as RefreshedTokens);
      return true;
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function request<T>(
    method: string,
    path: string,
    request: RequestOptions = {},
    storeId: string = DEFAULT_STORE_ID,
  ): Promise<T> {
    if (request.store) {
      // A new object: the caller's options are reused by the retry after a refresh.
      request = { ...request, headers: { ...request.headers, [STORE_HEADER]: storeId } };
    }
    if (request.auth && session.tokens() && session.expiresSoon()) await refresh();
    let response = await send(
      method,
      path,
      request,
      request.auth ? session.tokens()?.accessToken : undefined,
    );
    if (response.status === 401 && request.auth && session.tokens() && (await refresh())) {
      response = await send(method, path, request, session.tokens()?.accessToken);
    }
    if (!response.ok) {
      const sessionEnded = response.status === 401 && request.auth === true;
      if (sessionEnded) session.signOut();
      throw new ApiError(await problemFrom(response), { sessionEnded });
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    session,
    send,
    refresh,
    request,
    asWritten,
    remember,
    written,
    clients: new Map<string, ShopApi>(),
  };
}

type Core = ReturnType<typeof createCore>;

/** The shop's API as one store sees it. */
export function createApiClient(options: ApiClientOptions): ShopApi {
  return clientOf(createCore(options), options.storeId ?? DEFAULT_STORE_ID);
}

function clientOf(core: Core, storeId: string): ShopApi {
  const known = core.clients.get(storeId);
  if (known) return known;
  const client: ShopApi = {
    ...routes(core, storeId),
    storeId,
    inStore: (otherStoreId) => clientOf(core, otherStoreId),
  };
  core.clients.set(storeId, client);
  return client;
}

function routes(core: Core, storeId: string) {
  const { session, send, refresh, asWritten, remember, written } = core;
  const request = <T>(method: string, path: string, options: RequestOptions = {}) =>
    core.request<T>(method, path, options, storeId);
  const inStore = <T>(method: string, path: string, options: RequestOptions = {}) =>
    request<T>(method, path, { ...options, store: true });
  /** Every page of GET /stores (a deployment has a handful of stores; bounded all the same). */
  async function allStores(): Promise<Store[]> {
    const stores: Store[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const answer = await request<Page<Store>>('GET', '/stores', { query: { limit: 100, cursor } });
      stores.push(...answer.items);
      if (!answer.nextCursor) break;
      cursor = answer.nextCursor;
    }
    return stores;
  }

  return {
    signup: (body: SignupRequest) => request<SignupResult>('POST', '/auth/signup', { body }),
    async login(body: { email: string; password: string }): Promise<void> {
      session.signIn(await request<LoginTokens>('POST', '/auth/login', { body }));
    },
    /**
     * Signs out here at once, then revokes the refresh token (POST /auth/logout), so a copy of it
     * refreshes nothing. A failed revocation leaves the local sign-out done; the server answers 204
     * for a token it no longer knows, so repeating it is harmless.
     */
    async logout(): Promise<void> {
      const refreshToken = session.tokens()?.refreshToken;
      session.signOut();
      if (!refreshToken) return;
      await send('POST', '/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    },
    refresh,

    getProfile: () => request<Profile>('GET', '/users/me', { auth: true }),
    /**
     * Erases the account and, through the shop's events, the personal data every service holds
     * (DELETE /users/me); signs out here once it is done, since the account no longer exists.
     */
    async eraseAccount(): Promise<void> {
      await request<void>('DELETE', '/users/me', { auth: true });
      session.signOut();
    },

    async listProducts(query: ListProductsQuery = {}): Promise<Page<Product>> {
      const { inStock, ...rest } = query;
      const page = await inStore<Page<Product>>('GET', '/products', {
        query: { ...rest, inStock: inStock ? 'true' : undefined },
      });
      return { ...page, items: page.items.flatMap((item) => asWritten(item) ?? []) };
    },
    /** The categories (with counts) and the price range of what `category` and `q` select. */
    productFacets: (query: { category?: string; q?: string } = {}) =>
      inStore<ProductFacets>('GET', '/products/facets', { query: { ...query } }),
    async getProduct(productId: string): Promise<Product> {
      const product = asWritten(await inStore<Product>('GET', `/products/${segment(productId)}`));
      if (!product)
        throw new ApiError({
          type: 'https://shop.example/problems/not-found',
          title: 'Not Found',
          status: 404,
          detail: `No product has the id "${productId}".`,
        });
      return product;
    },
    createProduct: async (body: ProductInput) =>
      remember(await inStore<Product>('POST', '/products', { body, auth: true })),
    updateProduct: async (productId: string, patch: Partial<ProductInput>) =>
      remember(
        await inStore<Product>('PATCH', `/products/${segment(productId)}`, { body: patch, auth: true }),
      ),
    /** One variant's SKU, price or stock; answers the whole product. */
    updateVariant: async (productId: string, variantId: string, patch: VariantPatchInput) =>
      remember(
        await inStore<Product>('PATCH', `/products/${segment(productId)}/variants/${segment(variantId)}`, {
          body: patch,
          auth: true,
        }),
      ),
    async deleteProduct(productId: string): Promise<void> {
      await inStore<void>('DELETE', `/products/${segment(productId)}`, { auth: true });
      written.set(productId, 'deleted');
    },

    getCart: () => inStore<Cart>('GET', '/cart', { auth: true }),
    setCartItem: (productId: string, quantity: number) =>
      inStore<Cart>('PUT', `/cart/items/${segment(productId)}`, { body: { quantity }, auth: true }),
    removeCartItem: (productId: string) =>
      inStore<Cart>('DELETE', `/cart/items/${segment(productId)}`, { auth: true }),
    /** One variant's line (a one-variant product's variant has the product's id). */
    setCartVariant: (variantId: string, quantity: number) =>
      inStore<Cart>('PUT', `/cart/variants/${segment(variantId)}`, { body: { quantity }, auth: true }),
    removeCartVariant: (variantId: string) =>
      inStore<Cart>('DELETE', `/cart/variants/${segment(variantId)}`, { auth: true }),
    clearCart: () => inStore<void>('DELETE', '/cart', { auth: true }),
    /** Where the cart goes and how; answers the cart priced for it (409: the option does not deliver there). */
    setDelivery: (body: DeliveryRequest) => inStore<Cart>('PUT', '/cart/delivery', { body, auth: true }),
    /** The cart priced with the store's code (404 unknown; 409 expired, not started, used up, below its minimum). */
    applyPromotion: (code: string) => inStore<Cart>('PUT', '/cart/promotion', { body: { code }, auth: true }),
    /** The cart without its code. */
    removePromotion: () => inStore<Cart>('DELETE', '/cart/promotion', { auth: true }),
    /** The store's admins: its promotion codes, each with `timesUsed`. */
    listPromotions: (cursor?: string) =>
      inStore<PromotionPage>('GET', '/promotions', { query: { limit: '100', cursor }, auth: true }),
    /** The store's admins: a new code (201; 409 when it is taken). */
    createPromotion: (body: NewPromotion) => inStore<Promotion>('POST', '/promotions', { body, auth: true }),
    /** The store's admins: only the fields given change; `null` removes an optional one. */
    updatePromotion: (code: string, patch: PromotionPatch) =>
      inStore<Promotion>('PATCH', `/promotions/${segment(code)}`, { body: patch, auth: true }),
    /** The store's admins: carts stop applying the code; confirmed orders keep their money. */
    deletePromotion: (code: string) =>
      inStore<void>('DELETE', `/promotions/${segment(code)}`, { auth: true }),
    /** Anyone: the store's shipping options, only those that deliver to `country` when it is given. */
    listShippingOptions: (country?: string) =>
      inStore<ShippingOptionList>('GET', '/shipping-options', { query: { country } }),
    /** The store's admins: a new option (201; 409 when the store offers 50 already). */
    createShippingOption: (body: NewShippingOption) =>
      inStore<ShippingOption>('POST', '/shipping-options', { body, auth: true }),
    /** The store's admins: only the fields given change; `freeOver: null` removes the threshold. */
    updateShippingOption: (shippingOptionId: string, patch: ShippingOptionPatch) =>
      inStore<ShippingOption>('PATCH', `/shipping-options/${segment(shippingOptionId)}`, {
        body: patch,
        auth: true,
      }),
    /** The store's admins. */
    deleteShippingOption: (shippingOptionId: string) =>
      inStore<void>('DELETE', `/shipping-options/${segment(shippingOptionId)}`, { auth: true }),
    /** Anyone: the store's tax rates by destination country, in basis points (1900 = 19 %). */
    listTaxRates: () => inStore<TaxRateList>('GET', '/tax-rates'),
    /** The store's admins: sets (or replaces) the rate of deliveries to `country`, in basis points. */
    setTaxRate: (country: string, rate: number) =>
      inStore<TaxRate>('PUT', `/tax-rates/${segment(country)}`, { body: { rate }, auth: true }),
    /** The store's admins: the country is taxed at 0 from now on (404 when it had no rate). */
    deleteTaxRate: (country: string) =>
      inStore<void>('DELETE', `/tax-rates/${segment(country)}`, { auth: true }),
    /** `idempotencyKey`: one per checkout attempt, the same on every retry of it (see checkout.ts). */
    checkout: (body: CheckoutRequest, idempotencyKey: string) =>
      inStore<CheckoutAccepted>('POST', '/cart/checkout', {
        body,
        headers: { 'idempotency-key': idempotencyKey },
        auth: true,
      }),

    listOrders: (query: ListOrdersQuery = {}) =>
      inStore<Page<Order>>('GET', '/orders', { query: { ...query }, auth: true }),
    /** Admin: every user's orders. */
    listAllOrders: (query: ListOrdersQuery = {}) =>
      inStore<Page<Order>>('GET', '/orders', { query: { scope: 'all', ...query }, auth: true }),
    getOrder: (orderId: string) => inStore<Order>('GET', `/orders/${segment(orderId)}`, { auth: true }),
    cancelOrder: (orderId: string) =>
      inStore<Order>('POST', `/orders/${segment(orderId)}/cancel`, { auth: true }),
    shipOrder: (orderId: string) =>
      inStore<Order>('POST', `/orders/${segment(orderId)}/ship`, { auth: true }),
    deliverOrder: (orderId: string) =>
      inStore<Order>('POST', `/orders/${segment(orderId)}/deliver`, { auth: true }),
    /** The owner, once DELIVERED and within the store's return window: a REQUESTED return (201). */
    requestReturn: (orderId: string, body: ReturnRequest) =>
      inStore<OrderReturn>('POST', `/orders/${segment(orderId)}/returns`, { body, auth: true }),
    /** The store's admin: RECEIVED (the restock and the refund follow); again answers it as it is. */
    receiveReturn: (orderId: string, returnId: string) =>
      inStore<OrderReturn>('POST', `/orders/${segment(orderId)}/returns/${segment(returnId)}/receive`, {
        auth: true,
      }),
    /** The store's admin: REJECTED, only from REQUESTED. */
    rejectReturn: (orderId: string, returnId: string, reason: string) =>
      inStore<OrderReturn>('POST', `/orders/${segment(orderId)}/returns/${segment(returnId)}/reject`, {
        body: { reason },
        auth: true,
      }),

    listNotifications: (query: { limit?: number; cursor?: string } = {}) =>
      inStore<Page<Notification>>('GET', '/notifications', { query: { ...query }, auth: true }),

    /** Anyone: a product's reviews, newest first unless `sort: 'rating'`. */
    listReviews: (productId: string, query: ListReviewsQuery = {}) =>
      inStore<Page<Review>>('GET', `/products/${segment(productId)}/reviews`, { query: { ...query } }),
    /** The signed-in user's own review of the product, or undefined when they have none (404). */
    async myReview(productId: string): Promise<Review | undefined> {
      try {
        return await inStore<Review>('GET', `/reviews/mine/${segment(productId)}`, { auth: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    /** A customer who received the product (403 otherwise; 409 when they reviewed it already). */
    postReview: (productId: string, body: ReviewInput) =>
      inStore<Review>('POST', `/products/${segment(productId)}/reviews`, { body, auth: true }),
    updateMyReview: (productId: string, body: ReviewInput) =>
      inStore<Review>('PUT', `/products/${segment(productId)}/reviews/mine`, { body, auth: true }),
    /** Its author, or an admin of this store. */
    deleteReview: (productId: string, reviewId: string) =>
      inStore<void>('DELETE', `/products/${segment(productId)}/reviews/${segment(reviewId)}`, { auth: true }),

    // Stores are the platform's, not a store's: no X-Store-Id.
    allStores,
    getStore: (id: string) => request<Store>('GET', `/stores/${segment(id)}`),
    /** Admin. */
    createStore: (body: NewStore) => request<Store>('POST', '/stores', { body, auth: true }),
    /** Admin, or that store's admin. */
    updateStore: (id: string, changes: StoreChanges) =>
      request<Store>('PATCH', `/stores/${segment(id)}`, { body: changes, auth: true }),
    /** Admin: `email` administers the store from their next sign-in or refresh. */
    grantStoreAdmin: (id: string, email: string) =>
      request<void>('PUT', `/stores/${segment(id)}/admins/${segment(email)}`, { auth: true }),
    /** Admin. */
    revokeStoreAdmin: (id: string, email: string) =>
      request<void>('DELETE', `/stores/${segment(id)}/admins/${segment(email)}`, { auth: true }),
  };
}

/** The shop's API in one store. */
export interface ShopApi extends ReturnType<typeof routes> {
  /** The store this client sends as `X-Store-Id`. */
  readonly storeId: string;
  /** The same API in another store (the same client each time for one store). */
  inStore(storeId: string): ShopApi;
}
