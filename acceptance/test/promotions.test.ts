// Issue 17, promotion codes through the local base URL only: the seeded WELCOME10 in the EUR store
// (`berlin`, VAT included) on two variants with express shipping, exact on the cart, the order and the
// email, and one variant returned after delivery for exactly its share (the Done-when); a code of usageLimit 1 raced by 20 customers at once (exactly one order discounted, the use
// given back on cancel); a perCustomerLimit raced by one customer; codes refused with 404, 409, 400, 403.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapLimit, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

const headers = { 'x-store-id': 'berlin' };
const ADDRESS_DE = { line1: 'Alexanderplatz 1', city: 'Berlin', postalCode: '10178', country: 'DE' };
let admin: SignedInUser;
let variants: Array<{ variantId: string; price: number }>;

type Line = { lineTotal: number; tax: number; discount: number };
const sum = (lines: Line[], field: keyof Line) => lines.reduce((total, line) => total + line[field], 0);
const newCode = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();

async function createCode(body: Record<string, unknown>) {
  const answer = await api.request('POST', '/promotions', { token: admin.accessToken, headers, body });
  expect(answer.status).toBe(201);
  return answer.body as { code: string };
}

async function timesUsed(code: string): Promise<number | undefined> {
  const list = await api.request('GET', '/promotions?limit=100', { token: admin.accessToken, headers });
  expect(list.status).toBe(200);
  return list.body.items.find((item: { code: string }) => item.code === code)?.timesUsed;
}

/** A new customer with one of each variant in the berlin cart. */
async function shopperWithCart(label: string) {
  const shopper = await api.newCustomer(label);
  for (const variant of variants) {
    const put = await api.request('PUT', `/cart/variants/${variant.variantId}`, {
      token: shopper.accessToken,
      headers,
      body: { quantity: 1 },
    });
    expect(put.status).toBe(200);
  }
  return shopper;
}

/** PUT /cart/promotion until carts' copy (PromotionChanged) knows the code as wanted. */
const applyCode = (
  shopper: SignedInUser,
  code: string,
  accepted: (status: number) => boolean = (status) => status === 200,
) =>
  poll(
    `the code ${code} on the cart`,
    () => api.request('PUT', '/cart/promotion', { token: shopper.accessToken, headers, body: { code } }),
    (answer) => accepted(answer.status),
    { timeoutMs: 20_000 },
  );

const checkout = (shopper: SignedInUser, body: Record<string, unknown> = { shippingAddress: ADDRESS_DE }) =>
  api.request('POST', '/cart/checkout', {
    token: shopper.accessToken,
    headers: { ...headers, 'Idempotency-Key': randomUUID() },
    body,
  });

const settled = async (shopper: SignedInUser, orderId: string) =>
  (
    await poll(
      `order ${orderId} to leave PENDING`,
      () => api.request('GET', `/orders/${orderId}`, { token: shopper.accessToken, headers }),
      (answer) => answer.status === 200 && answer.body.status !== 'PENDING',
      { timeoutMs: 60_000 },
    )
  ).body;

beforeAll(async () => {
  admin = await api.admin();
  const shirt = await api.request('POST', '/products', {
    token: admin.accessToken,
    headers,
    body: {
      name: `Acceptance promo shirt ${randomUUID().slice(0, 6)}`,
      description: 'In two sizes.',
      category: 'acceptance-promotions',
      options: [{ name: 'Size', values: ['M', 'L'] }],
      variants: [
        {
          sku: `PM-${randomUUID().slice(0, 8)}`.toUpperCase(),
          options: { Size: 'M' },
          price: 1999,
          stock: 40,
        },
        {
          sku: `PL-${randomUUID().slice(0, 8)}`.toUpperCase(),
          options: { Size: 'L' },
          price: 2199,
          stock: 40,
        },
      ],
    },
  });
  expect(shirt.status).toBe(201);
  variants = shirt.body.variants;
  const probe = await api.newCustomer('promo-probe');
  await poll(
    'the shirt known to carts',
    () =>
      api.request('PUT', `/cart/variants/${variants[0]?.variantId}`, {
        token: probe.accessToken,
        headers,
        body: { quantity: 1 },
      }),
    (answer) => answer.status === 200,
    { timeoutMs: 20_000 },
  );
}, 90_000);

describe('issue 17: promotion codes', () => {
  it('buys two variants with WELCOME10 and express shipping in the EUR store: exact on cart, order and email', async () => {
    const shopper = await shopperWithCart('welcome');
    const applied = await applyCode(shopper, 'welcome10');
    expect(applied.body).toMatchObject({ promotionCode: 'WELCOME10', discountTotal: 420 });
    const cart = await api.request('PUT', '/cart/delivery', {
      token: shopper.accessToken,
      headers,
      body: { shippingAddress: ADDRESS_DE, shippingOptionId: 'express' },
    });
    expect(cart.status).toBe(200);
    // 19.99 + 21.99 = 41.98, 10 % off (4.20): 37.78 with 19 % VAT in it (6.03); express 9.90 (1.58 VAT).
    const money = {
      subtotal: 4198,
      discountTotal: 420,
      shippingTotal: 990,
      taxTotal: 603 + 158,
      total: 3778 + 990,
      currency: 'EUR',
      promotionCode: 'WELCOME10',
    };
    expect(cart.body).toMatchObject({
      ...money,
      shippingOption: { shippingOptionId: 'express', price: 990 },
    });
    expect(sum(cart.body.items, 'discount')).toBe(420);
    expect(sum(cart.body.items, 'lineTotal') + cart.body.shippingTotal).toBe(cart.body.total);

    const answer = await checkout(shopper, {});
    expect(answer.status).toBe(202);
    const order = await settled(shopper, answer.body.orderId);
    expect(order).toMatchObject({ status: 'CONFIRMED', ...money });
    expect(sum(order.items, 'lineTotal') + order.shippingTotal).toBe(order.total);
    // The code went with the order: the cart no longer carries it.
    const after = await poll(
      'the cart emptied by the confirmation',
      () => api.request('GET', '/cart', { token: shopper.accessToken, headers }),
      (reply) => reply.body.items.length === 0,
    );
    expect(after.body).not.toHaveProperty('promotionCode');

    const emails = await poll(
      'the ORDER_CONFIRMED email',
      () => api.request('GET', '/notifications?limit=100', { token: shopper.accessToken, headers }),
      (reply) =>
        reply.body.items?.some(
          (item: { type: string; orderId?: string }) =>
            item.type === 'ORDER_CONFIRMED' && item.orderId === order.orderId,
        ),
    );
    const email = emails.body.items.find((item: { type: string }) => item.type === 'ORDER_CONFIRMED');
    const text = String(email.body).replace(/\u00a0/g, ' ');
    expect(text).toMatch(/Discount \(WELCOME10\): (-€4[.,]20|-4[.,]20 €|−)/);
    expect(text).toMatch(/Including VAT: (€7[.,]61|7[.,]61 €)/);
    expect(text).toMatch(/Total: (€47[.,]68|47[.,]68 €)/);

    // Delivered, the shopper returns the L shirt: its refund is its lineTotal exactly (its price less
    // its share of the discount, VAT included); the shipping is not refunded.
    for (const step of ['ship', 'deliver'])
      expect(
        (await api.request('POST', `/orders/${order.orderId}/${step}`, { token: admin.accessToken, headers }))
          .status,
      ).toBe(200);
    const large = order.items.find(
      (item: { variantId: string }) => item.variantId === variants[1]?.variantId,
    ) as Line & { variantId: string };
    expect(large.lineTotal).toBe(2199 - 220);
    const asked = await api.request('POST', `/orders/${order.orderId}/returns`, {
      token: shopper.accessToken,
      headers,
      body: { lines: [{ variantId: large.variantId, quantity: 1 }], reason: 'Too large' },
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'REQUESTED', refundAmount: large.lineTotal });
    const received = await api.request(
      'POST',
      `/orders/${order.orderId}/returns/${asked.body.returnId}/receive`,
      {
        token: admin.accessToken,
        headers,
      },
    );
    expect(received.status).toBe(200);
    const refunded = await poll(
      'the return refunded',
      () => api.request('GET', `/orders/${order.orderId}`, { token: shopper.accessToken, headers }),
      (reply) => reply.body.returns?.[0]?.status === 'REFUNDED',
      { timeoutMs: 30_000 },
    );
    expect(refunded.body).toMatchObject({ refundedTotal: 1979, total: 4768, discountTotal: 420 });
    const refundEmail = await poll(
      'the RETURN_REFUNDED email',
      () => api.request('GET', '/notifications?limit=100', { token: shopper.accessToken, headers }),
      (reply) => reply.body.items?.some((item: { type: string }) => item.type === 'RETURN_REFUNDED'),
      { timeoutMs: 30_000 },
    );
    const refundText = String(
      refundEmail.body.items.find((item: { type: string }) => item.type === 'RETURN_REFUNDED').body,
    ).replace(/\u00a0/g, ' ');
    expect(refundText).toMatch(/€19[.,]79|19[.,]79 €/);

    // WELCOME10 is once per customer: a second order of the same customer is refused at confirmation.
    for (const variant of variants)
      await api.request('PUT', `/cart/variants/${variant.variantId}`, {
        token: shopper.accessToken,
        headers,
        body: { quantity: 1 },
      });
    expect((await applyCode(shopper, 'WELCOME10')).status).toBe(200);
    const second = await checkout(shopper);
    expect(second.status).toBe(202);
    expect(await settled(shopper, second.body.orderId)).toMatchObject({
      status: 'REJECTED',
      reason: 'PROMOTION_USED_UP',
    });
  });

  it('lets exactly one of 20 customers checking out at once use a code of usageLimit 1; a cancel gives it back', async () => {
    const { code } = await createCode({ code: newCode('ONCE'), type: 'percent', value: 5, usageLimit: 1 });
    const shoppers = await mapLimit(
      Array.from({ length: 20 }, (_, index) => index),
      5,
      (index) => shopperWithCart(`race-${index}`),
    );
    await mapLimit(shoppers, 5, (shopper) => applyCode(shopper, code));

    const answers = await Promise.all(shoppers.map((shopper) => checkout(shopper)));
    const placed = answers.flatMap((answer, index) =>
      answer.status === 202
        ? [{ shopper: shoppers[index] as SignedInUser, orderId: answer.body.orderId }]
        : [],
    );
    // A checkout after carts heard of the first use is refused at once; every other is decided by orders.
    for (const answer of answers.filter((reply) => reply.status !== 202)) {
      expect(answer.status).toBe(409);
      expect(answer.body.detail).toContain('used up');
    }
    const orders = await mapLimit(placed, 5, ({ shopper, orderId }) => settled(shopper, orderId));
    const discounted = orders.filter((order) => order.status === 'CONFIRMED' && order.discountTotal > 0);
    expect(discounted).toHaveLength(1);
    expect(discounted[0]).toMatchObject({ promotionCode: code });
    for (const order of orders.filter((candidate) => candidate.status !== 'CONFIRMED'))
      expect(order).toMatchObject({ status: 'REJECTED', reason: 'PROMOTION_USED_UP' });
    await poll(
      'timesUsed 1',
      () => timesUsed(code),
      (used) => used === 1,
    );

    const winner = placed[
      orders.findIndex((order) => order.status === 'CONFIRMED')
    ] as (typeof placed)[number];
    // The order keeps the money it was confirmed with, whatever happens to the code afterwards.
    const patched = await api.request('PATCH', `/promotions/${code}`, {
      token: admin.accessToken,
      headers,
      body: { value: 50 },
    });
    expect(patched.body).toMatchObject({ value: 50, timesUsed: 1 });
    const kept = await api.request('GET', `/orders/${winner.orderId}`, {
      token: winner.shopper.accessToken,
      headers,
    });
    expect(kept.body).toMatchObject({
      discountTotal: discounted[0].discountTotal,
      total: discounted[0].total,
    });
    const cancelled = await api.request('POST', `/orders/${winner.orderId}/cancel`, {
      token: winner.shopper.accessToken,
      headers,
    });
    expect(cancelled.status).toBe(200);
    await poll(
      'timesUsed back to 0',
      () => timesUsed(code),
      (used) => used === 0,
      { timeoutMs: 20_000 },
    );
    // The next buyer may use it again, once carts has heard it was given back.
    const next = await shopperWithCart('after-cancel');
    await applyCode(next, code);
    const answer = await checkout(next);
    expect(answer.status).toBe(202);
    expect(await settled(next, answer.body.orderId)).toMatchObject({
      status: 'CONFIRMED',
      promotionCode: code,
    });
  }, 240_000);

  it('lets one customer use a code of perCustomerLimit 1 in at most one of two concurrent checkouts', async () => {
    const { code } = await createCode({
      code: newCode('MINE'),
      type: 'fixed',
      value: 300,
      perCustomerLimit: 1,
    });
    const shopper = await shopperWithCart('twice');
    await applyCode(shopper, code);
    // Carts lets one checkout of a cart be in flight at a time (409 for the other); orders counts the
    // customer's uses whatever reaches it, so a second order with the code is refused there.
    const answers = await Promise.all([checkout(shopper), checkout(shopper)]);
    const placed = answers.filter((answer) => answer.status === 202);
    for (const answer of answers.filter((reply) => reply.status !== 202)) expect(answer.status).toBe(409);
    const orders = await Promise.all(placed.map((answer) => settled(shopper, answer.body.orderId)));
    for (const variant of variants)
      await api.request('PUT', `/cart/variants/${variant.variantId}`, {
        token: shopper.accessToken,
        headers,
        body: { quantity: 1 },
      });
    await applyCode(shopper, code);
    // Carts ends the first checkout when it hears the order confirmed, a moment after orders did.
    const again = await poll(
      'a second checkout',
      () => checkout(shopper),
      (answer) => answer.status === 202,
    );
    orders.push(await settled(shopper, again.body.orderId));
    const discounted = orders.filter((order) => order.status === 'CONFIRMED' && order.discountTotal > 0);
    expect(discounted).toHaveLength(1);
    expect(orders.filter((order) => order.status === 'REJECTED')).toEqual(
      Array.from({ length: orders.length - 1 }, () =>
        expect.objectContaining({ reason: 'PROMOTION_USED_UP' }),
      ),
    );
    await poll(
      'timesUsed 1',
      () => timesUsed(code),
      (used) => used === 1,
    );
  });

  it('refuses an unknown code (404), an expired one and one below its minimum (409), bad terms (400) and a customer (403)', async () => {
    const shopper = await shopperWithCart('refused');
    const put = (code: string) =>
      api.request('PUT', '/cart/promotion', { token: shopper.accessToken, headers, body: { code } });
    expect((await put('NO-SUCH-CODE')).status).toBe(404);
    const expired = await createCode({
      code: newCode('OLD'),
      type: 'percent',
      value: 5,
      startsAt: '2025-01-01T00:00:00.000Z',
      endsAt: '2025-02-01T00:00:00.000Z',
    });
    const refusedExpired = await applyCode(shopper, expired.code, (status) => status !== 404);
    expect(refusedExpired.status).toBe(409);
    expect(refusedExpired.body.detail).toContain('has expired');
    const big = await createCode({ code: newCode('BIG'), type: 'fixed', value: 1000, minSubtotal: 100_00 });
    const refusedSmall = await applyCode(shopper, big.code, (status) => status !== 404);
    expect(refusedSmall.status).toBe(409);
    expect(refusedSmall.body.detail).toContain('needs goods worth at least 10000');
    expect(
      (
        await api.request('POST', '/promotions', {
          token: admin.accessToken,
          headers,
          body: { code: expired.code, type: 'fixed', value: 1 },
        })
      ).status,
    ).toBe(409);
    for (const bad of [
      { type: 'percent', value: 101 },
      { type: 'fixed', value: -1 },
      { type: 'fixed', value: 2.5 },
      { type: 'percent', value: 5, startsAt: '2026-02-01T00:00:00.000Z', endsAt: '2026-01-01T00:00:00.000Z' },
    ])
      expect(
        (
          await api.request('POST', '/promotions', {
            token: admin.accessToken,
            headers,
            body: { code: newCode('BAD'), ...bad },
          })
        ).status,
      ).toBe(400);
    expect((await api.request('GET', '/promotions', { token: shopper.accessToken, headers })).status).toBe(
      403,
    );
    const cart = await api.request('GET', '/cart', { token: shopper.accessToken, headers });
    expect(cart.body).not.toHaveProperty('promotionCode');
  });
});
