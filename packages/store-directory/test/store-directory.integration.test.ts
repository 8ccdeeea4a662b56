import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '@shop/aws';
import { mainStoreDefaults, STORES_SOURCE, type Store, storeChanged } from '@shop/contracts';
import { createEvent } from '@shop/events';
import { lambdaContext, sqsRecord, uniqueName, useEmulator } from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordStoreChange, storeChangesConsumer, storeDirectory } from '../src/index.ts';

// Against the emulator: each service declares its stores table with exactly this key.
async function createStoresTable(): Promise<string> {
  const tableName = uniqueName('stores');
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'storeId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'storeId', KeyType: 'HASH' }],
    }),
  );
  return tableName;
}

const berlin = (changes: Partial<Store> = {}): Store => ({
  storeId: 'berlin',
  name: 'Berlin',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
  returnWindowDays: 14,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...changes,
});

const delivery = (...stores: Store[]): SQSEvent => ({
  Records: stores.map((data) => sqsRecord(createEvent(storeChanged, data, { source: STORES_SOURCE }))),
});

let tableName: string;
beforeAll(async () => {
  useEmulator();
  tableName = await createStoresTable();
});

describe('storeDirectory', () => {
  it('knows main before anything was heard, and no other store', async () => {
    const directory = storeDirectory({ tableName: await createStoresTable() });
    expect(await directory.find('main')).toEqual(mainStoreDefaults);
    expect(await directory.find('berlin')).toBeUndefined();
  });

  it('keeps what it read for a while, and "unknown" only briefly', async () => {
    const table = await createStoresTable();
    let clock = 0;
    const directory = storeDirectory({ tableName: table, now: () => clock });
    expect(await directory.find('berlin')).toBeUndefined();
    await recordStoreChange({ tableName: table }, berlin());
    expect(await directory.find('berlin')).toBeUndefined();
    clock += 5_001;
    expect(await directory.find('berlin')).toMatchObject({ name: 'Berlin' });
    await recordStoreChange(
      { tableName: table },
      berlin({ name: 'Berlin Mitte', updatedAt: '2026-12-02T10:00:00.000Z' }),
    );
    clock += 59_000;
    expect(await directory.find('berlin')).toMatchObject({ name: 'Berlin' });
    clock += 1_001;
    expect(await directory.find('berlin')).toMatchObject({ name: 'Berlin Mitte' });
  });
});

describe('storeChangesConsumer', () => {
  it('keeps the newest snapshot whatever the order and however often it arrives', async () => {
    const table = await createStoresTable();
    const handler = storeChangesConsumer({ tableName: table, client: documentClient() });
    const older = berlin();
    const newer = berlin({ name: 'Berlin Mitte', updatedAt: '2026-12-02T10:00:00.000Z' });
    const result = await handler(delivery(newer, older, newer, older), lambdaContext('syncStores'));
    expect(result.batchItemFailures).toEqual([]);
    const directory = storeDirectory({ tableName: table });
    expect(await directory.find('berlin')).toEqual(newer);
  });

  it('lets main be renamed like any store', async () => {
    const handler = storeChangesConsumer({ tableName });
    const renamed = { ...mainStoreDefaults, name: 'Corner Shop', updatedAt: '2026-12-02T10:00:00.000Z' };
    await handler(delivery(renamed), lambdaContext('syncStores'));
    expect(await storeDirectory({ tableName }).find('main')).toEqual(renamed);
  });

  it('sends a StoreChanged with invalid data to the DLQ path, writing nothing', async () => {
    const table = await createStoresTable();
    const handler = storeChangesConsumer({ tableName: table });
    const bad = createEvent(storeChanged, berlin(), { source: STORES_SOURCE });
    const record = sqsRecord({ ...bad, data: { ...bad.data, storeId: 'Not A Store!' } });
    const result = await handler({ Records: [record] }, lambdaContext('syncStores'));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await storeDirectory({ tableName: table }).find('berlin')).toBeUndefined();
  });
});
