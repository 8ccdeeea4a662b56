import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { recordStoreChange } from '@shop/store-directory';
import { testUserPool, uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { backfillMainStore } from '../src/migrations/main-store.ts';
import {
  createTables,
  getNotifications,
  serviceEnvironment,
  type Tables,
  verifiedSender,
} from './support.ts';

// Notifications written before stores (no storeId, no storeUser) given to main by the backfill.
let tables: Tables;
let list: typeof import('../src/handlers/notifications/list.ts').handler;
let customer: { token: string; userId: string };

beforeAll(async () => {
  useEmulator();
  const [created, sender, pool] = await Promise.all([
    createTables(),
    verifiedSender(),
    testUserPool('backfill'),
  ]);
  tables = created;
  serviceEnvironment(tables, sender, pool);
  vi.resetModules();
  list = (await import('../src/handlers/notifications/list.ts')).handler;
  customer = await pool.signIn('legacy-customer');
  await recordStoreChange(
    { tableName: tables.stores },
    {
      storeId: 'berlin',
      name: 'Berlin Shop',
      currency: 'EUR',
      country: 'DE',
      taxIncluded: true,
      returnWindowDays: 30,
      createdAt: '2026-06-01T00:00:00.000Z',
      updatedAt: '2026-06-01T00:00:00.000Z',
    },
  );
});

/** A notification as the service wrote it before stores. */
const legacy = (userId: string, day: number) => ({
  notificationId: uniqueName('legacy'),
  userId,
  type: 'ORDER_CONFIRMED',
  channel: 'email',
  to: 'legacy@example.com',
  subject: 'Your order o-1 is confirmed',
  body: 'Thank you.',
  html: '<p>Thank you.</p>',
  status: 'SENT',
  orderId: `o-${day}`,
  createdAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
  claimedAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
});

describe('backfillMainStore (notifications)', () => {
  it('gives legacy notifications to main once, and the route lists them in main only', async () => {
    const items = [1, 2, 3].map((day) => legacy(customer.userId, day));
    const client = documentClient();
    for (const Item of items) await client.send(new PutCommand({ TableName: tables.notifications, Item }));
    // Not listed anywhere before the backfill: the store-scoped index has no key for them.
    expect((await getNotifications(list, { token: customer.token })).body).toEqual({
      items: [],
      nextCursor: null,
    });

    const first = await backfillMainStore({ stage: 'test', client, tableName: tables.notifications });
    expect(first).toEqual([{ table: tables.notifications, scanned: 3, updated: 3 }]);
    const second = await backfillMainStore({ stage: 'test', client, tableName: tables.notifications });
    expect(second).toEqual([{ table: tables.notifications, scanned: 3, updated: 0 }]);

    const inMain = (await getNotifications(list, { token: customer.token })).body as {
      items: Array<{ notificationId: string; storeId: string }>;
    };
    expect(inMain.items.map((item) => item.notificationId)).toEqual(
      items.map((item) => item.notificationId).reverse(),
    );
    expect(inMain.items.every((item) => item.storeId === 'main')).toBe(true);
    const inBerlin = await getNotifications(list, {
      token: customer.token,
      headers: { 'x-store-id': 'berlin' },
    });
    expect(inBerlin.body).toEqual({ items: [], nextCursor: null });
  });

  it('never overwrites a notification that has its store already', async () => {
    const client = documentClient();
    const current = {
      ...legacy(customer.userId, 9),
      storeId: 'berlin',
      storeUser: `berlin#${customer.userId}`,
    };
    await client.send(new PutCommand({ TableName: tables.notifications, Item: current }));

    await backfillMainStore({ stage: 'test', client, tableName: tables.notifications });

    const { Item } = await client.send(
      new GetCommand({ TableName: tables.notifications, Key: { notificationId: current.notificationId } }),
    );
    expect(Item).toMatchObject({ storeId: 'berlin', storeUser: `berlin#${customer.userId}` });
  });
});
