// Issue 15, "done when", for carts and orders: one account buys in both seeded stores (`main`, USD,
// and `berlin`, EUR) and has two carts and two orders that know nothing of each other; the issue's
// attacks on the cart and order routes, through the local base URL only. Needs the stores service
// (the berlin seed, PUT /stores/{storeId}/admins/{email}) and store-scoped products.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

const BERLIN = 'berlin';
const BERLIN_ADDRESS = { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

type Product = { productId: string; price: number; currency: string; stock: number; variants?: unknown[] };

/** The request's store: none is the v1 request (main). */
const inStore = (store?: string): Record<string, string> => (store ? { 'x-store-id': store } : {});

/**
 * A seeded product of the store with stock to sell (the one with the most) and one variant, so
 * PUT /cart/items/{productId} takes it (other files may have added products of several variants).
 */
async function seededProduct(store?: string): Promise<Product> {
  const answer = await api.request('GET', '/products?limit=100', { headers: inStore(store) });
  expect(answer.status).toBe(200);
  const products = (answer.body.items as Product[])
    .filter((product) => (product.variants?.length ?? 1) <= 1)
    .toSorted((a, b) => b.stock - a.stock);
  const product = products[0];
  if (!product || product.stock < 1) throw new Error(`no product with stock in ${store ?? 'main'}`);
  return product;
}

const cartOf = (user: SignedInUser, store?: string) =>
  api.request('GET', '/cart', { token: user.accessToken, headers: inStore(store) });
const putItem = (user: SignedInUser, productId: string, quantity: number, store?: string) =>
  api.request('PUT', `/cart/items/${productId}`, {
    token: user.accessToken,
    body: { quantity },
    headers: inStore(store),
  });
const checkout = (user: SignedInUser, address: typeof ADDRESS, store?: string) =>
  api.request('POST', '/cart/checkout', {
    token: user.accessToken,
    body: { shippingAddress: address },
    headers: { 'idempotency-key': randomUUID(), ...inStore(store) },
  });
const orderIn = (user: SignedInUser, orderId: string, store?: string) =>
  api.request('GET', `/orders/${orderId}`, { token: user.accessToken, headers: inStore(store) });
const settled = (user: SignedInUser, orderId: string, store?: string) =>
  poll(
    `order ${orderId} of ${store ?? 'main'} to leave PENDING`,
    () => orderIn(user, orderId, store),
    (answer) => answer.status === 200 && answer.body.status !== 'PENDING',
    // Locally an order leaves PENDING within seconds; the margin is for a busy 2-core machine.
    { timeoutMs: 30_000 },
  );

let mainProduct: Product;
let berlinProduct: Product;

beforeAll(async () => {
  [mainProduct, berlinProduct] = await Promise.all([seededProduct(), seededProduct(BERLIN)]);
});

describe('issue 15: one shopper, two stores', () => {
  it('keeps two carts and two orders, each in its own store and currency', async () => {
    const shopper = await api.newCustomer('two-stores');

    expect((await putItem(shopper, mainProduct.productId, 1)).status).toBe(200);
    expect((await putItem(shopper, berlinProduct.productId, 1, BERLIN)).status).toBe(200);
    const mainCart = await cartOf(shopper);
    const berlinCart = await cartOf(shopper, BERLIN);
    expect(mainCart.body).toMatchObject({
      items: [{ productId: mainProduct.productId, quantity: 1 }],
      currency: mainProduct.currency,
    });
    expect(berlinCart.body).toMatchObject({
      items: [{ productId: berlinProduct.productId, quantity: 1 }],
      currency: 'EUR',
    });

    const mainCheckout = await checkout(shopper, ADDRESS);
    const berlinCheckout = await checkout(shopper, BERLIN_ADDRESS, BERLIN);
    expect(mainCheckout.status).toBe(202);
    expect(berlinCheckout.status).toBe(202);
    const mainOrder = await settled(shopper, mainCheckout.body.orderId);
    const berlinOrder = await settled(shopper, berlinCheckout.body.orderId, BERLIN);
    expect(mainOrder.body).toMatchObject({
      storeId: 'main',
      status: 'CONFIRMED',
      currency: mainProduct.currency,
    });
    expect(berlinOrder.body).toMatchObject({
      storeId: BERLIN,
      status: 'CONFIRMED',
      currency: 'EUR',
      total: berlinProduct.price,
      items: [{ productId: berlinProduct.productId, quantity: 1, unitPrice: berlinProduct.price }],
    });

    // Each store lists its own order only; an order id of one store is unknown in the other.
    const mainList = await api.request('GET', '/orders', { token: shopper.accessToken });
    const berlinList = await api.request('GET', '/orders', {
      token: shopper.accessToken,
      headers: inStore(BERLIN),
    });
    expect(mainList.body.items.map((order: { orderId: string }) => order.orderId)).toEqual([
      mainCheckout.body.orderId,
    ]);
    expect(berlinList.body.items.map((order: { orderId: string }) => order.orderId)).toEqual([
      berlinCheckout.body.orderId,
    ]);
    expect((await orderIn(shopper, berlinCheckout.body.orderId)).status).toBe(404);
    expect((await orderIn(shopper, mainCheckout.body.orderId, BERLIN)).status).toBe(404);

    // Each confirmation emptied its own cart.
    await poll(
      'both carts emptied by their confirmations',
      async () => [
        (await cartOf(shopper)).body.items.length,
        (await cartOf(shopper, BERLIN)).body.items.length,
      ],
      (lengths) => lengths[0] === 0 && lengths[1] === 0,
      { timeoutMs: 15_000 },
    );

    // Two emails, one per store: each listed in its own store only, each subject naming its store.
    const storeNames = await Promise.all(
      ['main', BERLIN].map(
        async (storeId) => (await api.request('GET', `/stores/${storeId}`)).body.name as string,
      ),
    );
    const confirmations = (store?: string) =>
      poll(
        `the ORDER_CONFIRMED email of ${store ?? 'main'}`,
        async () => {
          const answer = await api.request('GET', '/notifications?limit=100', {
            token: shopper.accessToken,
            headers: inStore(store),
          });
          return (
            answer.body.items as { type: string; orderId?: string; storeId: string; subject: string }[]
          ).filter((item) => item.type === 'ORDER_CONFIRMED');
        },
        (items) => items.length > 0,
        { timeoutMs: 15_000 },
      );
    const [mainMail, berlinMail] = [await confirmations(), await confirmations(BERLIN)];
    expect(mainMail.map((item) => [item.orderId, item.storeId])).toEqual([
      [mainCheckout.body.orderId, 'main'],
    ]);
    expect(berlinMail.map((item) => [item.orderId, item.storeId])).toEqual([
      [berlinCheckout.body.orderId, BERLIN],
    ]);
    expect(mainMail[0]?.subject).toContain(storeNames[0]);
    expect(berlinMail[0]?.subject).toContain(storeNames[1]);
  });
});

describe('issue 15: attacks on carts and orders', () => {
  it('refuses an unknown store (404) and a malformed one (400), writing nothing', async () => {
    const shopper = await api.newCustomer('bad-store');

    for (const [store, status] of [
      ['atlantis', 404],
      ['Not a store!', 400],
    ] as const) {
      expect((await putItem(shopper, mainProduct.productId, 1, store)).status).toBe(status);
      expect((await checkout(shopper, ADDRESS, store)).status).toBe(status);
      expect(
        (await api.request('GET', '/orders', { token: shopper.accessToken, headers: inStore(store) })).status,
      ).toBe(status);
    }
    expect((await cartOf(shopper)).body.items).toEqual([]);
    expect((await api.request('GET', '/orders', { token: shopper.accessToken })).body.items).toEqual([]);
  });

  it("answers 404 for a product of another store in this store's cart", async () => {
    const shopper = await api.newCustomer('foreign-product');

    expect((await putItem(shopper, berlinProduct.productId, 1)).status).toBe(404);
    expect((await putItem(shopper, mainProduct.productId, 1, BERLIN)).status).toBe(404);
    expect((await cartOf(shopper)).body.items).toEqual([]);
    expect((await cartOf(shopper, BERLIN)).body.items).toEqual([]);
  });

  it("keeps berlin's store admin out of main's orders (403) and lets them run berlin's", async () => {
    const admin = await api.admin();
    const shopper = await api.newCustomer('berlin-buyer');
    const clerk = await api.newCustomer('berlin-admin');
    const granted = await api.request('PUT', `/stores/${BERLIN}/admins/${encodeURIComponent(clerk.email)}`, {
      token: admin.accessToken,
    });
    expect(granted.status).toBe(204);
    // The grant is in the tokens of the next sign-in.
    const clerkTokens = await api.login(clerk.email, clerk.password);
    const asClerk = (method: string, path: string, store?: string) =>
      api.request(method, path, { token: clerkTokens.accessToken, headers: inStore(store) });

    await putItem(shopper, mainProduct.productId, 1);
    await putItem(shopper, berlinProduct.productId, 1, BERLIN);
    const mainOrder = (await checkout(shopper, ADDRESS)).body.orderId as string;
    const berlinOrder = (await checkout(shopper, BERLIN_ADDRESS, BERLIN)).body.orderId as string;
    expect((await settled(shopper, mainOrder)).body.status).toBe('CONFIRMED');
    expect((await settled(shopper, berlinOrder, BERLIN)).body.status).toBe('CONFIRMED');

    for (const store of [undefined, 'main']) {
      expect((await asClerk('GET', '/orders?scope=all', store)).status).toBe(403);
      expect((await asClerk('POST', `/orders/${mainOrder}/ship`, store)).status).toBe(403);
      expect((await asClerk('POST', `/orders/${mainOrder}/deliver`, store)).status).toBe(403);
      expect((await asClerk('GET', `/orders/${mainOrder}`, store)).status).toBe(404);
    }
    expect((await orderIn(shopper, mainOrder)).body.status).toBe('CONFIRMED');

    const berlinAll = await asClerk('GET', '/orders?scope=all&status=CONFIRMED&limit=100', BERLIN);
    expect(berlinAll.status).toBe(200);
    const listed = berlinAll.body.items.map((order: { orderId: string }) => order.orderId);
    expect(listed).toContain(berlinOrder);
    expect(listed).not.toContain(mainOrder);
    expect((await asClerk('POST', `/orders/${mainOrder}/ship`, BERLIN)).status).toBe(404);
    expect((await asClerk('POST', `/orders/${berlinOrder}/ship`, BERLIN)).body).toMatchObject({
      status: 'SHIPPED',
      storeId: BERLIN,
    });
    expect((await asClerk('POST', `/orders/${berlinOrder}/deliver`, BERLIN)).body).toMatchObject({
      status: 'DELIVERED',
    });
  });

  it("keeps a customer from another store's admin routes (403), as the platform admin may everywhere", async () => {
    const customer = await api.newCustomer('not-an-admin');
    const admin = await api.admin();

    for (const store of [undefined, BERLIN]) {
      const everyOrder = (user: SignedInUser) =>
        api.request('GET', '/orders?scope=all&limit=1', { token: user.accessToken, headers: inStore(store) });
      expect((await everyOrder(customer)).status).toBe(403);
      expect((await everyOrder(admin)).status).toBe(200);
    }
    const berlinOrders = await api.request('GET', '/orders?scope=all&limit=100', {
      token: admin.accessToken,
      headers: inStore(BERLIN),
    });
    expect(berlinOrders.body.items.every((order: { storeId: string }) => order.storeId === BERLIN)).toBe(
      true,
    );
  });
});
