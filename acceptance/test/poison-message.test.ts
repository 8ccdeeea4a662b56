// Issue 6: a poison message in a consumer's batch. The valid messages beside it take effect; the
// poison is received five times (maxReceiveCount 5 in the templates) and then sits in the DLQ.
//
// The queue's visibility timeout is 120 s in the templates (6 x the function timeout), so five
// receives would take ten minutes. The test lowers it on the emulator's queue to 1 s for its own
// run (SetQueueAttributes, as an operator could) and puts the template's value back afterwards:
// it changes how soon a failed message is retried, not whether or where it goes.
import { randomUUID } from 'node:crypto';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { expect, it } from 'vitest';
import { poll, shopClient, sleep } from '../src/client.ts';
import { emulator, waitForQuiet } from '../src/emulator.ts';
import { output, shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

it('processes the rest of a batch around a poison message, which reaches the DLQ after 5 receives', async () => {
  const queueUrl = output(shop, 'carts', 'IncomingEventsQueueUrl');
  const deadLetterUrl = output(shop, 'carts', 'IncomingEventsDeadLetterQueueUrl');
  const customer = await api.newCustomer('poison');
  const { Attributes: original = {} } = await aws.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'],
    }),
  );
  expect(JSON.parse(original.RedrivePolicy as string).maxReceiveCount).toBe(5);

  // Three valid ProductChanged facts for products nobody has seen, and one message that is not JSON.
  const products = Array.from({ length: 3 }, (_, index) => ({
    productId: `p-acceptance-${randomUUID().slice(0, 8)}`,
    name: `Poison neighbour ${index}`,
    description: 'Only known to the carts read model.',
    category: 'acceptance',
    price: 100 + index,
    currency: 'USD',
    stock: 5,
    deleted: false,
    revision: 1,
    updatedAt: new Date().toISOString(),
  }));
  const marker = `poison-${randomUUID()}`;
  const attributes = (type: string) => ({
    type: { DataType: 'String', StringValue: type },
    version: { DataType: 'Number', StringValue: '1' },
    source: { DataType: 'String', StringValue: 'products' },
  });
  const entries = [
    ...products.slice(0, 2).map((data, index) => ({
      Id: `valid-${index}`,
      MessageBody: JSON.stringify({
        id: randomUUID(),
        type: 'ProductChanged',
        version: 1,
        source: 'products',
        occurredAt: new Date().toISOString(),
        correlationId: marker,
        data,
      }),
      MessageAttributes: attributes('ProductChanged'),
    })),
    {
      Id: 'poison',
      MessageBody: `{"id": "${marker}", this is not JSON`,
      MessageAttributes: attributes('ProductChanged'),
    },
    ...products.slice(2).map((data) => ({
      Id: 'valid-2',
      MessageBody: JSON.stringify({
        id: randomUUID(),
        type: 'ProductChanged',
        version: 1,
        source: 'products',
        occurredAt: new Date().toISOString(),
        correlationId: marker,
        data,
      }),
      MessageAttributes: attributes('ProductChanged'),
    })),
  ];

  await aws.sqs.send(
    new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '1' } }),
  );
  try {
    // A long poll already waiting (the poller's, up to 2 s) keeps the timeout it started with.
    await sleep(3_000);
    // One SendMessageBatch, so the poller receives them together (up to 10 per receive).
    const sent = await aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    expect(sent.Failed ?? []).toEqual([]);

    // The valid neighbours reached the read model: the cart can price them.
    for (const product of products) {
      const added = await poll(
        `${product.productId} in the carts' read model`,
        () =>
          api.request('PUT', `/cart/items/${product.productId}`, {
            token: customer.accessToken,
            body: { quantity: 1 },
          }),
        (answer) => answer.status === 200,
        { timeoutMs: 15_000 },
      );
      expect(
        added.body.items.find((item: { productId: string }) => item.productId === product.productId),
      ).toMatchObject({ name: product.name, unitPrice: product.price });
    }

    // The poison ends in the DLQ, having been received 5 times from the work queue.
    const deadLetter = await poll(
      'the poison message in the DLQ',
      async () => {
        const { Messages = [] } = await aws.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: deadLetterUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
        );
        return Messages.find((message) => message.Body?.includes(marker));
      },
      (found) => found !== undefined,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // The emulator carries the count over to the DLQ; this test's own receive is the sixth.
    expect(Number(deadLetter?.Attributes?.ApproximateReceiveCount) - 1).toBe(5);
    await aws.sqs.send(
      new DeleteMessageCommand({ QueueUrl: deadLetterUrl, ReceiptHandle: deadLetter?.ReceiptHandle }),
    );
    await waitForQuiet(aws.sqs);
  } finally {
    await aws.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: { VisibilityTimeout: original.VisibilityTimeout as string },
      }),
    );
  }
  await api.request('DELETE', '/cart', { token: customer.accessToken });
});
