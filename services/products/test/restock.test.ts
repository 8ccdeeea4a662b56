import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { newProductBody, returnReceived } from '@shop/contracts';
import { createEvent, type EventEnvelope, recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { lambdaContext, sqsRecord, topicWithListener, uniqueName, useEmulator } from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { restockKey } from '../src/adapters/dynamo-stock-reservations.ts';
import type { ProductCatalog } from '../src/domain/catalog-page.ts';
import {
  BERLIN,
  catalogOn,
  createTables,
  MAIN,
  mainStore,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// ReturnReceived on the StockRequestsQueue (orders sends it there beside its topic): the returned
// units go back into their variants' stock once per return, however often the event comes.
let tables: Tables;
let catalog: ProductCatalog;
let handleStockRequests: typeof import('../src/handlers/stock/requests.ts').handler;

beforeAll(async () => {
  useEmulator();
  const [created, topic] = await Promise.all([createTables(), topicWithListener('product-events')]);
  tables = created;
  serviceEnvironment(tables, topic.topicArn);
  const client = documentClient();
  catalog = catalogOn(
    tables,
    client,
    transactionalOutbox({ tableName: tables.outbox, client, publisher: recordingEventPublisher() }),
  );
  handleStockRequests = (await import('../src/handlers/stock/requests.ts')).handler;
});

async function stockOf(key: string): Promise<number> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tables.products, Key: { productId: key }, ConsistentRead: true }),
  );
  return Item?.stock as number;
}

/** A lamp without options (stock 2) and a shirt in two sizes (stock 3 each). */
async function catalogOfTwo() {
  const tag = uniqueName('r').slice(-8).toUpperCase();
  const lamp = await catalog.create(mainStore, {
    name: 'Returned lamp',
    description: 'Comes back.',
    category: 'lighting',
    price: 1000,
    currency: 'USD',
    stock: 2,
  });
  const shirt = await catalog.create(
    mainStore,
    newProductBody.parse({
      name: 'Returned shirt',
      description: 'In two sizes.',
      category: 'clothing',
      options: [{ name: 'Size', values: ['M', 'L'] }],
      variants: [
        { sku: `${tag}-M`, options: { Size: 'M' }, price: 1500, stock: 3 },
        { sku: `${tag}-L`, options: { Size: 'L' }, price: 1500, stock: 3 },
      ],
    }),
  );
  const medium = shirt.variants?.find((variant) => variant.options.Size === 'M')?.variantId as string;
  return { lamp: lamp.productId, shirt: shirt.productId, medium };
}

const returned = (
  lines: Array<{ productId: string; variantId: string; quantity: number }>,
  storeId = MAIN,
): EventEnvelope =>
  createEvent(
    returnReceived,
    {
      storeId,
      orderId: uniqueName('order'),
      userId: 'alice',
      returnId: uniqueName('return'),
      status: 'RECEIVED',
      lines: lines.map((line) => ({ ...line, name: 'Returned', refundAmount: 100 })),
      refundAmount: 100 * lines.length,
      currency: 'USD',
      updatedAt: new Date().toISOString(),
    },
    { source: 'orders', correlationId: 'checkout-x' },
  );

const deliver = (...events: EventEnvelope[]) =>
  handleStockRequests(
    { Records: events.map((event) => sqsRecord(event)) } as SQSEvent,
    lambdaContext('handleStockRequests'),
  );

describe('restocking a received return', () => {
  it("puts each line's units back into its variant's stock, once however often the event comes", async () => {
    const { lamp, shirt, medium } = await catalogOfTwo();
    const event = returned([
      { productId: lamp, variantId: lamp, quantity: 1 },
      { productId: shirt, variantId: medium, quantity: 2 },
    ]);

    const first = await deliver(event);
    // Redelivered, relayed again by the outbox, and two copies at once.
    await deliver(event);
    await Promise.all([deliver(event), deliver({ ...event, id: crypto.randomUUID() })]);

    expect(first.batchItemFailures).toEqual([]);
    expect([await stockOf(lamp), await stockOf(medium)]).toEqual([3, 5]);
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: tables.reservations,
        Key: { orderId: restockKey((event.data as { returnId: string }).returnId) },
      }),
    );
    expect(Item).toMatchObject({ kind: 'RETURN', storeId: MAIN, restockedAt: expect.any(String) });
  });

  it("restocks nothing of another store's product, and the rest of the return still goes back", async () => {
    const { lamp, shirt, medium } = await catalogOfTwo();

    const answer = await deliver(
      returned(
        [
          { productId: lamp, variantId: lamp, quantity: 1 },
          { productId: shirt, variantId: medium, quantity: 1 },
        ],
        BERLIN,
      ),
    );
    const unknown = await deliver(
      returned([
        { productId: 'p-gone', variantId: 'p-gone', quantity: 1 },
        { productId: lamp, variantId: lamp, quantity: 1 },
      ]),
    );

    expect(answer.batchItemFailures).toEqual([]);
    expect(unknown.batchItemFailures).toEqual([]);
    expect([await stockOf(lamp), await stockOf(medium), await stockOf('p-gone')]).toEqual([3, 3, undefined]);
  });
});
