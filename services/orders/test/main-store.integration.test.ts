import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { createServiceTable, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoOrderStore } from '../src/adapters/dynamo-order-store.ts';
import { orderCommands } from '../src/domain/order-commands.ts';
import { backfillMainStore } from '../src/migrations/main-store.ts';
import { home } from './fixtures.ts';
import { serviceDir } from './stack.ts';

// Issue 15's migration against the emulator: orders as they were written before stores, the backfill
// run twice, and the routes' commands finding and listing them in main.
const stage = `bf${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const ordersTable = `shop-orders-${stage}-orders`;
const outboxTable = `shop-orders-${stage}-outbox`;
const client = () => documentClient();

/** An order item exactly as the code before stores wrote it: no storeId, no store index keys. */
const legacyOrder = (orderId: string, userId: string, status: string, createdAt: string) => ({
  orderId,
  userId,
  status,
  items: [{ productId: 'p-lamp', name: 'Lamp', quantity: 1, unitPrice: 1000 }],
  total: 1000,
  currency: 'USD',
  shippingAddress: home,
  createdAt,
  updatedAt: createdAt,
  history: [{ status: 'PENDING', at: createdAt }],
  paymentMethod: 'card_ok',
  correlationId: `c-${orderId}`,
  checkoutAt: createdAt,
  createdKey: `${createdAt}#${orderId}`,
});

beforeAll(async () => {
  useEmulator();
  await Promise.all([
    createServiceTable(serviceDir, 'OrdersTable', ordersTable),
    createServiceTable(serviceDir, 'OutboxTable', outboxTable),
  ]);
  for (const item of [
    legacyOrder('o-1', 'ada', 'PENDING', '2026-01-01T00:00:00.000Z'),
    legacyOrder('o-2', 'ada', 'PENDING', '2026-01-02T00:00:00.000Z'),
    legacyOrder('o-3', 'bob', 'PENDING', '2026-01-03T00:00:00.000Z'),
  ])
    await client().send(new PutCommand({ TableName: ordersTable, Item: item }));
  // Written by the new code already, in another store: never touched.
  await client().send(
    new PutCommand({
      TableName: ordersTable,
      Item: {
        ...legacyOrder('o-4', 'ada', 'PENDING', '2026-01-04T00:00:00.000Z'),
        storeId: 'berlin',
        storeUser: 'berlin#ada',
        storeStatus: 'berlin#PENDING',
      },
    }),
  );
});

const commands = () =>
  orderCommands({
    store: dynamoOrderStore({
      tableName: ordersTable,
      client: client(),
      outbox: transactionalOutbox({ tableName: outboxTable, publisher: recordingEventPublisher() }),
    }),
  });
const ada = { userId: 'ada', storeId: 'main', admin: false };
const mainAdmin = { userId: 'root', storeId: 'main', admin: true };
const ids = (page: { items: Array<{ orderId: string }> }) => page.items.map((item) => item.orderId);

describe('backfillMainStore (orders)', () => {
  it('finds a legacy order in main before the backfill, but lists it only after', async () => {
    expect(await commands().find('o-1', ada)).toMatchObject({ orderId: 'o-1', storeId: 'main' });
    await expect(commands().find('o-1', { ...ada, storeId: 'berlin' })).rejects.toMatchObject({
      status: 404,
    });
    expect(ids(await commands().list(ada, { scope: 'own', limit: 20 }))).toEqual([]);
  });

  it('gives every order main and its store index keys, once; a second run updates nothing', async () => {
    const first = await backfillMainStore({ stage, client: client() });
    const second = await backfillMainStore({ stage, client: client() });

    expect(first).toEqual([{ table: ordersTable, scanned: 4, updated: 3 }]);
    expect(second).toEqual([{ table: ordersTable, scanned: 4, updated: 0 }]);
    const { Item } = await client().send(new GetCommand({ TableName: ordersTable, Key: { orderId: 'o-3' } }));
    expect(Item).toMatchObject({ storeId: 'main', storeUser: 'main#bob', storeStatus: 'main#PENDING' });
    const { Item: berlin } = await client().send(
      new GetCommand({ TableName: ordersTable, Key: { orderId: 'o-4' } }),
    );
    expect(berlin).toMatchObject({ storeId: 'berlin', storeUser: 'berlin#ada' });
  });

  it("lists the migrated orders in main, the customer's and the admin's lists, and moves them on", async () => {
    await backfillMainStore({ stage, client: client() });

    expect(ids(await commands().list(ada, { scope: 'own', limit: 20 }))).toEqual(['o-2', 'o-1']);
    expect(ids(await commands().list(mainAdmin, { scope: 'all', status: 'PENDING', limit: 20 }))).toEqual([
      'o-3',
      'o-2',
      'o-1',
    ]);
    expect(ids(await commands().list({ ...ada, storeId: 'berlin' }, { scope: 'own', limit: 20 }))).toEqual([
      'o-4',
    ]);
    // A status change keeps the store index in step.
    expect(await commands().cancel('o-1', ada)).toMatchObject({ status: 'CANCELLED', storeId: 'main' });
    const { Items = [] } = await client().send(
      new QueryCommand({
        TableName: ordersTable,
        IndexName: 'byStoreStatus',
        KeyConditionExpression: 'storeStatus = :partition',
        ExpressionAttributeValues: { ':partition': 'main#CANCELLED' },
      }),
    );
    expect(Items.map((item) => item.orderId)).toEqual(['o-1']);
  });

  it('takes up, when run again, an order the code before stores wrote after the first run', async () => {
    // During the deploy the old functions still write for a moment: a second run finds their orders.
    await client().send(
      new PutCommand({
        TableName: ordersTable,
        Item: legacyOrder('o-5', 'cleo', 'CONFIRMED', '2026-01-05T00:00:00.000Z'),
      }),
    );
    expect(await backfillMainStore({ stage, client: client() })).toEqual([
      { table: ordersTable, scanned: 5, updated: 1 },
    ]);
    const { Item } = await client().send(new GetCommand({ TableName: ordersTable, Key: { orderId: 'o-5' } }));
    expect(Item).toMatchObject({ storeStatus: 'main#CONFIRMED' });
  });

  it('gives an order whose status the new code moved before the backfill its store and partitions', async () => {
    await client().send(
      new PutCommand({
        TableName: ordersTable,
        Item: legacyOrder('o-6', 'dora', 'PENDING', '2026-01-06T00:00:00.000Z'),
      }),
    );
    // A transition writes the status partition only: the store and the customer's partition are the backfill's.
    await commands().cancel('o-6', { userId: 'dora', storeId: 'main', admin: false });
    const moved = await client().send(new GetCommand({ TableName: ordersTable, Key: { orderId: 'o-6' } }));
    expect(moved.Item).toMatchObject({ status: 'CANCELLED', storeStatus: 'main#CANCELLED' });
    expect(moved.Item?.storeUser).toBeUndefined();

    expect(await backfillMainStore({ stage, client: client() })).toEqual([
      { table: ordersTable, scanned: 6, updated: 1 },
    ]);
    const { Item } = await client().send(new GetCommand({ TableName: ordersTable, Key: { orderId: 'o-6' } }));
    expect(Item).toMatchObject({ storeId: 'main', storeUser: 'main#dora', storeStatus: 'main#CANCELLED' });
    expect(
      ids(
        await commands().list({ userId: 'dora', storeId: 'main', admin: false }, { scope: 'own', limit: 20 }),
      ),
    ).toEqual(['o-6']);
  });
});
