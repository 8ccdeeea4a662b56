import { randomUUID } from 'node:crypto';
import { contractViolations } from './contract-check.ts';

/**
 * Every answer that broke the contract, also those a test did not wait for or let fail quietly
 * (warm-ups, `Promise.allSettled`): the setup file fails the test file on any.
 */
export const contractBreaches: string[] = [];

/** One HTTP answer, body parsed when it is JSON. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert the shape they need.
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface RequestOptions {
  token?: string;
  /** Serialized as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export const ADMIN = {
  email: 'admin@example.com',
  password: process.env.LOCAL_ADMIN_PASSWORD ?? 'Admin-pass-1',
};
export const PASSWORD = 'Acceptance-pass-1';
export const ADDRESS = { line1: '1 Test Street', city: 'Testville', postalCode: '12345', country: 'US' };

export interface SignedInUser {
  email: string;
  password: string;
  userId: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

/** A client of the shop's one base URL; refuses anything but loopback so no test talks to the world. */
export function shopClient(baseUrl: string) {
  const base = new URL(baseUrl);
  if (base.hostname !== '127.0.0.1')
    throw new Error(`acceptance tests only talk to 127.0.0.1, not ${baseUrl}`);

  // biome-ignore lint/suspicious/noExplicitAny: as for Answer.
  async function request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, base), {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    // serverless-offline answers a Lambda timeout or crash with its own envelope (as a 200!): that
    // is never a shop answer, so fail loudly instead of reading it as one.
    if (parsed && typeof parsed === 'object' && 'errorType' in parsed && 'errorMessage' in parsed)
      throw new Error(
        `${method} ${path}: the local Lambda runtime answered ${response.status} ${text.slice(0, 300)}`,
      );
    // Every answer, success or problem, must be exactly what the contract documents for it.
    const violations = contractViolations({
      method,
      path,
      status: response.status,
      contentType: response.headers.get('content-type'),
      text,
    });
    if (violations.length > 0) {
      contractBreaches.push(...violations);
      throw new Error(`${method} ${path} broke the HTTP contract:\n  ${violations.join('\n  ')}`);
    }
    return { status: response.status, headers: response.headers, text, body: parsed as T };
  }

  /** Signs a new, unique customer up and in. */
  async function newCustomer(label = 'customer'): Promise<SignedInUser> {
    const email = `${label}-${randomUUID()}@example.com`.toLowerCase();
    const signup = await request('POST', '/auth/signup', {
      body: { email, password: PASSWORD, name: label },
    });
    if (signup.status !== 201) throw new Error(`signup ${email}: ${signup.status} ${signup.text}`);
    const tokens = await login(email, PASSWORD);
    return { email, password: PASSWORD, userId: signup.body.userId, ...tokens };
  }

  async function login(email: string, password: string) {
    const answer = await request('POST', '/auth/login', { body: { email, password } });
    if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${answer.text}`);
    return answer.body as { accessToken: string; idToken: string; refreshToken: string };
  }

  /** The seeded local admin's tokens. */
  async function admin(): Promise<SignedInUser> {
    const tokens = await login(ADMIN.email, ADMIN.password);
    return { ...ADMIN, userId: '', ...tokens };
  }

  /** Creates a product as admin and waits until the carts' read model (fed by ProductChanged) knows it. */
  async function newProduct(
    adminToken: string,
    fields: { stock: number; price?: number; name?: string },
    probeToken?: string,
  ): Promise<{ productId: string; price: number; stock: number; name: string }> {
    const name = fields.name ?? `Acceptance item ${randomUUID().slice(0, 8)}`;
    const created = await request('POST', '/products', {
      token: adminToken,
      body: {
        name,
        description: 'Made by an acceptance test.',
        category: 'acceptance',
        price: fields.price ?? 1500,
        stock: fields.stock,
      },
    });
    if (created.status !== 201) throw new Error(`create product: ${created.status} ${created.text}`);
    if (probeToken) {
      // The cart path never reads the products table: wait for the event to reach the carts' copy.
      await poll(
        `product ${created.body.productId} in the carts' read model`,
        () =>
          request('PUT', `/cart/items/${created.body.productId}`, {
            token: probeToken,
            body: { quantity: 1 },
          }),
        (answer) => answer.status === 200,
        { timeoutMs: 15_000 },
      );
      await request('DELETE', `/cart/items/${created.body.productId}`, { token: probeToken });
    }
    return created.body;
  }

  /** Polls an order until it leaves PENDING (404 right after checkout is expected: it is made from the event). */
  async function settledOrder(orderId: string, token: string, timeoutMs = 15_000) {
    const answer = await poll(
      `order ${orderId} to leave PENDING`,
      () => request('GET', `/orders/${orderId}`, { token }),
      (candidate) => candidate.status === 200 && candidate.body.status !== 'PENDING',
      { timeoutMs },
    );
    return answer.body;
  }

  /**
   * Sends `count` requests at once and waits for them, whatever they answer: locally each
   * concurrent Lambda instance is a worker thread that loads its handler cold, and a test about
   * concurrency should meet warm instances, as it mostly would in AWS, not time out on the load.
   */
  async function warmUp(count: number, send: () => Promise<unknown>): Promise<void> {
    await Promise.allSettled(Array.from({ length: count }, send));
  }

  return { request, newCustomer, login, admin, newProduct, settledOrder, warmUp };
}

export type ShopClient = ReturnType<typeof shopClient>;

/** Calls `read` until `done` accepts its result or the deadline passes (then throws with the last result). */
export async function poll<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  while (true) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      const shown = JSON.stringify(last, (key, value) => (key === 'headers' ? undefined : value));
      throw new Error(`timed out waiting for ${what}; last: ${shown?.slice(0, 600)}`);
    }
    await sleep(options.intervalMs ?? 200);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task` over `items` with at most `limit` in flight (and a ramp); the local platform's own. */
export { mapLimit } from '@shop/local-platform';

/** Counts of each notification type a user was sent. */
export function countByType(
  items: Array<{ type: string; orderId?: string }>,
  orderId?: string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    if (orderId !== undefined && item.orderId !== orderId) continue;
    counts[item.type] = (counts[item.type] ?? 0) + 1;
  }
  return counts;
}
