import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { orderEvents, productChanged, userRegistered } from '@shop/contracts';
import { createEvent, snsEventPublisher } from '@shop/events';
import { createServiceQueue, subscribeAsDeclared, uniqueName, useEmulator } from '@shop/testing';
import type { SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTables,
  deliver,
  deliverUntilSettled,
  emailsTo,
  orderEvent,
  registration,
  serviceDir,
  serviceEnvironment,
  snapshot,
  verifiedSender,
} from './support.ts';

// The queue, its DLQ and both subscriptions built in the emulator from serverless.yml, fed by real
// topics, and drained by the real consumer the way Lambda's event source mapping does.

const sns = new SNSClient({});
const sqs = new SQSClient({});

let handler: typeof import('../src/handlers/events/notify.ts').handler;
let queueUrl: string;
let deadLetterQueueUrl: string;
let orderTopicArn: string;
let userTopicArn: string;

beforeAll(async () => {
  useEmulator();
  const [tables, sender] = await Promise.all([createTables(), verifiedSender()]);
  serviceEnvironment(tables, sender);
  vi.resetModules();
  handler = (await import('../src/handlers/events/notify.ts')).handler;

  const main = await createServiceQueue(serviceDir, 'NotificationsQueue');
  queueUrl = main.url;
  deadLetterQueueUrl = main.dlqUrl as string;
  const [orders, users] = await Promise.all([
    sns.send(new CreateTopicCommand({ Name: uniqueName('order-events') })),
    sns.send(new CreateTopicCommand({ Name: uniqueName('user-events') })),
  ]);
  orderTopicArn = orders.TopicArn as string;
  userTopicArn = users.TopicArn as string;
  await subscribeAsDeclared(serviceDir, 'OrderEventsSubscription', orderTopicArn, main.arn);
  await subscribeAsDeclared(serviceDir, 'UserEventsSubscription', userTopicArn, main.arn);
});

/** Received messages as Lambda hands them over; `visibilityTimeout: 0` makes a failed one visible again at once. */
async function receive(url: string, visibilityTimeout?: number): Promise<SQSRecord[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      ...(visibilityTimeout === undefined ? {} : { VisibilityTimeout: visibilityTimeout }),
    }),
  );
  return Messages.map(
    (message) =>
      ({
        messageId: message.MessageId as string,
        receiptHandle: message.ReceiptHandle as string,
        body: message.Body as string,
      }) as SQSRecord,
  );
}

/** One poll of the event source mapping: hand the batch to the consumer, delete what succeeded. */
async function pollOnce(): Promise<number> {
  const records = await receive(queueUrl, 0);
  if (records.length === 0) return 0;
  const failed = new Set(await deliver(handler, ...records));
  for (const record of records.filter((candidate) => !failed.has(candidate.messageId)))
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle }));
  return records.length;
}

describe('the notifications queue', () => {
  it('receives only the emailed order events and UserRegistered, and the consumer emails each once', async () => {
    const registered = registration('Ada');
    const userId = registered.data.userId;
    const orders = snsEventPublisher({ topicArn: orderTopicArn, client: sns });
    const users = snsEventPublisher({ topicArn: userTopicArn, client: sns });
    const placed = orderEvent('orderPlaced', snapshot(userId, { status: 'PENDING' }));
    const confirmed = orderEvent('orderConfirmed', snapshot(userId));

    await users.publish(userRegistered, registered);
    await orders.publish(orderEvents.orderPlaced, placed);
    await orders.publish(orderEvents.orderConfirmed, confirmed);
    // Any other type on a subscribed topic stays out too.
    await users.publish(
      productChanged,
      createEvent(
        productChanged,
        {
          productId: 'p-1',
          name: 'Lamp',
          description: 'A lamp',
          category: 'lighting',
          price: 100,
          currency: 'USD',
          stock: 1,
          deleted: false,
          revision: 1,
          updatedAt: new Date().toISOString(),
        },
        { source: 'products' },
      ),
    );

    const received = await receive(queueUrl);
    expect(received.map((record) => JSON.parse(record.body).type).sort()).toEqual([
      'OrderConfirmed',
      'UserRegistered',
    ]);
    // Twice, as a redelivery would; in one batch the order event may overtake the sign-up and be retried.
    expect(await deliverUntilSettled(handler, received)).toEqual([]);
    expect(await deliverUntilSettled(handler, received)).toEqual([]);

    expect((await emailsTo(registered.data.email)).map((email) => email.subject).sort()).toEqual(
      [`Shop: Your order ${confirmed.data.orderId} is confirmed`, 'Welcome to Shop'].sort(),
    );
    for (const record of received)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle }));
  });

  it('moves a message that always fails to the DLQ after maxReceiveCount tries, and keeps the rest flowing', async () => {
    const registered = registration('Grace');
    await snsEventPublisher({ topicArn: userTopicArn, client: sns }).publish(userRegistered, registered);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'garbage' }));

    let polls = 0;
    while ((await pollOnce()) > 0 && polls < 20) polls += 1;

    const deadLettered = await receive(deadLetterQueueUrl);
    expect(deadLettered.map((record) => record.body)).toEqual(['garbage']);
    expect(polls).toBeGreaterThanOrEqual(5);
    expect(await emailsTo(registered.data.email)).toHaveLength(1);
  });
});
