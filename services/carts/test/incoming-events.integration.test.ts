import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import {
  ORDERS_SOURCE,
  type OrderSnapshot,
  orderCancelled,
  orderConfirmed,
  orderPlaced,
  orderRejected,
  orderShipped,
  productChanged,
  stockReserved,
} from '@shop/contracts';
import { createEvent, type EventDefinition, type EventEnvelope, snsEventPublisher } from '@shop/events';
import { lambdaContext, receiveMessages, sqsRecord, uniqueName, useEmulator } from '@shop/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Carts, dynamoCarts } from '../src/adapters/dynamo-carts.ts';
import { dynamoProductReadModel, type ProductReadModel } from '../src/adapters/dynamo-product-read-model.ts';
import { newProductId, productChangedEvent } from './products.ts';
import { checkoutRequestsQueue, createTables, incomingEvents, serviceEnvironment } from './support.ts';

// The consumer as Lambda runs it, fed from the service's own queue, which SNS fills through the
// subscriptions (and filter policies) that serverless.yml declares.
let queues: Awaited<ReturnType<typeof incomingEvents>>;
let consume: typeof import('../src/handlers/events/consume.ts').handler;
let carts: Carts;
let products: ProductReadModel;
let cartsTable: string;

beforeAll(async () => {
  useEmulator();
  const [tables, incoming, checkoutQueue] = await Promise.all([
    createTables(),
    incomingEvents(),
    checkoutRequestsQueue(),
  ]);
  queues = incoming;
  cartsTable = tables.carts;
  serviceEnvironment(tables, checkoutQueue);
  const client = documentClient();
  products = dynamoProductReadModel({ tableName: tables.productViews, client });
  carts = dynamoCarts({ tableName: tables.carts, client, products });
  consume = (await import('../src/handlers/events/consume.ts')).handler;
});

const handle = (records: SQSRecord[]) =>
  consume({ Records: records } as SQSEvent, lambdaContext('consumeEvents'));
const deliver = (...events: Array<EventEnvelope | string>) => handle(events.map((event) => sqsRecord(event)));

/** Publishes events as their producers do: to their SNS topic with the `type` attribute. */
async function publish(
  topicArn: string,
  ...events: Array<{ definition: EventDefinition; event: EventEnvelope }>
) {
  const publisher = snsEventPublisher({ topicArn });
  for (const { definition, event } of events) await publisher.publish(definition, event as never);
}

const snapshot = (
  orderId: string,
  userId: string,
  status: OrderSnapshot['status'] = 'CONFIRMED',
): OrderSnapshot => ({
  orderId,
  userId,
  status,
  items: [],
  total: 0,
  currency: 'USD',
  updatedAt: new Date().toISOString(),
  ...(status === 'REJECTED' ? { reason: 'PAYMENT_DECLINED' } : {}),
});
const confirmed = (orderId: string, userId: string) =>
  createEvent(orderConfirmed, snapshot(orderId, userId), { source: ORDERS_SOURCE });

const shippingAddress = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

/** A customer's cart with 2 lamps and 1 shade, checked out; answers the order id. */
async function checkedOutCart() {
  const userId = uniqueName('user');
  const [lamp, shade] = [
    productChangedEvent(newProductId()),
    productChangedEvent(newProductId(), { price: 500 }),
  ];
  expect((await deliver(lamp, shade)).batchItemFailures).toEqual([]);
  await carts.setQuantity({ userId, storeId: 'main' }, lamp.data.productId, 2);
  await carts.setQuantity({ userId, storeId: 'main' }, shade.data.productId, 1);
  const { orderId } = await carts.checkout(
    { userId, storeId: 'main' },
    uniqueName('key'),
    { shippingAddress, paymentMethod: 'card_ok' },
    'corr',
  );
  return { userId, orderId, lamp: lamp.data.productId, shade: shade.data.productId };
}

/** The orders the cart counts as open (confirmed, not yet shipped or cancelled), as stored. */
const openOrderIds = async (userId: string) => {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: cartsTable, Key: { userId, sk: 'CART' }, ConsistentRead: true }),
  );
  return ((Item?.openOrders ?? []) as Array<{ orderId: string }>).map((order) => order.orderId);
};

const quantities = async (userId: string) =>
  Object.fromEntries(
    (await carts.view({ userId, storeId: 'main' })).items.map((item) => [item.productId, item.quantity]),
  );

describe('the incoming-events queue', () => {
  it('receives ProductChanged and order outcomes, and nothing else the two topics carry', async () => {
    const productId = newProductId();
    const orderId = uniqueName('order');
    await receiveMessages(queues.queueUrl);

    await publish(
      queues.productEventsTopicArn,
      {
        definition: stockReserved,
        event: createEvent(stockReserved, { orderId, lines: [] }, { source: 'products' }),
      },
      { definition: productChanged, event: productChangedEvent(productId) },
    );
    await publish(
      queues.orderEventsTopicArn,
      {
        definition: orderPlaced,
        event: createEvent(orderPlaced, snapshot(orderId, 'u', 'PENDING'), { source: 'orders' }),
      },
      {
        definition: orderShipped,
        event: createEvent(orderShipped, snapshot(orderId, 'u', 'SHIPPED'), { source: 'orders' }),
      },
      { definition: orderConfirmed, event: confirmed(orderId, 'u') },
      {
        definition: orderRejected,
        event: createEvent(orderRejected, snapshot(orderId, 'u', 'REJECTED'), { source: 'orders' }),
      },
    );

    const received = await receiveMessages(queues.queueUrl);
    expect(received.map((message) => (JSON.parse(message.body) as EventEnvelope).type).sort()).toEqual([
      'OrderConfirmed',
      'OrderRejected',
      'OrderShipped',
      'ProductChanged',
    ]);
    // Raw delivery: the body is the envelope itself, as the consumer reads it.
    const answer = await handle(
      received.map((message) => sqsRecord(message.body, { messageId: message.messageId })),
    );
    expect(answer.batchItemFailures).toEqual([]);
    expect(await products.find('main', productId)).toMatchObject({ productId, unitPrice: 4999, revision: 1 });
  });
});

describe('the products read model', () => {
  it('keeps the newest revision when an older one arrives after it', async () => {
    const productId = newProductId();

    await deliver(productChangedEvent(productId, { price: 700, name: 'Newer', revision: 2 }));
    await deliver(productChangedEvent(productId, { price: 500, name: 'Older', revision: 1 }));

    expect(await products.find('main', productId)).toEqual({
      productId,
      storeId: 'main',
      name: 'Newer',
      unitPrice: 700,
      currency: 'USD',
      revision: 2,
    });
  });

  it('drops a deleted product, and an older revision arriving late does not bring it back', async () => {
    const productId = newProductId();
    await deliver(productChangedEvent(productId, { revision: 1 }));

    await deliver(productChangedEvent(productId, { deleted: true, revision: 3 }));
    await deliver(productChangedEvent(productId, { revision: 2 }));

    expect(await products.find('main', productId)).toBeUndefined();
    await expect(
      carts.setQuantity({ userId: uniqueName('user'), storeId: 'main' }, productId, 1),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('order outcomes', () => {
  it('take what was checked out out of the cart once the order is confirmed, once however often it comes', async () => {
    const { userId, orderId, lamp } = await checkedOutCart();
    const event = confirmed(orderId, userId);

    const first = await deliver(event);
    // The customer fills the cart again; a redelivery, or the event published twice, must not touch it.
    await carts.setQuantity({ userId, storeId: 'main' }, lamp, 4);
    const again = await deliver(event);
    const republished = await deliver(confirmed(orderId, userId));

    expect([first, again, republished].map((answer) => answer.batchItemFailures)).toEqual([[], [], []]);
    expect(await quantities(userId)).toEqual({ [lamp]: 4 });
  });

  it('keep what the customer added after checking out', async () => {
    const { userId, orderId, lamp, shade } = await checkedOutCart();
    await carts.setQuantity({ userId, storeId: 'main' }, lamp, 3);

    await deliver(confirmed(orderId, userId));

    expect(await quantities(userId)).toEqual({ [lamp]: 1 });
    expect(await quantities(userId)).not.toHaveProperty(shade);
  });

  it('keep the cart when the order is rejected, and a later confirmation of it changes nothing', async () => {
    const { userId, orderId, lamp, shade } = await checkedOutCart();

    await deliver(
      createEvent(orderRejected, snapshot(orderId, userId, 'REJECTED'), { source: ORDERS_SOURCE }),
    );
    await deliver(confirmed(orderId, userId));

    expect(await quantities(userId)).toEqual({ [lamp]: 2, [shade]: 1 });
  });

  it('keep a confirmed order open until it ships, and never reopen it however late or often its events come', async () => {
    const { userId, orderId } = await checkedOutCart();
    const shipped = createEvent(orderShipped, snapshot(orderId, userId, 'SHIPPED'), {
      source: ORDERS_SOURCE,
    });

    await deliver(confirmed(orderId, userId));
    expect(await openOrderIds(userId)).toEqual([orderId]);
    await deliver(shipped);
    await deliver(confirmed(orderId, userId), shipped, confirmed(orderId, userId));

    expect(await openOrderIds(userId)).toEqual([]);
  });

  it('take a shipped order out of the cart when its confirmation comes after the shipment, and keep it closed', async () => {
    const { userId, orderId } = await checkedOutCart();

    await deliver(createEvent(orderShipped, snapshot(orderId, userId, 'SHIPPED'), { source: ORDERS_SOURCE }));
    await deliver(confirmed(orderId, userId));

    expect(await quantities(userId)).toEqual({});
    expect(await openOrderIds(userId)).toEqual([]);
  });

  it('close an open order when it is cancelled after its confirmation', async () => {
    const { userId, orderId } = await checkedOutCart();
    await deliver(confirmed(orderId, userId));

    await deliver(
      createEvent(orderCancelled, snapshot(orderId, userId, 'CANCELLED'), { source: ORDERS_SOURCE }),
    );

    expect(await openOrderIds(userId)).toEqual([]);
  });

  it('change nothing for an order this service never checked out', async () => {
    const { userId, lamp, shade } = await checkedOutCart();

    const answer = await deliver(confirmed(uniqueName('order'), userId));

    expect(answer.batchItemFailures).toEqual([]);
    expect(await quantities(userId)).toEqual({ [lamp]: 2, [shade]: 1 });
  });
});

describe('a malformed message', () => {
  it('is reported as a batch item failure while the rest of the batch is processed', async () => {
    const productId = newProductId();
    const records = [
      sqsRecord('{ not json', { messageId: 'bad-json' }),
      sqsRecord(productChangedEvent(productId), { messageId: 'good' }),
      sqsRecord(JSON.stringify({ ...productChangedEvent(newProductId()), data: { price: -1 } }), {
        messageId: 'bad-data',
      }),
      sqsRecord(
        JSON.stringify(createEvent(stockReserved, { orderId: 'o', lines: [] }, { source: 'products' })),
        { messageId: 'unknown-type' },
      ),
    ];

    const answer = await handle(records);

    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'bad-data',
      'bad-json',
      'unknown-type',
    ]);
    expect(await products.find('main', productId)).toMatchObject({ productId });
  });

  it('ends in the dead-letter queue after 5 receives', async () => {
    const sqs = new SQSClient({});
    await receiveMessages(queues.queueUrl);
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: 'not an event' }));

    // Lambda's poller: receive, report the failure, let the message become visible again.
    for (let receive = 1; receive <= 6; receive += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queues.queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
        }),
      );
      if (Messages.length === 0) break;
      const answer = await handle(
        Messages.map((message) => sqsRecord(message.Body as string, { messageId: message.MessageId })),
      );
      expect(answer.batchItemFailures).toHaveLength(1);
    }

    const deadLetters = await receiveMessages(queues.deadLetterQueueUrl);
    expect(deadLetters.map((message) => message.body)).toEqual(['not an event']);
  });
});

describe('an abandoned cart', () => {
  const stored = async (userId: string) =>
    (await documentClient().send(new GetCommand({ TableName: cartsTable, Key: { userId, sk: 'CART' } })))
      .Item;

  it('expires 30 days after its last change', async () => {
    const userId = uniqueName('user');
    const lamp = productChangedEvent(newProductId());
    await deliver(lamp);

    await carts.setQuantity({ userId, storeId: 'main' }, lamp.data.productId, 1);

    const expiresIn = ((await stored(userId))?.expiresAt as number) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(30 * 24 * 3600 - 60);
    expect(expiresIn).toBeLessThanOrEqual(30 * 24 * 3600);
  });

  it('reads as empty once expired, before DynamoDB gets round to deleting it, and can be filled again', async () => {
    const userId = uniqueName('user');
    const lamp = productChangedEvent(newProductId());
    await deliver(lamp);
    await carts.setQuantity({ userId, storeId: 'main' }, lamp.data.productId, 2);
    await documentClient().send(
      new UpdateCommand({
        TableName: cartsTable,
        Key: { userId, sk: 'CART' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );

    expect((await carts.view({ userId, storeId: 'main' })).items).toEqual([]);
    await carts.setQuantity({ userId, storeId: 'main' }, lamp.data.productId, 1);
    expect(await quantities(userId)).toEqual({ [lamp.data.productId]: 1 });
  });
});
