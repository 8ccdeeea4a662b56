// Issue 5, "done when": the order flow proven through the local base URL only (HTTP), as a customer,
// an admin and a stranger see it. The emulator is used for one thing: waiting until every queue is
// quiet before counting emails, so a late duplicate would be counted.
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, countByType, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { emulator, waitForQuiet } from '../src/emulator.ts';
import { output, shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

let admin: SignedInUser;
let lamp: { productId: string; price: number };
let mug: { productId: string; price: number };

const stockOf = async (productId: string): Promise<number> => {
  const answer = await api.request('GET', `/products/${productId}`);
  expect(answer.status).toBe(200);
  return answer.body.stock;
};

const checkout = (
  user: SignedInUser,
  body: Record<string, unknown> = { shippingAddress: ADDRESS },
  key: string = randomUUID(),
) =>
  api.request('POST', '/cart/checkout', {
    token: user.accessToken,
    body,
    headers: { 'idempotency-key': key },
  });

const notifications = async (user: SignedInUser) => {
  const answer = await api.request('GET', '/notifications?limit=100', { token: user.accessToken });
  expect(answer.status).toBe(200);
  return answer.body.items as Array<{ type: string; orderId?: string; to: string; subject: string }>;
};

/** A customer with 2 lamps and 1 mug in the cart. */
async function customerWithCart(label: string): Promise<SignedInUser> {
  const user = await api.newCustomer(label);
  expect(
    (
      await api.request('PUT', `/cart/items/${lamp.productId}`, {
        token: user.accessToken,
        body: { quantity: 2 },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api.request('PUT', `/cart/items/${mug.productId}`, {
        token: user.accessToken,
        body: { quantity: 1 },
      })
    ).status,
  ).toBe(200);
  return user;
}

beforeAll(async () => {
  admin = await api.admin();
  const probe = await api.newCustomer('probe');
  lamp = await api.newProduct(admin.accessToken, { stock: 50, price: 2599 }, probe.accessToken);
  mug = await api.newProduct(admin.accessToken, { stock: 50, price: 899 }, probe.accessToken);
  // One order first, so the timing below measures the flow, not the first load of each function.
  await api.request('PUT', `/cart/items/${mug.productId}`, {
    token: probe.accessToken,
    body: { quantity: 1 },
  });
  const started = Date.now();
  const warmUp = await checkout(probe);
  expect((await api.settledOrder(warmUp.body.orderId, probe.accessToken, 30_000)).status).toBe('CONFIRMED');
  console.log(`acceptance: first checkout (cold functions) to CONFIRMED in ${Date.now() - started} ms`);
});

describe('issue 5: a customer orders through the local base URL', () => {
  it('confirms a checkout within a few seconds, sends one ORDER_CONFIRMED email, empties the cart and takes the stock', async () => {
    const user = await customerWithCart('happy');
    const cart = await api.request('GET', '/cart', { token: user.accessToken });
    expect(cart.body.subtotal).toBe(2 * lamp.price + mug.price);
    const [lampBefore, mugBefore] = [await stockOf(lamp.productId), await stockOf(mug.productId)];

    const started = Date.now();
    const accepted = await checkout(user);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ orderId: expect.any(String), status: 'PENDING' });
    const order = await api.settledOrder(accepted.body.orderId, user.accessToken, 5_000);
    const confirmedAfterMs = Date.now() - started;

    expect(order.status).toBe('CONFIRMED');
    expect(confirmedAfterMs).toBeLessThan(5_000);
    expect(order.userId).toBe(user.userId);
    expect(order.total).toBe(2 * lamp.price + mug.price);
    expect(order.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: lamp.productId, quantity: 2, unitPrice: lamp.price }),
        expect.objectContaining({ productId: mug.productId, quantity: 1, unitPrice: mug.price }),
      ]),
    );
    expect(order.history.map((step: { status: string }) => step.status)).toEqual(['PENDING', 'CONFIRMED']);
    expect(await stockOf(lamp.productId)).toBe(lampBefore - 2);
    expect(await stockOf(mug.productId)).toBe(mugBefore - 1);

    const emails = await poll(
      'the ORDER_CONFIRMED email',
      () => notifications(user),
      (items) => items.some((item) => item.type === 'ORDER_CONFIRMED' && item.orderId === order.orderId),
    );
    expect(emails.find((item) => item.type === 'ORDER_CONFIRMED')?.to).toBe(user.email);
    const emptied = await poll(
      'the cart to be emptied',
      () => api.request('GET', '/cart', { token: user.accessToken }),
      (answer) => answer.body.items.length === 0,
    );
    expect(emptied.body.subtotal).toBe(0);
    console.log(`acceptance: checkout to CONFIRMED in ${confirmedAfterMs} ms`);
  });

  it('rejects a declined card with PAYMENT_DECLINED, gives the stock back and keeps the cart', async () => {
    const user = await customerWithCart('declined');
    const [lampBefore, mugBefore] = [await stockOf(lamp.productId), await stockOf(mug.productId)];
    const accepted = await checkout(user, { shippingAddress: ADDRESS, paymentMethod: 'card_declined' });
    expect(accepted.status).toBe(202);

    const order = await api.settledOrder(accepted.body.orderId, user.accessToken);
    expect(order).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    // The stock was reserved, then released: it comes back.
    await poll(
      'the stock to come back',
      async () => [await stockOf(lamp.productId), await stockOf(mug.productId)],
      ([l, m]) => l === lampBefore && m === mugBefore,
    );
    await poll(
      'the ORDER_REJECTED email',
      () => notifications(user),
      (items) => items.some((item) => item.type === 'ORDER_REJECTED' && item.orderId === order.orderId),
    );
    await waitForQuiet(aws.sqs);
    const cart = await api.request('GET', '/cart', { token: user.accessToken });
    expect(
      cart.body.items
        .map((item: { productId: string; quantity: number }) => [item.productId, item.quantity])
        .sort(),
    ).toEqual(
      [
        [lamp.productId, 2],
        [mug.productId, 1],
      ].sort(),
    );
  });

  it('cancels a confirmed order and gives the stock back; a second cancel is a 409', async () => {
    const user = await customerWithCart('cancel');
    const [lampBefore, mugBefore] = [await stockOf(lamp.productId), await stockOf(mug.productId)];
    const accepted = await checkout(user);
    const order = await api.settledOrder(accepted.body.orderId, user.accessToken);
    expect(order.status).toBe('CONFIRMED');
    expect(await stockOf(lamp.productId)).toBe(lampBefore - 2);

    const cancelled = await api.request('POST', `/orders/${order.orderId}/cancel`, {
      token: user.accessToken,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    await poll(
      'the stock to come back',
      async () => [await stockOf(lamp.productId), await stockOf(mug.productId)],
      ([l, m]) => l === lampBefore && m === mugBefore,
    );
    expect(
      (await api.request('POST', `/orders/${order.orderId}/cancel`, { token: user.accessToken })).status,
    ).toBe(409);
    // The payment (not part of the API's Order) is refunded by the refunds consumer of OrderCancelled.
    const stored = await poll(
      'the refund to be recorded',
      () =>
        aws.dynamodb.send(
          new GetCommand({
            TableName: output(shop, 'orders', 'OrdersTableName'),
            Key: { orderId: order.orderId },
          }),
        ),
      (answer) => answer.Item?.payment?.status === 'REFUNDED',
    );
    expect(stored.Item?.payment).toMatchObject({ refundId: expect.stringMatching(/^refund_/) });
    await poll(
      'the ORDER_CANCELLED email',
      () => notifications(user),
      (items) => items.some((item) => item.type === 'ORDER_CANCELLED' && item.orderId === order.orderId),
    );
  });

  it('lets the admin ship and deliver; a cancel after shipping is a 409; each email is sent once', async () => {
    const user = await customerWithCart('shipped');
    const accepted = await checkout(user);
    const { orderId } = accepted.body;
    expect((await api.settledOrder(orderId, user.accessToken)).status).toBe('CONFIRMED');

    // Not before it is shipped, and never by the customer.
    expect(
      (await api.request('POST', `/orders/${orderId}/deliver`, { token: admin.accessToken })).status,
    ).toBe(409);
    expect((await api.request('POST', `/orders/${orderId}/ship`, { token: user.accessToken })).status).toBe(
      403,
    );
    const shipped = await api.request('POST', `/orders/${orderId}/ship`, { token: admin.accessToken });
    expect(shipped.status).toBe(200);
    expect(shipped.body.status).toBe('SHIPPED');

    const lateCancel = await api.request('POST', `/orders/${orderId}/cancel`, { token: user.accessToken });
    expect(lateCancel.status).toBe(409);
    expect(lateCancel.headers.get('content-type')).toContain('application/problem+json');

    const delivered = await api.request('POST', `/orders/${orderId}/deliver`, { token: admin.accessToken });
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('DELIVERED');
    expect(delivered.body.history.map((step: { status: string }) => step.status)).toEqual([
      'PENDING',
      'CONFIRMED',
      'SHIPPED',
      'DELIVERED',
    ]);
    expect(
      (await api.request('POST', `/orders/${orderId}/cancel`, { token: admin.accessToken })).status,
    ).toBe(409);
    expect((await api.request('POST', `/orders/${orderId}/ship`, { token: admin.accessToken })).status).toBe(
      409,
    );

    await poll(
      'the ORDER_DELIVERED email',
      () => notifications(user),
      (items) => items.some((item) => item.type === 'ORDER_DELIVERED'),
    );
    await waitForQuiet(aws.sqs);
    expect(countByType(await notifications(user))).toEqual({
      WELCOME: 1,
      ORDER_CONFIRMED: 1,
      ORDER_SHIPPED: 1,
      ORDER_DELIVERED: 1,
    });
  });

  it('answers 409 to the checkout of an empty cart and 400 without an Idempotency-Key, creating no order', async () => {
    const user = await api.newCustomer('refused');
    const empty = await checkout(user);
    expect(empty.status).toBe(409);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');

    expect(
      (
        await api.request('PUT', `/cart/items/${mug.productId}`, {
          token: user.accessToken,
          body: { quantity: 1 },
        })
      ).status,
    ).toBe(200);
    const noKey = await api.request('POST', '/cart/checkout', {
      token: user.accessToken,
      body: { shippingAddress: ADDRESS },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.status).toBe(400);
    const tooLong = await checkout(user, { shippingAddress: ADDRESS }, 'k'.repeat(256));
    expect(tooLong.status).toBe(400);

    await waitForQuiet(aws.sqs);
    expect((await api.request('GET', '/orders', { token: user.accessToken })).body.items).toEqual([]);
    expect((await api.request('GET', '/cart', { token: user.accessToken })).body.items).toHaveLength(1);
  });

  it("hides one customer's order, cart and notifications from another (404 or absent)", async () => {
    const owner = await customerWithCart('owner');
    const stranger = await api.newCustomer('stranger');
    const accepted = await checkout(owner);
    const order = await api.settledOrder(accepted.body.orderId, owner.accessToken);
    // Something in the owner's cart again, to be sure the stranger's cart is not the owner's.
    await api.request('PUT', `/cart/items/${mug.productId}`, {
      token: owner.accessToken,
      body: { quantity: 3 },
    });

    const read = await api.request('GET', `/orders/${order.orderId}`, { token: stranger.accessToken });
    expect(read.status).toBe(404);
    expect(read.text).not.toContain(owner.userId);
    expect(
      (await api.request('POST', `/orders/${order.orderId}/cancel`, { token: stranger.accessToken })).status,
    ).toBe(404);
    expect(
      (await api.request('GET', `/orders/${order.orderId}`, { token: owner.accessToken })).body.status,
    ).toBe('CONFIRMED');

    const strangerOrders = await api.request('GET', '/orders', { token: stranger.accessToken });
    expect(strangerOrders.body.items).toEqual([]);
    const strangerCart = await api.request('GET', '/cart', { token: stranger.accessToken });
    expect(strangerCart.body.items).toEqual([]);
    // Nor can a customer ask for every user's orders.
    const scoped = await api.request('GET', '/orders?scope=all', { token: stranger.accessToken });
    expect(scoped.status).toBe(403);

    await poll(
      'the owner ORDER_CONFIRMED email',
      () => notifications(owner),
      (items) => items.some((item) => item.orderId === order.orderId),
    );
    const strangerMail = await notifications(stranger);
    expect(strangerMail.map((item) => item.type)).toEqual(['WELCOME']);
    expect(JSON.stringify(strangerMail)).not.toContain(owner.email);
  });
});
