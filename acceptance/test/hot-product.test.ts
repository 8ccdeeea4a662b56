// Issue 14: a hot product, end to end through the HTTP API. The admin marks a product hot (its stock
// moves to shards), customers race for its last units through the whole saga, and `stock` stays one
// number throughout; the 200-buyers proof against the emulator is products' test/hot-product.test.ts.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ADDRESS, mapLimit, shopClient } from '../src/client.ts';
import { emulator, waitForQuiet } from '../src/emulator.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

it('sells exactly the stock of a product the admin marked hot, shows one stock figure, and restocks it', async () => {
  const admin = await api.admin();
  const customers = await mapLimit(Array.from({ length: 12 }), 2, () => api.newCustomer('hot'));
  const product = await api.newProduct(
    admin.accessToken,
    { stock: 5, price: 2500 },
    customers[0]?.accessToken,
  );

  const marked = await api.request('PATCH', `/products/${product.productId}`, {
    token: admin.accessToken,
    body: { hot: true },
  });
  expect(marked.status).toBe(200);
  expect(marked.body).toMatchObject({ hot: true, stock: 5 });
  const cold = await api.request('PATCH', `/products/${product.productId}`, {
    token: admin.accessToken,
    body: { hot: false },
  });
  expect(cold.status).toBe(400);

  for (const customer of customers)
    expect(
      (
        await api.request('PUT', `/cart/items/${product.productId}`, {
          token: customer.accessToken,
          body: { quantity: 1 },
        })
      ).status,
    ).toBe(200);
  const orders = await mapLimit(customers, 4, async (customer) => {
    const accepted = await api.request('POST', '/cart/checkout', {
      token: customer.accessToken,
      body: { shippingAddress: ADDRESS },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(accepted.status).toBe(202);
    return api.settledOrder(accepted.body.orderId, customer.accessToken, 60_000);
  });

  const statuses = orders.map((order) => `${order.status}${order.reason ? ` ${order.reason}` : ''}`);
  expect(statuses.filter((status) => status === 'CONFIRMED')).toHaveLength(5);
  expect(statuses.filter((status) => status === 'REJECTED OUT_OF_STOCK')).toHaveLength(7);
  await waitForQuiet(aws.sqs);
  expect((await api.request('GET', `/products/${product.productId}`)).body).toMatchObject({
    stock: 0,
    hot: true,
  });

  const restocked = await api.request('PATCH', `/products/${product.productId}`, {
    token: admin.accessToken,
    body: { stock: 9 },
  });
  expect(restocked.body).toMatchObject({ stock: 9, hot: true });
  expect((await api.request('GET', `/products/${product.productId}`)).body.stock).toBe(9);
});
