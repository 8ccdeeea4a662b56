import { storeChangesConsumer, storeDirectory } from '@shop/store-directory';
import {
  createServiceQueue,
  createServiceTable,
  httpEvent,
  invokeHttp,
  lambdaContext,
  receiveMessages,
  sqsRecord,
  subscribeAsDeclared,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTables, serviceEnvironment, userPoolWithTokens } from './support.ts';

// A store opened and changed through this service's routes reaches another service's read model the
// way it does in AWS: published on the topic, delivered to a queue subscribed as that service's
// serverless.yml declares (filter included), consumed by its syncStores handler into its own table.
// The notifications service stands for every store-scoped one (they declare the same three resources).
const consumerDir = new URL('../../notifications', import.meta.url).pathname;

let routes: {
  create: typeof import('../src/handlers/stores/create.ts').handler;
  update: typeof import('../src/handlers/stores/update.ts').handler;
};
let adminToken: string;
let queueUrl: string;
let readModel: string;

beforeAll(async () => {
  useEmulator();
  const [tables, topic, users, queue] = await Promise.all([
    createTables(),
    topicWithListener('store-events'),
    userPoolWithTokens(),
    createServiceQueue(consumerDir, 'StoreEventsQueue'),
  ]);
  await subscribeAsDeclared(consumerDir, 'StoreEventsSubscription', topic.topicArn, queue.arn);
  readModel = await createServiceTable(consumerDir, 'StoresTable', uniqueName('notifications-stores'));
  queueUrl = queue.url;
  adminToken = users.adminToken;
  serviceEnvironment(tables, topic.topicArn, users.pool);
  routes = {
    create: (await import('../src/handlers/stores/create.ts')).handler,
    update: (await import('../src/handlers/stores/update.ts')).handler,
  };
});

/** One poll of the event source mapping: what the queue holds, handed to the consumer as one batch. */
async function syncStores(): Promise<number> {
  const messages = await receiveMessages(queueUrl, { waitTimeSeconds: 1 });
  const event: SQSEvent = { Records: messages.map((message) => sqsRecord(message.body)) };
  const { batchItemFailures } = await storeChangesConsumer({ tableName: readModel })(
    event,
    lambdaContext('syncStores'),
  );
  expect(batchItemFailures).toEqual([]);
  return messages.length;
}

describe('StoreChanged', () => {
  it("reaches another service's read model: a new store, then its change, are seen there", async () => {
    const storeId = uniqueName('rm')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 32);
    // A fresh directory per read: a container trusts "no such store" for a few seconds.
    const seen = () => storeDirectory({ tableName: readModel }).find(storeId);
    expect(await seen()).toBeUndefined();

    const created = await invokeHttp(
      routes.create,
      httpEvent('POST /stores', {
        body: { storeId, name: 'Lyon', currency: 'EUR', country: 'FR' },
        token: adminToken,
      }),
    );
    expect(created.status).toBe(201);
    expect(await syncStores()).toBe(1);
    expect(await seen()).toEqual(created.body);

    const changed = await invokeHttp(
      routes.update,
      httpEvent('PATCH /stores/{storeId}', {
        path: `/stores/${storeId}`,
        pathParameters: { storeId },
        body: { name: 'Lyon Part-Dieu' },
        token: adminToken,
      }),
    );
    expect(changed.status).toBe(200);
    expect(await syncStores()).toBe(1);
    expect(await seen()).toEqual(changed.body);
  });
});
