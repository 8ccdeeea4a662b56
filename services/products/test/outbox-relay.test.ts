import { documentClient } from '@shop/aws';
import { type EventPublisher, transactionalOutbox } from '@shop/events';
import { lambdaContext, topicWithListener, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogOn, createTables, drain, mainStore, serviceEnvironment, type Tables } from './support.ts';

let tables: Tables;
let queueUrl: string;
let relay: typeof import('../src/handlers/outbox/relay.ts').handler;

// The process "dies" after the commit: its publish never reaches SNS.
const crashingPublisher: EventPublisher = {
  async publish() {
    throw new Error('killed between the commit and the publish');
  },
};

beforeAll(async () => {
  useEmulator();
  const [created, topic] = await Promise.all([createTables(), topicWithListener('product-events')]);
  tables = created;
  queueUrl = topic.listenerUrl;
  serviceEnvironment(tables, topic.topicArn);
  relay = (await import('../src/handlers/outbox/relay.ts')).handler;
});

describe('the outbox relay function', () => {
  it('publishes the ProductChanged of a write whose process died before publishing, once, under its id', async () => {
    const client = documentClient();
    const outbox = transactionalOutbox({ tableName: tables.outbox, client, publisher: crashingPublisher });
    const catalog = catalogOn(tables, client, outbox);
    const created = await catalog.create(mainStore, {
      name: 'Orphaned Event Lamp',
      description: 'Committed, never announced.',
      category: 'lighting',
      price: 100,
      currency: 'USD',
      stock: 1,
    });
    expect(await drain(queueUrl)).toEqual([]);

    // The scheduled sweep (a stream record would do the same in AWS).
    const swept = await relay({ olderThanSeconds: 0 }, lambdaContext('relayOutbox'));
    const again = await relay({ olderThanSeconds: 0 }, lambdaContext('relayOutbox'));

    expect(swept).toEqual({ published: 1, failed: 0 });
    expect(again).toEqual({ published: 0, failed: 0 });
    const published = await drain(queueUrl);
    expect(published).toEqual([
      expect.objectContaining({
        type: 'ProductChanged',
        data: expect.objectContaining({
          productId: created.productId,
          name: 'Orphaned Event Lamp',
          stock: 1,
        }),
      }),
    ]);
  });
});
