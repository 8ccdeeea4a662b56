// Issue 20: the price charged is the price of the product. The carts' read model of the catalog is
// made stale on purpose (the admin's price change applied, then the old view written back into the
// carts' product-views table in the emulator, as if the event had not arrived yet): the order priced
// from it ends REJECTED PRICE_CHANGED, no stock is taken, the cart keeps its lines, and once the read
// model catches up a checkout at the current price is confirmed.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, expect, it } from 'vitest';
import { ADDRESS, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { emulator, waitForQuiet } from '../src/emulator.ts';
import { output, shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

const OLD_PRICE = 1000;
const NEW_PRICE = 1250;

let admin: SignedInUser;

beforeAll(async () => {
  admin = await api.admin();
});

const checkout = (user: SignedInUser) =>
  api.request('POST', '/cart/checkout', {
    token: user.accessToken,
    body: { shippingAddress: ADDRESS },
    headers: { 'idempotency-key': randomUUID() },
  });
const cartOf = async (user: SignedInUser) =>
  (await api.request('GET', '/cart', { token: user.accessToken })).body as {
    items: Array<{ productId: string; quantity: number; unitPrice: number }>;
    subtotal: number;
  };

it('rejects an order priced from a stale read model as PRICE_CHANGED, takes no stock, keeps the cart, and confirms a checkout at the current price', async () => {
  const user = await api.newCustomer('stale-price');
  const name = `Repriced lamp ${randomUUID().slice(0, 8)}`;
  const lamp = await api.newProduct(
    admin.accessToken,
    { stock: 10, price: OLD_PRICE, name },
    user.accessToken,
  );
  expect(
    (
      await api.request('PUT', `/cart/items/${lamp.productId}`, {
        token: user.accessToken,
        body: { quantity: 2 },
      })
    ).status,
  ).toBe(200);

  // The admin raises the price; the carts' read model applies it (revision 2) ...
  const repriced = await api.request('PATCH', `/products/${lamp.productId}`, {
    token: admin.accessToken,
    body: { price: NEW_PRICE },
  });
  expect(repriced.status).toBe(200);
  await poll(
    'the read model to show the new price',
    () => cartOf(user),
    (cart) => cart.items[0]?.unitPrice === NEW_PRICE,
  );
  // ... and is then made stale: the view of revision 1 written back, as if the change had not arrived.
  await aws.dynamodb.send(
    new PutCommand({
      TableName: output(shop, 'carts', 'ProductViewsTableName'),
      Item: { productId: lamp.productId, name, unitPrice: OLD_PRICE, currency: 'USD', revision: 1 },
    }),
  );
  expect((await cartOf(user)).subtotal).toBe(2 * OLD_PRICE);

  const accepted = await checkout(user);
  expect(accepted.status).toBe(202);
  const order = await api.settledOrder(accepted.body.orderId, user.accessToken);

  expect(order).toMatchObject({
    status: 'REJECTED',
    reason: 'PRICE_CHANGED',
    total: 2 * OLD_PRICE,
    items: [expect.objectContaining({ productId: lamp.productId, quantity: 2, unitPrice: OLD_PRICE })],
  });
  expect(order.history.map((step: { status: string }) => step.status)).toEqual(['PENDING', 'REJECTED']);
  await waitForQuiet(aws.sqs);
  // Never charged the old price, and held no stock, not even for a moment that a release undid.
  expect((await api.request('GET', `/products/${lamp.productId}`)).body.stock).toBe(10);
  const outbox = await aws.scan<{ event: string }>(output(shop, 'products', 'OutboxTableName'));
  const replies = outbox
    .map((item) => JSON.parse(item.event) as { type: string; data: { orderId?: string } })
    .filter((event) => event.data.orderId === order.orderId);
  expect(replies.map((event) => event.type)).toEqual(['StockReservationFailed']);
  expect(replies[0]?.data).toMatchObject({
    reason: 'PRICE_CHANGED',
    changedPrices: [
      {
        productId: lamp.productId,
        orderedUnitPrice: OLD_PRICE,
        unitPrice: NEW_PRICE,
        currency: 'USD',
        revision: 2,
      },
    ],
  });
  // The cart keeps its lines; the customer is told why, in words.
  expect((await cartOf(user)).items).toEqual([
    expect.objectContaining({ productId: lamp.productId, quantity: 2 }),
  ]);
  const emails = await poll(
    'the ORDER_REJECTED email',
    () => api.request('GET', '/notifications', { token: user.accessToken }),
    (answer) => answer.body.items.some((item: { type: string }) => item.type === 'ORDER_REJECTED'),
  );
  const rejection = emails.body.items.find((item: { type: string }) => item.type === 'ORDER_REJECTED');
  expect(rejection.body).toContain('A price changed after you added the item to your cart');

  // The read model catches up with the catalog's next change; the cart shows the current price.
  expect(
    (
      await api.request('PATCH', `/products/${lamp.productId}`, {
        token: admin.accessToken,
        body: { description: 'Now at its new price.' },
      })
    ).status,
  ).toBe(200);
  await poll(
    'the read model to catch up',
    () => cartOf(user),
    (cart) => cart.items[0]?.unitPrice === NEW_PRICE,
  );
  const again = await checkout(user);
  expect(again.status).toBe(202);
  const confirmed = await api.settledOrder(again.body.orderId, user.accessToken);
  expect(confirmed).toMatchObject({ status: 'CONFIRMED', total: 2 * NEW_PRICE });
  expect((await api.request('GET', `/products/${lamp.productId}`)).body.stock).toBe(8);
});
