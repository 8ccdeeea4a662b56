// Issue 20: one customer cannot hold the stock. Through the base URL only: a second checkout while the
// first is in flight is a 409; the sixth open (confirmed, unshipped) order is a 409 naming the limit,
// and emptying the cart does not lift it; once the admin ships one, a new checkout works.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { emulator, waitForQuiet } from '../src/emulator.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

// The stage's limits (stages.yml: the same in every stage, local included).
const MAX_OPEN_ORDERS = 5;
const MAX_UNITS = 20;

let admin: SignedInUser;
let lamp: { productId: string; price: number };

const checkout = (user: SignedInUser, key = randomUUID()) =>
  api.request('POST', '/cart/checkout', {
    token: user.accessToken,
    body: { shippingAddress: ADDRESS },
    headers: { 'idempotency-key': key },
  });
const put = async (user: SignedInUser, quantity: number) =>
  expect(
    (
      await api.request('PUT', `/cart/items/${lamp.productId}`, {
        token: user.accessToken,
        body: { quantity },
      })
    ).status,
  ).toBe(200);
const cartItems = async (user: SignedInUser) =>
  (await api.request('GET', '/cart', { token: user.accessToken })).body.items as unknown[];
const ordersOf = async (user: SignedInUser) =>
  (await api.request('GET', '/orders?limit=100', { token: user.accessToken })).body.items as Array<{
    orderId: string;
  }>;

/** One lamp checked out and CONFIRMED, and carts told of it (the confirmation emptied the cart). */
async function confirmedOrder(user: SignedInUser): Promise<string> {
  await put(user, 1);
  const accepted = await checkout(user);
  expect(accepted.status, accepted.text).toBe(202);
  expect((await api.settledOrder(accepted.body.orderId, user.accessToken)).status).toBe('CONFIRMED');
  await poll(
    'the confirmation to empty the cart',
    () => cartItems(user),
    (items) => items.length === 0,
  );
  return accepted.body.orderId;
}

beforeAll(async () => {
  admin = await api.admin();
  const probe = await api.newCustomer('limits-probe');
  lamp = await api.newProduct(admin.accessToken, { stock: 200, price: 1500 }, probe.accessToken);
});

describe('issue 20: one customer cannot hold the stock', () => {
  it('answers 409 to a second checkout while the first is in flight, and takes the next once it is settled', async () => {
    const user = await api.newCustomer('in-flight');
    await put(user, 2);
    // Two requests into the checkout function at once first (an empty cart: 409), so that both of the
    // pair below find a warm handler. A handler loading cold locally takes seconds, by which time the
    // first order can be confirmed and its cart emptied: the second would then meet an empty cart.
    const idle = await api.newCustomer('in-flight-warm-up');
    const warmUp = await Promise.all([checkout(idle), checkout(idle)]);
    expect(warmUp.map((answer) => answer.status)).toEqual([409, 409]);

    // Two checkouts of one cart at once, with different keys: exactly one starts an order.
    const answers = await Promise.all([checkout(user), checkout(user)]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    const [accepted, refused] = answers[0]?.status === 202 ? answers : [answers[1], answers[0]];
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(refused?.body).toMatchObject({
      status: 409,
      type: expect.stringMatching(/\/checkout-in-flight$/),
      detail: expect.stringContaining(accepted?.body.orderId),
    });
    const order = await api.settledOrder(accepted?.body.orderId, user.accessToken);
    expect(order.status).toBe('CONFIRMED');
    await poll(
      'the confirmation to empty the cart',
      () => cartItems(user),
      (items) => items.length === 0,
    );

    await put(user, 1);
    const next = await checkout(user);
    expect(next.status).toBe(202);
    expect((await api.settledOrder(next.body.orderId, user.accessToken)).status).toBe('CONFIRMED');
    await waitForQuiet(aws.sqs);
    expect((await ordersOf(user)).map((item) => item.orderId).sort()).toEqual(
      [accepted?.body.orderId, next.body.orderId].sort(),
    );
  });

  it(`refuses the sixth open order with a 409 naming the limit, also after DELETE /cart, and takes one once an order has shipped`, async () => {
    const user = await api.newCustomer('open-orders');
    const orderIds: string[] = [];
    for (let count = 0; count < MAX_OPEN_ORDERS; count += 1) orderIds.push(await confirmedOrder(user));
    const stockBefore = (await api.request('GET', `/products/${lamp.productId}`)).body.stock;

    await put(user, 1);
    const sixth = await checkout(user);
    expect(sixth.status).toBe(409);
    expect(sixth.body).toMatchObject({
      type: expect.stringMatching(/\/open-orders-limit$/),
      detail: expect.stringContaining(`at most ${MAX_OPEN_ORDERS}`),
    });
    // Emptying the cart does not reset what the customer holds.
    expect((await api.request('DELETE', '/cart', { token: user.accessToken })).status).toBe(204);
    await put(user, 1);
    expect((await checkout(user)).body.type).toMatch(/\/open-orders-limit$/);
    await waitForQuiet(aws.sqs);
    expect(await ordersOf(user)).toHaveLength(MAX_OPEN_ORDERS);
    expect((await api.request('GET', `/products/${lamp.productId}`)).body.stock).toBe(stockBefore);

    const shipped = await api.request('POST', `/orders/${orderIds[0]}/ship`, { token: admin.accessToken });
    expect(shipped.status).toBe(200);
    // Carts learns of the shipment from its event: a refused checkout is not remembered, so retry.
    const accepted = await poll(
      'a checkout to be accepted once an order has shipped',
      () => checkout(user),
      (answer) => answer.status === 202,
      { timeoutMs: 15_000, intervalMs: 300 },
    );
    expect((await api.settledOrder(accepted.body.orderId, user.accessToken)).status).toBe('CONFIRMED');
    await waitForQuiet(aws.sqs);
    expect(await ordersOf(user)).toHaveLength(MAX_OPEN_ORDERS + 1);
  });

  it(`refuses a checkout that would put more than ${MAX_UNITS} units of one product on open orders`, async () => {
    const user = await api.newCustomer('units');
    await put(user, MAX_UNITS + 1);

    const refused = await checkout(user);

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: expect.stringMatching(/\/open-units-limit$/),
      detail: expect.stringContaining(`At most ${MAX_UNITS} units`),
    });
    await put(user, MAX_UNITS);
    const accepted = await checkout(user);
    expect(accepted.status).toBe(202);
    expect((await api.settledOrder(accepted.body.orderId, user.accessToken)).status).toBe('CONFIRMED');
  });
});
