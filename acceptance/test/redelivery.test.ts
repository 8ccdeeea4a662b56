// Issue 6: every event of two checkouts delivered three more times, shuffled (so out of order too):
// still one order each, one reservation (and one release), one email per event.
//
// How the copies are made: the test's own queue, subscribed to the order-events and product-events
// topics, receives every fact the two checkouts caused, byte for byte; each CheckoutRequested is read
// off its checkout record in the carts table (the record carries it to the stream relay). Each is sent
// again exactly as the shop's publishers do (same body, same `type`/`version`/`source` attributes) to
// where the shop sends it (docs/order-flow.md): requests for work straight to the worker's queue,
// facts to the producer's SNS topic, whose filtered subscriptions fan them out. The stock requests
// travel queue to queue only; their repeats are what repeated CheckoutRequested and StockReserved
// cause (a consumer that finds its change made sends its events again, under the same ids).
import { randomInt, randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { expect, it } from 'vitest';
import { ADDRESS, countByType, poll, type SignedInUser, shopClient } from '../src/client.ts';
import { deadLetterDepths, emulator, eventTap, waitForQuiet } from '../src/emulator.ts';
import { output, shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

interface Envelope {
  id: string;
  type: string;
  version: number;
  source: string;
  correlationId: string;
  data: { orderId?: string };
}

/** Where the shop sends each event (docs/order-flow.md): a queue URL or a topic ARN. */
function destinationOf(envelope: Envelope): { queueUrl: string } | { topicArn: string } {
  switch (envelope.type) {
    case 'CheckoutRequested':
      return { queueUrl: output(shop, 'orders', 'CheckoutRequestsQueueUrl') };
    case 'StockReservationRequested':
    case 'StockReleaseRequested':
      return { queueUrl: output(shop, 'products', 'StockRequestsQueueUrl') };
  }
  const topics: Record<string, string> = {
    orders: output(shop, 'orders', 'OrderEventsTopicArn'),
    products: output(shop, 'products', 'ProductEventsTopicArn'),
  };
  const topicArn = topics[envelope.source];
  if (!topicArn) throw new Error(`no destination known for ${envelope.type} from ${envelope.source}`);
  return { topicArn };
}

async function deliver(envelope: Envelope): Promise<void> {
  const body = JSON.stringify(envelope);
  const attributes = {
    type: { DataType: 'String', StringValue: envelope.type },
    version: { DataType: 'Number', StringValue: String(envelope.version) },
    source: { DataType: 'String', StringValue: envelope.source },
  };
  const destination = destinationOf(envelope);
  if ('queueUrl' in destination)
    await aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: destination.queueUrl,
        MessageBody: body,
        MessageAttributes: attributes,
      }),
    );
  else
    await aws.sns.send(
      new PublishCommand({ TopicArn: destination.topicArn, Message: body, MessageAttributes: attributes }),
    );
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

it('applies each event once when every event of two checkouts arrives three more times, shuffled', async () => {
  const admin = await api.admin();
  const happy = await api.newCustomer('thrice');
  const declined = await api.newCustomer('thrice-declined');
  const product = await api.newProduct(admin.accessToken, { stock: 30, price: 999 }, happy.accessToken);
  const tap = await eventTap(aws, [
    output(shop, 'orders', 'OrderEventsTopicArn'),
    output(shop, 'products', 'ProductEventsTopicArn'),
  ]);
  const place = async (user: SignedInUser, paymentMethod: string) => {
    expect(
      (
        await api.request('PUT', `/cart/items/${product.productId}`, {
          token: user.accessToken,
          body: { quantity: 2 },
        })
      ).status,
    ).toBe(200);
    const accepted = await api.request('POST', '/cart/checkout', {
      token: user.accessToken,
      body: { shippingAddress: ADDRESS, paymentMethod },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(accepted.status).toBe(202);
    return api.settledOrder(accepted.body.orderId, user.accessToken);
  };
  const confirmed = await place(happy, 'card_ok');
  const rejected = await place(declined, 'card_declined');
  expect(confirmed.status).toBe('CONFIRMED');
  expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
  await poll(
    'both emails',
    async () => [
      countByType((await api.request('GET', '/notifications', { token: happy.accessToken })).body.items),
      countByType((await api.request('GET', '/notifications', { token: declined.accessToken })).body.items),
    ],
    ([a, b]) => a?.ORDER_CONFIRMED === 1 && b?.ORDER_REJECTED === 1,
  );
  await waitForQuiet(aws.sqs);
  // Something added after the confirmation must survive a repeated OrderConfirmed.
  await api.request('PUT', `/cart/items/${product.productId}`, {
    token: happy.accessToken,
    body: { quantity: 1 },
  });

  const snapshot = async () => ({
    stock: (await api.request('GET', `/products/${product.productId}`)).body.stock,
    happyOrders: (await api.request('GET', '/orders', { token: happy.accessToken })).body.items,
    declinedOrders: (await api.request('GET', '/orders', { token: declined.accessToken })).body.items,
    happyCart: (await api.request('GET', '/cart', { token: happy.accessToken })).body,
    declinedCart: (await api.request('GET', '/cart', { token: declined.accessToken })).body,
    happyMail: countByType(
      (await api.request('GET', '/notifications', { token: happy.accessToken })).body.items,
    ),
    declinedMail: countByType(
      (await api.request('GET', '/notifications', { token: declined.accessToken })).body.items,
    ),
  });
  const before = await snapshot();
  expect(before.stock).toBe(30 - 2);
  expect(before.happyMail).toEqual({ WELCOME: 1, ORDER_CONFIRMED: 1 });
  expect(before.declinedMail).toEqual({ WELCOME: 1, ORDER_REJECTED: 1 });

  // Every envelope the two checkouts caused: the checkout requests off their records, the facts off the tap.
  const records = await aws.scan<{ sk: string; event?: string }>(output(shop, 'carts', 'CartsTableName'));
  const requests = records
    .filter((item) => item.sk.startsWith('CHECKOUT#') && item.event)
    .map((item) => JSON.parse(item.event as string) as Envelope);
  const published = await tap.read<Envelope>();
  const orderIds = new Set([confirmed.orderId, rejected.orderId]);
  // Every saga message names its order in `data.orderId`; a fact published twice is taken once.
  const caused = [...requests, ...published]
    .filter((envelope) => orderIds.has(envelope.data.orderId as string))
    .filter((envelope, index, all) => all.findIndex((other) => other.id === envelope.id) === index);
  const checkouts = caused.filter((envelope) => envelope.type === 'CheckoutRequested');
  expect(checkouts).toHaveLength(2);
  console.log(
    `acceptance: correlation ids of the two checkouts: ${checkouts.map((e) => e.correlationId).join(', ')}`,
  );
  const types = caused.map((envelope) => envelope.type);
  // The whole saga is there: both checkouts, both reservations, the confirmation, the rejection and its release.
  expect(types).toEqual(
    expect.arrayContaining([
      'CheckoutRequested',
      'OrderPlaced',
      'StockReserved',
      'OrderConfirmed',
      'OrderRejected',
      'StockReleased',
    ]),
  );

  const copies = shuffled(caused.flatMap((envelope) => [envelope, envelope, envelope]));
  console.log(
    `acceptance: re-delivering ${copies.length} copies of ${caused.length} events: ${copies.map((e) => e.type).join(', ')}`,
  );
  const deadLettersBefore = await deadLetterDepths(aws.sqs);
  for (const envelope of copies) await deliver(envelope);
  await waitForQuiet(aws.sqs, 60_000);

  const after = await snapshot();
  expect(after).toEqual(before);
  expect(after.happyOrders).toHaveLength(1);
  expect(after.declinedOrders).toHaveLength(1);
  expect(await deadLetterDepths(aws.sqs)).toEqual(deadLettersBefore);
});
