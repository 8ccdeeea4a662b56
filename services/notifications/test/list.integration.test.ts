import { recordStoreChange } from '@shop/store-directory';
import { sqsRecord, testUserPool, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTables,
  deliver,
  getNotifications,
  orderEvent,
  registration,
  serviceEnvironment,
  snapshot,
  verifiedSender,
} from './support.ts';

type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null };

let list: typeof import('../src/handlers/notifications/list.ts').handler;
let ada: { token: string; userId: string; email: string };
let bob: { token: string; userId: string; email: string };
let adaOrders: string[];
let adaBerlinOrder: string;

beforeAll(async () => {
  useEmulator();
  const [tables, sender, pool] = await Promise.all([
    createTables(),
    verifiedSender(),
    testUserPool('notifications'),
  ]);
  // Read once per cold start by the handlers' config and authenticator, so set before they are imported.
  serviceEnvironment(tables, sender, pool);
  vi.resetModules();
  list = (await import('../src/handlers/notifications/list.ts')).handler;
  const notify = (await import('../src/handlers/events/notify.ts')).handler;

  const signUp = async (name: string) => {
    const registered = registration(name);
    const { token, userId } = await pool.signIn(registered.data.email);
    const event = { ...registered, data: { ...registered.data, userId } };
    expect(await deliver(notify, sqsRecord(event))).toEqual([]);
    return { token, userId, email: registered.data.email };
  };
  ada = await signUp('Ada');
  bob = await signUp('Bob');
  adaOrders = [];
  // One at a time, so each notification is newer than the one before.
  for (const name of ['orderConfirmed', 'orderShipped', 'orderDelivered'] as const) {
    const order = snapshot(ada.userId);
    adaOrders.push(order.orderId);
    expect(await deliver(notify, sqsRecord(orderEvent(name, order)))).toEqual([]);
  }
  expect(await deliver(notify, sqsRecord(orderEvent('orderConfirmed', snapshot(bob.userId))))).toEqual([]);
  // Another store, as StoreChanged told this service, and one order of Ada's there.
  await recordStoreChange({ tableName: tables.stores }, berlin);
  const inBerlin = snapshot(ada.userId, { storeId: 'berlin', currency: 'EUR' });
  adaBerlinOrder = inBerlin.orderId;
  expect(await deliver(notify, sqsRecord(orderEvent('orderShipped', inBerlin)))).toEqual([]);
});

const berlin = {
  storeId: 'berlin',
  name: 'Berlin Shop',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
  returnWindowDays: 30,
  createdAt: '2026-06-01T00:00:00.000Z',
  updatedAt: '2026-06-01T00:00:00.000Z',
};
const inStore = (storeId: string) => ({ 'x-store-id': storeId });

describe('GET /notifications', () => {
  it("lists the caller's own notifications, newest first, with exactly the contract's fields", async () => {
    const answer = await getNotifications(list, { token: ada.token });

    expect(answer.status).toBe(200);
    const page = answer.body as Page;
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((item) => item.type)).toEqual([
      'ORDER_DELIVERED',
      'ORDER_SHIPPED',
      'ORDER_CONFIRMED',
      'WELCOME',
    ]);
    expect(page.items.map((item) => item.orderId)).toEqual([...[...adaOrders].reverse(), undefined]);
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(
        ['notificationId', 'storeId', 'type', 'channel', 'to', 'subject', 'body', 'status', 'createdAt']
          .concat(item.type === 'WELCOME' ? [] : ['orderId'])
          .sort(),
      );
      expect(item).toMatchObject({ storeId: 'main', channel: 'email', to: ada.email, status: 'SENT' });
    }
    const createdAt = page.items.map((item) => item.createdAt as string);
    expect([...createdAt].sort().reverse()).toEqual(createdAt);
  });

  it("never shows another user's notifications", async () => {
    const answer = await getNotifications(list, { token: bob.token });

    const page = answer.body as Page;
    expect(page.items.map((item) => item.type)).toEqual(['ORDER_CONFIRMED', 'WELCOME']);
    expect(page.items.every((item) => item.to === bob.email)).toBe(true);
  });

  it('pages with ?limit= and ?cursor= through every notification once', async () => {
    const first = (await getNotifications(list, { token: ada.token, query: { limit: '3' } })).body as Page;
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = (
      await getNotifications(list, {
        token: ada.token,
        query: { limit: '3', cursor: first.nextCursor as string },
      })
    ).body as Page;

    expect(second.items.map((item) => item.type)).toEqual(['WELCOME']);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses another user's cursor with 400 rather than showing their page", async () => {
    const adas = (await getNotifications(list, { token: ada.token, query: { limit: '1' } })).body as Page;

    const answer = await getNotifications(list, {
      token: bob.token,
      query: { cursor: adas.nextCursor as string },
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('answers 400 for a bad limit or a forged cursor', async () => {
    const queries: Array<Record<string, string>> = [
      { limit: '0' },
      { limit: '101' },
      { cursor: 'not a cursor' },
      { cursor: 'eyJ4IjoxfQ' },
    ];
    for (const query of queries) {
      const answer = await getNotifications(list, { token: ada.token, query });
      expect(answer.status, JSON.stringify(query)).toBe(400);
    }
  });

  it('answers 401 without a token or with a tampered one', async () => {
    expect((await getNotifications(list)).status).toBe(401);
    const tampered = `${ada.token.slice(0, -4)}AAAA`;
    expect((await getNotifications(list, { token: tampered })).status).toBe(401);
  });
});

describe('GET /notifications in a store (X-Store-Id)', () => {
  it("lists only that store's notifications: the same customer's in another store are not there", async () => {
    const answer = await getNotifications(list, { token: ada.token, headers: inStore('berlin') });
    expect(answer.status).toBe(200);
    const page = answer.body as Page;
    expect(page.items.map((item) => [item.storeId, item.orderId, item.subject])).toEqual([
      ['berlin', adaBerlinOrder, `Berlin Shop: Your order ${adaBerlinOrder} is on its way`],
    ]);
    const inMain = (await getNotifications(list, { token: ada.token, headers: inStore('main') }))
      .body as Page;
    expect(inMain.items.map((item) => item.orderId)).not.toContain(adaBerlinOrder);
    expect(inMain.items).toHaveLength(4);
  });

  it("refuses a cursor of main replayed in berlin (400), showing neither store's page", async () => {
    const mainPage = (await getNotifications(list, { token: ada.token, query: { limit: '1' } })).body as Page;
    const replayed = await getNotifications(list, {
      token: ada.token,
      headers: inStore('berlin'),
      query: { cursor: mainPage.nextCursor as string },
    });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('answers 404 for an unknown store and 400 for a malformed one', async () => {
    const unknown = await getNotifications(list, { token: ada.token, headers: inStore('nowhere') });
    expect(unknown.status).toBe(404);
    const malformed = await getNotifications(list, { token: ada.token, headers: inStore('Not A Store') });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ errors: [{ field: 'headers.x-store-id' }] });
  });
});
