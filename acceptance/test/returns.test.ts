// Issue 17, returns and refunds after delivery, through the local base URL only: a shopper buys 2 of
// one variant and 1 of another, the admin delivers, the shopper returns 1 unit and sees its exact
// refund; five concurrent receives restock one unit and refund once; both emails arrive once each;
// every refusal of API.md (more than bought, the same units again, another user's order, before
// delivery, past the store's window) answers its status.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

const ADDRESS = { line1: '1 Return Road', city: 'Springfield', postalCode: '12345', country: 'US' };
const tag = randomUUID().slice(0, 8);
let admin: SignedInUser;

type Variant = { variantId: string; price: number; stock: number; options: Record<string, string> };
type Line = { variantId: string; quantity: number; lineTotal: number };

/** A store (USD, tax added, no shipping options: shipping 0) and a shirt in two sizes, stock 10 each. */
async function storeWithShirt(returnWindowDays?: number) {
  const storeId = `ret-${tag}-${returnWindowDays ?? 'd'}`;
  const headers = { 'x-store-id': storeId };
  const created = await api.request('POST', '/stores', {
    token: admin.accessToken,
    body: {
      storeId,
      name: `Returns ${storeId}`,
      currency: 'USD',
      country: 'US',
      ...(returnWindowDays === undefined ? {} : { returnWindowDays }),
    },
  });
  expect(created.status).toBe(201);
  await poll(
    `store ${storeId} known to the catalog`,
    () => api.request('GET', '/products?limit=1', { headers }),
    (answer) => answer.status === 200,
    { timeoutMs: 20_000 },
  );
  const shirt = await api.request('POST', '/products', {
    token: admin.accessToken,
    headers,
    body: {
      name: `Returnable shirt ${storeId}`,
      description: 'In two sizes.',
      category: 'acceptance-returns',
      options: [{ name: 'Size', values: ['M', 'L'] }],
      variants: [
        { sku: `M-${storeId}`.toUpperCase(), options: { Size: 'M' }, price: 1999, stock: 10 },
        { sku: `L-${storeId}`.toUpperCase(), options: { Size: 'L' }, price: 2199, stock: 10 },
      ],
    },
  });
  expect(shirt.status).toBe(201);
  const [medium, large] = shirt.body.variants as Variant[];
  return { storeId, headers, productId: shirt.body.productId as string, medium, large } as {
    storeId: string;
    headers: Record<string, string>;
    productId: string;
    medium: Variant;
    large: Variant;
  };
}

type Store = Awaited<ReturnType<typeof storeWithShirt>>;

/** A customer's CONFIRMED order of 2 × medium and 1 × large in the store. */
async function confirmedOrder(store: Store, shopper: SignedInUser) {
  for (const [variant, quantity] of [
    [store.medium, 2],
    [store.large, 1],
  ] as const) {
    // Carts knows a new product a moment after it was made (ProductChanged).
    await poll(
      `variant ${variant.variantId} in the cart`,
      () =>
        api.request('PUT', `/cart/variants/${variant.variantId}`, {
          token: shopper.accessToken,
          headers: store.headers,
          body: { quantity },
        }),
      (answer) => answer.status === 200,
      { timeoutMs: 20_000 },
    );
  }
  const checkout = await api.request('POST', '/cart/checkout', {
    token: shopper.accessToken,
    headers: { ...store.headers, 'Idempotency-Key': randomUUID() },
    body: { shippingAddress: ADDRESS },
  });
  expect(checkout.status).toBe(202);
  const order = (
    await poll(
      'the order to leave PENDING',
      () =>
        api.request('GET', `/orders/${checkout.body.orderId}`, {
          token: shopper.accessToken,
          headers: store.headers,
        }),
      (answer) => answer.status === 200 && answer.body.status !== 'PENDING',
      { timeoutMs: 20_000 },
    )
  ).body;
  expect(order.status).toBe('CONFIRMED');
  return order;
}

async function deliver(store: Store, orderId: string) {
  for (const step of ['ship', 'deliver'])
    expect(
      (
        await api.request('POST', `/orders/${orderId}/${step}`, {
          token: admin.accessToken,
          headers: store.headers,
        })
      ).status,
    ).toBe(200);
}

const stockOf = async (store: Store, variantId: string): Promise<number> => {
  const product = await api.request('GET', `/products/${store.productId}`, { headers: store.headers });
  return (product.body.variants as Variant[]).find((variant) => variant.variantId === variantId)
    ?.stock as number;
};

const askReturn = (store: Store, shopper: SignedInUser, orderId: string, lines: unknown) =>
  api.request('POST', `/orders/${orderId}/returns`, {
    token: shopper.accessToken,
    headers: store.headers,
    body: { lines, reason: 'Does not fit' },
  });

let store: Store;

beforeAll(async () => {
  admin = await api.admin();
  store = await storeWithShirt();
}, 90_000);

describe('issue 17: returns and refunds after delivery', () => {
  it('returns 1 of 2 units: the exact refund, one restock and one refund for 5 concurrent receives, both emails once', async () => {
    const shopper = await api.newCustomer('returns');
    const order = await confirmedOrder(store, shopper);
    expect(order).toMatchObject({ returns: [], refundedTotal: 0 });
    // Before delivery: 409.
    expect(
      (await askReturn(store, shopper, order.orderId, [{ variantId: store.medium.variantId, quantity: 1 }]))
        .status,
    ).toBe(409);
    await deliver(store, order.orderId);
    const mediumLine = (order.items as Line[]).find(
      (item) => item.variantId === store.medium.variantId,
    ) as Line;

    const asked = await askReturn(store, shopper, order.orderId, [
      { variantId: store.medium.variantId, quantity: 1 },
    ]);

    expect(asked.status).toBe(201);
    // One unit of two: the floor of half the line's total (its price less discount, with its tax).
    const refund = Math.floor(mediumLine.lineTotal / 2);
    expect(asked.body).toMatchObject({
      orderId: order.orderId,
      status: 'REQUESTED',
      refundAmount: refund,
      lines: [{ variantId: store.medium.variantId, quantity: 1, refundAmount: refund }],
    });
    const before = await stockOf(store, store.medium.variantId);

    const receive = () =>
      api.request('POST', `/orders/${order.orderId}/returns/${asked.body.returnId}/receive`, {
        token: admin.accessToken,
        headers: store.headers,
      });
    // Locally each concurrent request may start a cold worker: warm five on a return that is not
    // there (404), then the five at once.
    await api.warmUp(5, () =>
      api.request('POST', `/orders/${order.orderId}/returns/none/receive`, {
        token: admin.accessToken,
        headers: store.headers,
      }),
    );
    const answers = await Promise.all(Array.from({ length: 5 }, receive));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const refunded = await poll(
      'the return to be REFUNDED',
      () =>
        api.request('GET', `/orders/${order.orderId}`, {
          token: shopper.accessToken,
          headers: store.headers,
        }),
      (answer) => answer.body.returns?.[0]?.status === 'REFUNDED',
      { timeoutMs: 20_000 },
    );
    expect(refunded.body.refundedTotal).toBe(refund);
    expect(refunded.body.returns).toEqual([
      expect.objectContaining({ returnId: asked.body.returnId, status: 'REFUNDED', refundAmount: refund }),
    ]);
    await poll(
      'the unit back in stock',
      () => stockOf(store, store.medium.variantId),
      (stock) => stock === before + 1,
      { timeoutMs: 20_000 },
    );
    const emails = await poll(
      'both return emails',
      () =>
        api.request('GET', '/notifications?limit=100', {
          token: shopper.accessToken,
          headers: store.headers,
        }),
      (answer) =>
        ['RETURN_RECEIVED', 'RETURN_REFUNDED'].every((type) =>
          answer.body.items?.some((item: { type: string }) => item.type === type),
        ),
      { timeoutMs: 20_000 },
    );
    // Whatever else arrives late, nothing is restocked, refunded or emailed twice.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await stockOf(store, store.medium.variantId)).toBe(before + 1);
    const again = await api.request('GET', '/notifications?limit=100', {
      token: shopper.accessToken,
      headers: store.headers,
    });
    const types = (again.body.items as Array<{ type: string }>).map((item) => item.type);
    expect(types.filter((type) => type === 'RETURN_RECEIVED')).toHaveLength(1);
    expect(types.filter((type) => type === 'RETURN_REFUNDED')).toHaveLength(1);
    expect(emails.body.items.length).toBeGreaterThan(0);
    const final = await api.request('GET', `/orders/${order.orderId}`, {
      token: shopper.accessToken,
      headers: store.headers,
    });
    expect(final.body.refundedTotal).toBe(refund);

    // The same units again: only 1 of 2 is left, so 2 is 409; 3 of 2 is 409 too; another user's order 404.
    expect(
      (await askReturn(store, shopper, order.orderId, [{ variantId: store.medium.variantId, quantity: 2 }]))
        .status,
    ).toBe(409);
    expect(
      (await askReturn(store, shopper, order.orderId, [{ variantId: store.large.variantId, quantity: 3 }]))
        .status,
    ).toBe(409);
    const stranger = await api.newCustomer('returns-stranger');
    expect(
      (await askReturn(store, stranger, order.orderId, [{ variantId: store.large.variantId, quantity: 1 }]))
        .status,
    ).toBe(404);
    // The rest of the line: its refund brings the line's refunds to exactly its lineTotal.
    const rest = await askReturn(store, shopper, order.orderId, [
      { variantId: store.medium.variantId, quantity: 1 },
    ]);
    expect(rest.status).toBe(201);
    expect(refund + rest.body.refundAmount).toBe(mediumLine.lineTotal);
    expect(
      (
        await api.request('POST', `/orders/${order.orderId}/returns/${rest.body.returnId}/reject`, {
          token: admin.accessToken,
          headers: store.headers,
          body: { reason: 'Worn' },
        })
      ).body,
    ).toMatchObject({ status: 'REJECTED', rejectionReason: 'Worn' });
    expect(
      (
        await api.request('POST', `/orders/${order.orderId}/returns/${rest.body.returnId}/receive`, {
          token: admin.accessToken,
          headers: store.headers,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api.request('POST', `/orders/${order.orderId}/returns/${rest.body.returnId}/receive`, {
          token: shopper.accessToken,
          headers: store.headers,
        })
      ).status,
    ).toBe(403);
  }, 180_000);

  it('is 409 past the window of a store that takes no returns (returnWindowDays 0), and 400 for bad bodies', async () => {
    const strict = await storeWithShirt(0);
    const shopper = await api.newCustomer('returns-late');
    const order = await confirmedOrder(strict, shopper);
    await deliver(strict, order.orderId);

    const late = await askReturn(strict, shopper, order.orderId, [
      { variantId: strict.medium.variantId, quantity: 1 },
    ]);

    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/return window/);
    for (const lines of [
      [],
      [{ variantId: strict.medium.variantId, quantity: 0 }],
      [{ variantId: strict.medium.variantId }],
    ])
      expect((await askReturn(strict, shopper, order.orderId, lines)).status).toBe(400);
  }, 120_000);
});
