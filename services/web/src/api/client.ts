// The shop API client: one function per route of API.md, typed by its shapes. Signs requests with
// the session's access token, refreshes it before it expires (and once after a 401), and turns
// every error answer into an ApiError carrying the problem+json body.
import type { SessionStore } from '../session.ts';
import { ApiError, NetworkError, problemFrom } from './problem.ts';
import type {
  Cart,
  CheckoutAccepted,
  CheckoutRequest,
  LoginTokens,
  Notification,
  Order,
  OrderStatus,
  Page,
  Product,
  ProductInput,
  Profile,
  RefreshedTokens,
  SignupRequest,
  SignupResult,
} from './types.ts';

export interface ApiClientOptions {
  /** The shop's one base URL, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  session: SessionStore;
  fetch?: typeof fetch;
  /** Per-request time limit. */
  timeoutMs?: number;
}

type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the access token (refreshing it first if needed). */
  auth?: boolean;
}

export interface ListProductsQuery {
  category?: string;
  q?: string;
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

export function createApiClient(options: ApiClientOptions) {
  const { baseUrl, session } = options;
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  let refreshing: Promise<boolean> | undefined;

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

  async function request<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
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

    listProducts: (query: ListProductsQuery = {}) =>
      request<Page<Product>>('GET', '/products', { query: { ...query } }),
    getProduct: (productId: string) => request<Product>('GET', `/products/${segment(productId)}`),
    createProduct: (body: ProductInput) => request<Product>('POST', '/products', { body, auth: true }),
    updateProduct: (productId: string, patch: Partial<ProductInput>) =>
      request<Product>('PATCH', `/products/${segment(productId)}`, { body: patch, auth: true }),
    deleteProduct: (productId: string) =>
      request<void>('DELETE', `/products/${segment(productId)}`, { auth: true }),

    getCart: () => request<Cart>('GET', '/cart', { auth: true }),
    setCartItem: (productId: string, quantity: number) =>
      request<Cart>('PUT', `/cart/items/${segment(productId)}`, { body: { quantity }, auth: true }),
    removeCartItem: (productId: string) =>
      request<Cart>('DELETE', `/cart/items/${segment(productId)}`, { auth: true }),
    clearCart: () => request<void>('DELETE', '/cart', { auth: true }),
    /** `idempotencyKey`: one per checkout attempt, the same on every retry of it (see checkout.ts). */
    checkout: (body: CheckoutRequest, idempotencyKey: string) =>
      request<CheckoutAccepted>('POST', '/cart/checkout', {
        body,
        headers: { 'idempotency-key': idempotencyKey },
        auth: true,
      }),

    listOrders: (query: ListOrdersQuery = {}) =>
      request<Page<Order>>('GET', '/orders', { query: { ...query }, auth: true }),
    /** Admin: every user's orders. */
    listAllOrders: (query: ListOrdersQuery = {}) =>
      request<Page<Order>>('GET', '/orders', { query: { scope: 'all', ...query }, auth: true }),
    getOrder: (orderId: string) => request<Order>('GET', `/orders/${segment(orderId)}`, { auth: true }),
    cancelOrder: (orderId: string) =>
      request<Order>('POST', `/orders/${segment(orderId)}/cancel`, { auth: true }),
    shipOrder: (orderId: string) =>
      request<Order>('POST', `/orders/${segment(orderId)}/ship`, { auth: true }),
    deliverOrder: (orderId: string) =>
      request<Order>('POST', `/orders/${segment(orderId)}/deliver`, { auth: true }),

    listNotifications: (query: { limit?: number; cursor?: string } = {}) =>
      request<Page<Notification>>('GET', '/notifications', { query: { ...query }, auth: true }),
  };
}

export type ShopApi = ReturnType<typeof createApiClient>;
