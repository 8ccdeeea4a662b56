// Issue 6: a crash between a state change and its publish; the event still goes out.
//
// The honest black-box fault: the destination is gone at the moment of the publish. The orders'
// checkout-requests queue is deleted in the emulator, then a checkout is made: carts commits the
// cart, the idempotency record and the CheckoutRequested outbox entry in one transaction, and its
// publish right after the commit fails. For the outbox that is the same state a crash right after
// the commit leaves (the entry is still pending, nobody will publish it in-line); what must publish
// it is the relay. Two seconds later the queue is back (same name, URL and attributes, as after an
// outage), and the order must appear and be confirmed, once. Killing the carts process at exactly
// that instant cannot be timed from outside; failing the publish can.
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import { expect, it } from 'vitest';
import { ADDRESS, type Answer, countByType, poll, shopClient, sleep } from '../src/client.ts';
import { emulator, waitForQuiet } from '../src/emulator.ts';
import { output, shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

it('delivers CheckoutRequested through the outbox relay when the publish after the commit failed', async () => {
  const admin = await api.admin();
  const customer = await api.newCustomer('outbox');
  const product = await api.newProduct(admin.accessToken, { stock: 10, price: 555 }, customer.accessToken);
  expect(
    (
      await api.request('PUT', `/cart/items/${product.productId}`, {
        token: customer.accessToken,
        body: { quantity: 2 },
      })
    ).status,
  ).toBe(200);

  const queueUrl = output(shop, 'orders', 'CheckoutRequestsQueueUrl');
  const { Attributes = {} } = await aws.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  const settable: QueueAttributeName[] = [
    'VisibilityTimeout',
    'MessageRetentionPeriod',
    'RedrivePolicy',
    'Policy',
    'SqsManagedSseEnabled',
    'DelaySeconds',
    'MaximumMessageSize',
    'ReceiveMessageWaitTimeSeconds',
  ];
  const attributes = Object.fromEntries(
    settable
      .filter((name) => Attributes[name] !== undefined)
      .map((name) => [name, Attributes[name] as string]),
  );
  const queueName = queueUrl.split('/').pop() as string;

  let answer: Answer<{ orderId: string }>;
  await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  try {
    answer = await api.request('POST', '/cart/checkout', {
      token: customer.accessToken,
      body: { shippingAddress: ADDRESS },
      headers: { 'idempotency-key': randomUUID() },
    });
    // The checkout committed: the customer gets their order id although the send failed.
    expect(answer.status).toBe(202);
    // While the destination is gone the order cannot exist yet.
    expect(
      (await api.request('GET', `/orders/${answer.body.orderId}`, { token: customer.accessToken })).status,
    ).toBe(404);
    await sleep(1_000);
  } finally {
    const recreated = await aws.sqs.send(
      new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
    );
    expect(recreated.QueueUrl).toBe(queueUrl);
  }

  const order = await api.settledOrder(answer.body.orderId, customer.accessToken, 30_000);
  expect(order).toMatchObject({ status: 'CONFIRMED', total: 2 * 555 });
  await poll(
    'the ORDER_CONFIRMED email',
    () => api.request('GET', '/notifications', { token: customer.accessToken }),
    (mail) => mail.body.items.some((item: { type: string }) => item.type === 'ORDER_CONFIRMED'),
  );
  await waitForQuiet(aws.sqs);
  expect((await api.request('GET', '/orders', { token: customer.accessToken })).body.items).toHaveLength(1);
  expect((await api.request('GET', `/products/${product.productId}`)).body.stock).toBe(8);
  expect(
    countByType((await api.request('GET', '/notifications', { token: customer.accessToken })).body.items),
  ).toEqual({ WELCOME: 1, ORDER_CONFIRMED: 1 });
});
