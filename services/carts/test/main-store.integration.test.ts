import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { createServiceTable, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoCarts } from '../src/adapters/dynamo-carts.ts';
import { dynamoProductReadModel } from '../src/adapters/dynamo-product-read-model.ts';
import { backfillMainStore } from '../src/migrations/main-store.ts';
import { serviceDir } from './support.ts';

// Issue 15's migration against the emulator: items as carts wrote them before stores, the backfill
// run twice, and the routes' adapter finding the legacy cart in main.
const stage = `bf${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const cartsTable = `shop-carts-${stage}-carts`;
const viewsTable = `shop-carts-${stage}-product-views`;
const client = () => documentClient();
const future = () => Math.floor(Date.now() / 1000) + 3600;

beforeAll(async () => {
  useEmulator();
  await Promise.all([
    createServiceTable(serviceDir, 'CartsTable', cartsTable),
    createServiceTable(serviceDir, 'ProductViewsTable', viewsTable),
  ]);
  const put = (TableName: string, Item: Record<string, unknown>) =>
    client().send(new PutCommand({ TableName, Item }));
  // Before stores: no storeId anywhere.
  await put(viewsTable, { productId: 'p-lamp', name: 'Lamp', unitPrice: 4999, currency: 'USD', revision: 2 });
  await put(viewsTable, { productId: 'p-gone', revision: 3, deleted: true, expiresAt: future() });
  for (const userId of ['ada', 'bob']) {
    await put(cartsTable, {
      userId,
      sk: 'CART',
      lines: [{ productId: 'p-lamp', quantity: 2, addedAt: '2026-01-01T00:00:00.000Z' }],
      checkouts: [],
      openOrders: [],
      version: 4,
      updatedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: future(),
    });
  }
  await put(cartsTable, {
    userId: 'ada',
    sk: 'CHECKOUT#digest',
    orderId: 'o-1',
    fingerprint: 'f',
    event: '{}',
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: future(),
  });
  // Written by the new code already: in its store, never touched.
  await put(viewsTable, {
    productId: 'p-lampe',
    storeId: 'berlin',
    name: 'Lampe',
    unitPrice: 3999,
    currency: 'EUR',
    revision: 1,
  });
});

const storeIds = async (table: string) =>
  Object.fromEntries(
    ((await client().send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? []).map(
      (item) => [`${item.userId ?? item.productId}|${item.sk ?? ''}`, item.storeId],
    ),
  );

describe('backfillMainStore (carts)', () => {
  it('gives every cart and product view main, once; a second run updates nothing', async () => {
    const first = await backfillMainStore({ stage, client: client() });
    const second = await backfillMainStore({ stage, client: client() });

    expect(first).toEqual([
      { table: cartsTable, scanned: 3, updated: 2 },
      { table: viewsTable, scanned: 3, updated: 2 },
    ]);
    expect(second).toEqual([
      { table: cartsTable, scanned: 3, updated: 0 },
      { table: viewsTable, scanned: 3, updated: 0 },
    ]);
    expect(await storeIds(cartsTable)).toEqual({
      'ada|CART': 'main',
      'bob|CART': 'main',
      // The key record is left alone: its key says main, and a change would resend its request.
      'ada|CHECKOUT#digest': undefined,
    });
    expect(await storeIds(viewsTable)).toEqual({
      'p-lamp|': 'main',
      'p-gone|': 'main',
      'p-lampe|': 'berlin',
    });
  });

  it('leaves the legacy cart where the routes find it: main, with its lines and version', async () => {
    await backfillMainStore({ stage, client: client() });
    const products = dynamoProductReadModel({ tableName: viewsTable, client: client() });
    const carts = dynamoCarts({ tableName: cartsTable, client: client(), products });

    expect(await carts.view({ userId: 'ada', storeId: 'main' })).toEqual({
      items: [
        {
          productId: 'p-lamp',
          name: 'Lamp',
          variantId: 'p-lamp',
          sku: 'p-lamp',
          options: {},
          quantity: 2,
          unitPrice: 4999,
          discount: 0,
          tax: 0,
          lineTotal: 9998,
        },
      ],
      subtotal: 9998,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 9998,
      currency: 'USD',
    });
    expect(
      (
        await carts.view({
          userId: 'ada',
          storeId: 'berlin',
          store: { currency: 'EUR', country: 'DE', taxIncluded: true },
        })
      ).items,
    ).toEqual([]);
    // A write continues from the legacy version: the cart was not copied, so nothing forked.
    await carts.setQuantity({ userId: 'ada', storeId: 'main' }, 'p-lamp', 3);
    const { Item } = await client().send(
      new GetCommand({ TableName: cartsTable, Key: { userId: 'ada', sk: 'CART' }, ConsistentRead: true }),
    );
    expect(Item).toMatchObject({
      storeId: 'main',
      version: 5,
      lines: [{ productId: 'p-lamp', quantity: 3 }],
    });
  });

  it('finds legacy items in main even before the backfill ran', async () => {
    const fresh = `shop-carts-${stage}x-product-views`;
    await createServiceTable(serviceDir, 'ProductViewsTable', fresh);
    await client().send(
      new PutCommand({
        TableName: fresh,
        Item: { productId: 'p-old', name: 'Old', unitPrice: 100, currency: 'USD', revision: 1 },
      }),
    );
    const products = dynamoProductReadModel({ tableName: fresh, client: client() });

    expect(await products.find('main', 'p-old')).toMatchObject({ productId: 'p-old', storeId: 'main' });
    expect(await products.find('berlin', 'p-old')).toBeUndefined();
  });
});
