import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { mainStoreDefaults } from '@shop/contracts';
import { createServiceTable, uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKFILLED_SERVICES, backfillStores } from '../../../scripts/backfill-stores.ts';
import { storesTables } from '../src/migrations/main-store.ts';
import { serviceDir } from './support.ts';

// `npm run backfill:stores` against the emulator: a stage's tables under the names its stacks give them.
const notificationsDir = new URL('../../notifications', import.meta.url).pathname;
let stage: string;
const client = () => documentClient();

beforeAll(async () => {
  useEmulator();
  stage = uniqueName('bf')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
  const tables = storesTables(stage);
  await Promise.all([
    createServiceTable(serviceDir, 'StoresTable', tables.stores),
    createServiceTable(serviceDir, 'OutboxTable', tables.outbox),
    createServiceTable(notificationsDir, 'NotificationsTable', `shop-notifications-${stage}-notifications`),
  ]);
});

describe('npm run backfill:stores', () => {
  it('writes main and gives legacy records their store once; a second run changes nothing', async () => {
    const legacy = Array.from({ length: 3 }, (_, index) => ({
      notificationId: uniqueName(`legacy-${index}`),
      userId: 'u-legacy',
      type: 'ORDER_CONFIRMED',
      channel: 'email',
      to: 'legacy@example.com',
      subject: 'Your order is confirmed',
      body: 'Thanks',
      status: 'SENT',
      createdAt: new Date(Date.UTC(2026, 0, 1 + index)).toISOString(),
    }));
    const table = `shop-notifications-${stage}-notifications`;
    for (const item of legacy) await client().send(new PutCommand({ TableName: table, Item: item }));

    const first = await backfillStores({ stage, client: client(), services: ['stores', 'notifications'] });
    expect(first).toEqual([
      { service: 'stores', table: storesTables(stage).stores, scanned: 1, updated: 1 },
      { service: 'notifications', table, scanned: 3, updated: 3 },
    ]);
    const { Item: main } = await client().send(
      new GetCommand({ TableName: storesTables(stage).stores, Key: { storeId: 'main' } }),
    );
    expect(main).toMatchObject({
      ...mainStoreDefaults,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const { Item: migrated } = await client().send(
      new GetCommand({ TableName: table, Key: { notificationId: legacy[0]?.notificationId } }),
    );
    expect(migrated).toMatchObject({ storeId: 'main', storeUser: 'main#u-legacy' });

    const second = await backfillStores({ stage, client: client(), services: ['stores', 'notifications'] });
    expect(second.map((result) => result.updated)).toEqual([0, 0]);
  });

  it('fails before writing anything when a service has no backfill, naming it', async () => {
    const otherStage = uniqueName('bf')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '');
    await createServiceTable(serviceDir, 'StoresTable', storesTables(otherStage).stores);
    // A checkout where stores has its part and carts has none.
    const root = mkdtempSync(join(tmpdir(), 'backfill-'));
    mkdirSync(join(root, 'services/stores/src/migrations'), { recursive: true });
    writeFileSync(
      join(root, 'services/stores/src/migrations/main-store.ts'),
      `export { backfillMainStore } from '${new URL('../src/migrations/main-store.ts', import.meta.url).pathname}';\n`,
    );
    await expect(
      backfillStores({ stage: otherStage, client: client(), root, services: ['stores', 'carts'] }),
    ).rejects.toThrow(/Nothing was changed: no backfill for carts/);
    const { Item } = await client().send(
      new GetCommand({ TableName: storesTables(otherStage).stores, Key: { storeId: 'main' } }),
    );
    expect(Item).toBeUndefined();
  });

  it('runs the five services, main first', () => {
    expect(BACKFILLED_SERVICES).toEqual(['stores', 'products', 'carts', 'orders', 'notifications']);
  });
});
