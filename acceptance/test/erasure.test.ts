// Issue 20: DELETE /users/me erases the account and, through UserErased, the person's data in every
// service, once; orders keep what accounting needs. Proven through the base URL, and by reading the
// emulator's tables directly where the API no longer shows anything to the erased user.
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { poll, type SignedInUser, shopClient } from '../src/client.ts';
import { emulator, queueDepth, shopQueues, waitForQuiet } from '../src/emulator.ts';
import { output, shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

let admin: SignedInUser;
let lamp: { productId: string; price: number };

const home = {
  line1: '7 Privet Drive',
  line2: 'Cupboard',
  city: 'Little Whinging',
  postalCode: 'GU1 3XX',
  country: 'GB',
};
const ERASED_ADDRESS = { line1: 'ERASED', city: 'ERASED', postalCode: 'ERASED', country: 'GB' };

const partition = async (tableName: string, userId: string) =>
  (
    await aws.dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
      }),
    )
  ).Items ?? [];
/** The user's items anywhere in the table (a whole-table look no route makes: the test's own check). */
async function everywhere(tableName: string, userId: string) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await aws.dynamodb.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
const recipient = async (userId: string) =>
  (
    await aws.dynamodb.send(
      new GetCommand({
        TableName: output(shop, 'notifications', 'RecipientsTableName'),
        Key: { userId },
        ConsistentRead: true,
      }),
    )
  ).Item;

beforeAll(async () => {
  admin = await api.admin();
  const probe = await api.newCustomer('erasure-probe');
  lamp = await api.newProduct(admin.accessToken, { stock: 20, price: 4200 }, probe.accessToken);
});

describe('issue 20: a customer erases their account', () => {
  it('erases the account and their data everywhere; the order keeps its accounting; twice is harmless', async () => {
    // A customer with a saved address, a confirmed order, its email, and a cart again.
    const user = await api.newCustomer('leaving');
    const saved = await api.request('PUT', '/users/me', {
      token: user.accessToken,
      body: { addresses: [home] },
    });
    expect(saved.status).toBe(200);
    await api.request('PUT', `/cart/items/${lamp.productId}`, {
      token: user.accessToken,
      body: { quantity: 2 },
    });
    const accepted = await api.request('POST', '/cart/checkout', {
      token: user.accessToken,
      body: { shippingAddress: home },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(accepted.status).toBe(202);
    const { orderId } = accepted.body as { orderId: string };
    const order = await api.settledOrder(orderId, user.accessToken);
    expect(order.status).toBe('CONFIRMED');
    await poll(
      'the ORDER_CONFIRMED email',
      () => api.request('GET', '/notifications', { token: user.accessToken }),
      (answer) => answer.body.items.some((item: { type: string }) => item.type === 'ORDER_CONFIRMED'),
    );
    await poll(
      'the cart emptied by the confirmation',
      () => api.request('GET', '/cart', { token: user.accessToken }),
      (answer) => answer.body.items.length === 0,
    );
    await api.request('PUT', `/cart/items/${lamp.productId}`, {
      token: user.accessToken,
      body: { quantity: 1 },
    });
    const cartsTable = output(shop, 'carts', 'CartsTableName');
    const notificationsTable = output(shop, 'notifications', 'NotificationsTableName');
    expect((await partition(cartsTable, user.userId)).length).toBeGreaterThan(0);
    expect(await recipient(user.userId)).toMatchObject({ email: user.email });

    const erased = await api.request('DELETE', '/users/me', { token: user.accessToken });
    expect(erased.status).toBe(204);

    // Users: no login, and the old access token (a JWT still within its hour) brings no profile back.
    expect(
      (await api.request('POST', '/auth/login', { body: { email: user.email, password: user.password } }))
        .status,
    ).toBe(401);
    expect((await api.request('GET', '/users/me', { token: user.accessToken })).status).toBe(401);

    // Orders: the admin still sees the order's lines, total and history, not where it went (but the country).
    const kept = await poll(
      'the order to lose its address',
      () => api.request('GET', `/orders/${orderId}`, { token: admin.accessToken }),
      (answer) => answer.status === 200 && answer.body.shippingAddress.line1 === 'ERASED',
    );
    expect(kept.body).toEqual({ ...order, shippingAddress: ERASED_ADDRESS });

    // Carts: nothing left of the customer (cart, checkout key records).
    await poll(
      'the cart data to go',
      () => partition(cartsTable, user.userId),
      (items) => items.length === 0,
    );
    expect((await api.request('GET', '/cart', { token: user.accessToken })).body.items).toEqual([]);

    // Notifications: the emails' records are gone and the address book keeps only the mark.
    await poll(
      'the notifications to go',
      () => everywhere(notificationsTable, user.userId),
      (items) => items.length === 0,
    );
    expect((await api.request('GET', '/notifications', { token: user.accessToken })).body.items).toEqual([]);
    expect(await recipient(user.userId)).toEqual({ userId: user.userId, erasedAt: expect.any(String) });

    // Reviews: the name its reviews showed is gone (with any review and purchase record); the mark stays.
    const buyersTable = output(shop, 'reviews', 'BuyersTableName');
    const marked = await poll(
      'the reviews service to keep only the mark',
      () => partition(buyersTable, user.userId),
      (items) => items.length === 1 && items[0]?.erasedAt !== undefined,
    );
    expect(marked).toEqual([{ userId: user.userId, entry: 'profile', erasedAt: expect.any(String) }]);

    // Erasing again is a 204 that changes nothing, and no erasure ended in a dead-letter queue.
    expect((await api.request('DELETE', '/users/me', { token: user.accessToken })).status).toBe(204);
    await waitForQuiet(aws.sqs);
    expect((await api.request('GET', `/orders/${orderId}`, { token: admin.accessToken })).body).toEqual(
      kept.body,
    );
    expect(await recipient(user.userId)).toEqual({ userId: user.userId, erasedAt: expect.any(String) });
    const { deadLetter } = await shopQueues(aws.sqs);
    const erasureDlqs = deadLetter.filter((url) => url.includes('user-erasures'));
    expect(erasureDlqs).toHaveLength(4);
    for (const url of erasureDlqs) expect(await queueDepth(aws.sqs, url)).toBe(0);
    // Nothing of the person is in the order any more (the country aside).
    expect(JSON.stringify(kept.body)).not.toMatch(/Privet|Cupboard|Whinging|GU1/);
  });
});
