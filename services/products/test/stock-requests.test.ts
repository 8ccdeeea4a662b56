import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import {
  MAX_RESERVATION_LINES,
  type ReservationLine,
  type StockLine,
  stockReleaseRequested,
  stockReservationRequested,
} from '@shop/contracts';
import { createEvent, type EventEnvelope, recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { lambdaContext, sqsRecord, topicWithListener, uniqueName, useEmulator } from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStockReservations } from '../src/adapters/dynamo-stock-reservations.ts';
import type { ProductCatalog } from '../src/domain/catalog-page.ts';
import {
  catalogOn,
  createTables,
  drain,
  MAIN,
  mainStore,
  serviceEnvironment,
  type Tables,
} from './support.ts';

let tables: Tables;
let queueUrl: string;
let catalog: ProductCatalog;
let handleStockRequests: typeof import('../src/handlers/stock/requests.ts').handler;

beforeAll(async () => {
  useEmulator();
  const [created, topic] = await Promise.all([createTables(), topicWithListener('product-events')]);
  tables = created;
  queueUrl = topic.listenerUrl;
  serviceEnvironment(tables, topic.topicArn);
  const client = documentClient();
  const outbox = transactionalOutbox({
    tableName: tables.outbox,
    client,
    publisher: recordingEventPublisher(),
  });
  catalog = catalogOn(tables, client, outbox);
  handleStockRequests = (await import('../src/handlers/stock/requests.ts')).handler;
});

async function productWithStock(stock: number): Promise<string> {
  const created = await catalog.create(mainStore, {
    name: 'Last Units Lamp',
    description: 'Few left.',
    category: 'lighting',
    price: 1000,
    currency: 'USD',
    stock,
  });
  return created.productId;
}

/** The stock as stored, deleted products included. */
async function stockOf(productId: string): Promise<number> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tables.products, Key: { productId }, ConsistentRead: true }),
  );
  return Item?.stock as number;
}

const reserveRequest = (orderId: string, lines: ReservationLine[], currency?: string) =>
  createEvent(
    stockReservationRequested,
    { orderId, lines, ...(currency ? { currency } : {}) },
    { source: 'orders', correlationId: orderId },
  );
const releaseRequest = (orderId: string) =>
  createEvent(
    stockReleaseRequested,
    { orderId, reason: 'CANCELLED' },
    { source: 'orders', correlationId: orderId },
  );

/** Delivers messages to the consumer as one SQS batch, as Lambda would. */
async function deliver(...messages: Array<EventEnvelope | string>) {
  const event = { Records: messages.map((message) => sqsRecord(message)) } as SQSEvent;
  return handleStockRequests(event, lambdaContext('handleStockRequests'));
}

/** The replies published for one order, in publication order. */
async function repliesFor(orderId: string, published: EventEnvelope[]) {
  return published.filter((event) => (event.data as { orderId?: string }).orderId === orderId);
}

describe('reserving stock for an order', () => {
  it('takes every line from stock in one go and replies StockReserved, merging lines of one product', async () => {
    const [lamp, shade] = [await productWithStock(5), await productWithStock(3)];
    const orderId = uniqueName('order');
    await drain(queueUrl);

    const answer = await deliver(
      reserveRequest(orderId, [
        { productId: lamp, quantity: 2 },
        { productId: shade, quantity: 3 },
        { productId: lamp, quantity: 1 },
      ]),
    );

    expect(answer.batchItemFailures).toEqual([]);
    expect([await stockOf(lamp), await stockOf(shade)]).toEqual([2, 0]);
    const replies = await repliesFor(orderId, await drain(queueUrl));
    expect(replies).toEqual([
      expect.objectContaining({
        type: 'StockReserved',
        source: 'products',
        correlationId: orderId,
        data: {
          orderId,
          storeId: MAIN,
          lines: [
            { productId: lamp, quantity: 3 },
            { productId: shade, quantity: 3 },
          ],
        },
      }),
    ]);
  });

  it('reserves nothing when one line is short, naming the short lines with what is available', async () => {
    const [plenty, scarce] = [await productWithStock(10), await productWithStock(1)];
    const orderId = uniqueName('order');
    await drain(queueUrl);

    await deliver(
      reserveRequest(orderId, [
        { productId: plenty, quantity: 4 },
        { productId: scarce, quantity: 2 },
        { productId: 'p-unknown', quantity: 1 },
      ]),
    );

    expect([await stockOf(plenty), await stockOf(scarce)]).toEqual([10, 1]);
    const [reply] = await repliesFor(orderId, await drain(queueUrl));
    expect(reply).toMatchObject({
      type: 'StockReservationFailed',
      data: {
        orderId,
        storeId: MAIN,
        reason: 'OUT_OF_STOCK',
        shortLines: [
          { productId: scarce, requested: 2, available: 1 },
          { productId: 'p-unknown', requested: 1, available: 0 },
        ],
      },
    });
  });

  it('changes stock once for a redelivered request, and once for a second request of the same order', async () => {
    const lamp = await productWithStock(5);
    const orderId = uniqueName('order');
    const request = reserveRequest(orderId, [{ productId: lamp, quantity: 2 }]);
    await drain(queueUrl);

    await deliver(request);
    await deliver(request);
    await deliver(request, request);
    await deliver(reserveRequest(orderId, [{ productId: lamp, quantity: 2 }]));

    expect(await stockOf(lamp)).toBe(3);
    // A repeat is answered again (no idempotency table: the record is the guard), always under the reply
    // id derived from the request's: consumers, which drop seen ids, take one reply per request.
    const replies = await repliesFor(orderId, await drain(queueUrl));
    expect(replies.map((reply) => reply.type)).toEqual(Array(5).fill('StockReserved'));
    expect(new Set(replies.map((reply) => reply.id)).size).toBe(2);
  });

  it('refuses an order with more distinct products than one transaction holds, reserving nothing', async () => {
    const lamp = await productWithStock(5);
    const orderId = uniqueName('order');
    const lines = [
      { productId: lamp, quantity: 1 },
      ...Array.from({ length: MAX_RESERVATION_LINES }, (_, index) => ({
        productId: `p-many-${index}`,
        quantity: 1,
      })),
    ];
    await drain(queueUrl);

    await deliver(reserveRequest(orderId, lines));

    expect(await stockOf(lamp)).toBe(5);
    const [reply] = await repliesFor(orderId, await drain(queueUrl));
    expect(reply).toMatchObject({
      type: 'StockReservationFailed',
      data: { orderId, storeId: MAIN, reason: 'TOO_MANY_LINES', shortLines: [] },
    });
  });

  it('reports a malformed message as a batch item failure and handles the rest of the batch', async () => {
    const lamp = await productWithStock(5);
    const event = {
      Records: [
        sqsRecord('{"not":"an event"}', { messageId: 'bad-one' }),
        sqsRecord(reserveRequest(uniqueName('order'), [{ productId: lamp, quantity: 1 }])),
      ],
    } as SQSEvent;
    const answer = await handleStockRequests(event, lambdaContext('handleStockRequests'));
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'bad-one' }]);
    expect(await stockOf(lamp)).toBe(4);
  });
});

describe('reserving at the price the customer saw', () => {
  /** A product at 1000 USD whose admin then changed the price, as a stale cart would not know yet. */
  async function repricedProduct(stock: number, newPrice: number) {
    const productId = await productWithStock(stock);
    const changed = await catalog.update(MAIN, productId, { price: newPrice });
    return { productId, price: changed.price };
  }

  it('reserves a line quoted at the catalog price and proves that price in StockReserved', async () => {
    const lamp = await productWithStock(5);
    const orderId = uniqueName('order');
    await drain(queueUrl);

    await deliver(reserveRequest(orderId, [{ productId: lamp, quantity: 2, unitPrice: 1000 }], 'USD'));

    expect(await stockOf(lamp)).toBe(3);
    const [reply] = await repliesFor(orderId, await drain(queueUrl));
    expect(reply).toMatchObject({
      type: 'StockReserved',
      data: {
        orderId,
        storeId: MAIN,
        lines: [{ productId: lamp, quantity: 2, unitPrice: 1000 }],
        currency: 'USD',
      },
    });
  });

  it('takes no stock when the price changed between cart and reservation, answering PRICE_CHANGED with the catalog price and revision', async () => {
    const lamp = await repricedProduct(5, 1250);
    const other = await productWithStock(5);
    const orderId = uniqueName('order');
    await drain(queueUrl);

    await deliver(
      reserveRequest(
        orderId,
        [
          { productId: other, quantity: 1, unitPrice: 1000 },
          { productId: lamp.productId, quantity: 2, unitPrice: 1000 },
        ],
        'USD',
      ),
    );

    expect([await stockOf(lamp.productId), await stockOf(other)]).toEqual([5, 5]);
    const [reply] = await repliesFor(orderId, await drain(queueUrl));
    expect(reply).toMatchObject({
      type: 'StockReservationFailed',
      data: {
        orderId,
        storeId: MAIN,
        reason: 'PRICE_CHANGED',
        shortLines: [],
        changedPrices: [
          {
            productId: lamp.productId,
            orderedUnitPrice: 1000,
            unitPrice: 1250,
            currency: 'USD',
            revision: 2,
          },
        ],
      },
    });
    // Refused for good: a redelivery or a second request of the order does not take the stock either.
    await deliver(
      reserveRequest(orderId, [{ productId: lamp.productId, quantity: 2, unitPrice: 1000 }], 'USD'),
    );
    expect(await stockOf(lamp.productId)).toBe(5);
  });

  it('refuses an order in another currency than the catalog now sells the product in', async () => {
    const lamp = await productWithStock(5);
    await catalog.update(MAIN, lamp, { currency: 'EUR' });
    const orderId = uniqueName('order');
    await drain(queueUrl);

    await deliver(reserveRequest(orderId, [{ productId: lamp, quantity: 1, unitPrice: 1000 }], 'USD'));

    expect(await stockOf(lamp)).toBe(5);
    const [reply] = await repliesFor(orderId, await drain(queueUrl));
    expect(reply?.data).toMatchObject({
      reason: 'PRICE_CHANGED',
      changedPrices: [{ productId: lamp, unitPrice: 1000, currency: 'EUR' }],
    });
  });

  it('answers OUT_OF_STOCK when the units are missing, whatever the price', async () => {
    const lamp = await repricedProduct(1, 1100);
    const orderId = uniqueName('order');
    await drain(queueUrl);

    await deliver(
      reserveRequest(orderId, [{ productId: lamp.productId, quantity: 3, unitPrice: 1000 }], 'USD'),
    );

    const [reply] = await repliesFor(orderId, await drain(queueUrl));
    expect(reply?.data).toMatchObject({
      reason: 'OUT_OF_STOCK',
      shortLines: [{ productId: lamp.productId, requested: 3, available: 1 }],
      changedPrices: [{ productId: lamp.productId, unitPrice: 1100 }],
    });
    expect(await stockOf(lamp.productId)).toBe(1);
  });

  it('still reserves a request without prices (sent before prices were) by stock alone', async () => {
    const lamp = await repricedProduct(4, 1500);
    const orderId = uniqueName('order');
    await drain(queueUrl);

    await deliver(reserveRequest(orderId, [{ productId: lamp.productId, quantity: 1 }]));

    expect(await stockOf(lamp.productId)).toBe(3);
    const [reply] = await repliesFor(orderId, await drain(queueUrl));
    expect(reply?.data).toEqual({
      orderId,
      storeId: MAIN,
      lines: [{ productId: lamp.productId, quantity: 1 }],
    });
  });
});

describe('a reply whose publish failed after the commit', () => {
  it('goes out when the request is redelivered, under the same id, with the stock taken once', async () => {
    const client = documentClient();
    const recorder = recordingEventPublisher();
    let failNext = true;
    const reservations = dynamoStockReservations({
      productsTable: tables.products,
      reservationsTable: tables.reservations,
      client,
      outbox: transactionalOutbox({
        tableName: tables.outbox,
        client,
        publisher: {
          async publish(definition, event) {
            if (failNext) {
              failNext = false;
              throw new Error('SNS is down');
            }
            await recorder.publish(definition, event);
          },
        },
      }),
    });
    const lamp = await productWithStock(5);
    const request = reserveRequest(uniqueName('order'), [{ productId: lamp, quantity: 2 }]);

    await expect(reservations.reserve(request)).rejects.toThrow('SNS is down');
    expect(await stockOf(lamp)).toBe(3);
    const again = await reservations.reserve(request);

    expect(await stockOf(lamp)).toBe(3);
    expect(recorder.published).toEqual([again]);
    expect(again?.type).toBe('StockReserved');
  });
});

describe("releasing an order's stock", () => {
  it('gives the units back exactly once, however often the release comes', async () => {
    const lamp = await productWithStock(5);
    const orderId = uniqueName('order');
    await deliver(reserveRequest(orderId, [{ productId: lamp, quantity: 4 }]));
    await drain(queueUrl);
    const release = releaseRequest(orderId);

    await deliver(release);
    await deliver(release);
    await deliver(releaseRequest(orderId), releaseRequest(orderId));

    expect(await stockOf(lamp)).toBe(5);
    const replies = await repliesFor(orderId, await drain(queueUrl));
    expect(replies.map((reply) => reply.type)).toEqual(Array(4).fill('StockReleased'));
    // One reply id per request: the redelivered one is answered again under its first reply's id.
    expect(new Set(replies.map((reply) => reply.id)).size).toBe(3);
    expect(replies[0]?.data).toEqual({ orderId, storeId: MAIN, lines: [{ productId: lamp, quantity: 4 }] });
  });

  it('remembers a release that overtook its reservation, and refuses the late reservation', async () => {
    const lamp = await productWithStock(5);
    const orderId = uniqueName('order');
    await drain(queueUrl);

    await deliver(releaseRequest(orderId));
    await deliver(reserveRequest(orderId, [{ productId: lamp, quantity: 2 }]));

    expect(await stockOf(lamp)).toBe(5);
    const replies = await repliesFor(orderId, await drain(queueUrl));
    expect(replies).toEqual([
      expect.objectContaining({ type: 'StockReleased', data: { orderId, storeId: MAIN, lines: [] } }),
      expect.objectContaining({
        type: 'StockReservationFailed',
        data: { orderId, storeId: MAIN, reason: 'RELEASED', shortLines: [] },
      }),
    ]);
  });

  it('returns the units of a product deleted while they were reserved, without bringing it back', async () => {
    const lamp = await productWithStock(6);
    const orderId = uniqueName('order');
    await deliver(reserveRequest(orderId, [{ productId: lamp, quantity: 4 }]));
    await catalog.remove(MAIN, lamp);
    // A deleted product sells nothing more.
    await deliver(reserveRequest(uniqueName('order'), [{ productId: lamp, quantity: 1 }]));
    expect(await stockOf(lamp)).toBe(2);

    await deliver(releaseRequest(orderId));

    expect(await stockOf(lamp)).toBe(6);
    expect(await catalog.find(MAIN, lamp)).toBeUndefined();
  });
});

describe('racing reservations and releases', () => {
  it('never oversell: stock stays at or above zero and sold + available equals what was stocked', async () => {
    const client = documentClient();
    const outbox = transactionalOutbox({
      tableName: tables.outbox,
      client,
      publisher: recordingEventPublisher(),
    });
    const reservations = dynamoStockReservations({
      productsTable: tables.products,
      reservationsTable: tables.reservations,
      client,
      outbox,
    });
    const request = fc.record({
      order: fc.integer({ min: 0, max: 5 }),
      kind: fc.constantFrom('reserve', 'reserve', 'reserve', 'release'),
      quantity: fc.integer({ min: 1, max: 4 }),
      other: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(request, { minLength: 1, maxLength: 14 }),
        async (stocked, otherStocked, requests) => {
          const [product, other] = [await productWithStock(stocked), await productWithStock(otherStocked)];
          const orders = Array.from({ length: 6 }, () => uniqueName('race'));
          // All at once: each request is its own event, as separate SQS messages would be.
          const replies = await Promise.all(
            requests.map(({ order, kind, quantity, other: withOther }) => {
              const orderId = orders[order] as string;
              if (kind === 'release') return reservations.release(releaseRequest(orderId));
              const lines = [{ productId: product, quantity }];
              if (withOther) lines.push({ productId: other, quantity: 1 });
              return reservations.reserve(reserveRequest(orderId, lines));
            }),
          );
          const held = await Promise.all(
            orders.map(async (orderId) => {
              const { Item } = await client.send(
                new GetCommand({ TableName: tables.reservations, Key: { orderId }, ConsistentRead: true }),
              );
              return Item?.status === 'RESERVED' ? (Item.lines as StockLine[]) : [];
            }),
          );
          const sold = (productId: string) =>
            held.flat().reduce((sum, line) => sum + (line.productId === productId ? line.quantity : 0), 0);
          const [available, otherAvailable] = [await stockOf(product), await stockOf(other)];

          expect(available).toBeGreaterThanOrEqual(0);
          expect(otherAvailable).toBeGreaterThanOrEqual(0);
          expect(sold(product) + available).toBe(stocked);
          expect(sold(other) + otherAvailable).toBe(otherStocked);
          // Every request was answered, and each held order was told StockReserved.
          expect(replies.every((reply) => reply !== undefined)).toBe(true);
          for (const [index, lines] of held.entries()) {
            if (lines.length === 0) continue;
            const orderId = orders[index] as string;
            expect(
              replies.some(
                (reply) =>
                  reply?.type === 'StockReserved' && (reply.data as { orderId: string }).orderId === orderId,
              ),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
