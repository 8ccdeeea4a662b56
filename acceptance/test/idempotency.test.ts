// Issue 6: five concurrent replays of one checkout (same Idempotency-Key, same body) make one order,
// and all five answers are the same; the key with another body is a 422 and changes nothing.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ADDRESS, countByType, poll, shopClient } from '../src/client.ts';
import { emulator, waitForQuiet } from '../src/emulator.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

it('answers five concurrent replays of one Idempotency-Key identically, with one order, one reservation and one email', async () => {
  const admin = await api.admin();
  const user = await api.newCustomer('replay');
  const product = await api.newProduct(admin.accessToken, { stock: 20, price: 1234 }, user.accessToken);
  expect(
    (
      await api.request('PUT', `/cart/items/${product.productId}`, {
        token: user.accessToken,
        body: { quantity: 3 },
      })
    ).status,
  ).toBe(200);
  // Five warm checkout instances (an empty-cart checkout is a cheap 409 that loads the handler).
  const idle = await api.newCustomer('warm-up');
  await api.warmUp(5, () =>
    api.request('POST', '/cart/checkout', {
      token: idle.accessToken,
      body: { shippingAddress: ADDRESS },
      headers: { 'idempotency-key': randomUUID() },
    }),
  );
  const key = randomUUID();
  const send = (body: unknown) =>
    api.request('POST', '/cart/checkout', {
      token: user.accessToken,
      body,
      headers: { 'idempotency-key': key },
    });

  const answers = await Promise.all(
    Array.from({ length: 5 }, () => send({ shippingAddress: ADDRESS, paymentMethod: 'card_ok' })),
  );
  expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202]);
  expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
  const { orderId } = (answers[0] as { body: { orderId: string } }).body;

  // The same request without the default spelled out is the same request; another body is not.
  const same = await send({ shippingAddress: ADDRESS });
  expect(same.status).toBe(202);
  expect(same.body.orderId).toBe(orderId);
  const changed = await send({ shippingAddress: { ...ADDRESS, city: 'Elsewhere' } });
  expect(changed.status).toBe(422);

  const order = await api.settledOrder(orderId, user.accessToken);
  expect(order.status).toBe('CONFIRMED');
  const late = await send({ shippingAddress: ADDRESS, paymentMethod: 'card_ok' });
  expect(late.status).toBe(202);
  expect(late.body.orderId).toBe(orderId);

  await poll(
    'the ORDER_CONFIRMED email',
    () => api.request('GET', '/notifications', { token: user.accessToken }),
    (answer) => answer.body.items.some((item: { type: string }) => item.type === 'ORDER_CONFIRMED'),
  );
  await waitForQuiet(aws.sqs);
  const orders = await api.request('GET', '/orders', { token: user.accessToken });
  expect(orders.body.items.map((item: { orderId: string }) => item.orderId)).toEqual([orderId]);
  expect((await api.request('GET', `/products/${product.productId}`)).body.stock).toBe(20 - 3);
  const emails = await api.request('GET', '/notifications', { token: user.accessToken });
  expect(countByType(emails.body.items)).toEqual({ WELCOME: 1, ORDER_CONFIRMED: 1 });
});
