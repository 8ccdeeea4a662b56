import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createEvent, defineEvent, parseEvent, sqsEventSender } from '../src/index.ts';

const stockReservationRequested = defineEvent(
  'StockReservationRequested',
  1,
  z.object({ orderId: z.string(), quantity: z.number().check(z.int()) }),
);

let sqs: SQSClient;

beforeAll(() => {
  useEmulator();
  sqs = new SQSClient({});
});

async function newQueue(): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('requests') }));
  return QueueUrl as string;
}

describe('sqsEventSender', () => {
  it('sends the envelope as the body with type, version and source as attributes', async () => {
    const queueUrl = await newQueue();
    const event = createEvent(
      stockReservationRequested,
      { orderId: 'o-1', quantity: 2 },
      { source: 'orders', correlationId: 'checkout-1' },
    );

    await sqsEventSender({ queueUrl }).publish(stockReservationRequested, event);

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 2 }),
    );
    expect(Messages).toHaveLength(1);
    const [message] = Messages;
    expect(parseEvent([stockReservationRequested], message?.Body as string)).toEqual(event);
    expect(message?.MessageAttributes).toMatchObject({
      type: { DataType: 'String', StringValue: 'StockReservationRequested' },
      version: { DataType: 'Number', StringValue: '1' },
      source: { DataType: 'String', StringValue: 'orders' },
    });
  });

  it('refuses an event whose data does not match its definition, sending nothing', async () => {
    const queueUrl = await newQueue();
    const event = createEvent(
      stockReservationRequested,
      { orderId: 'o-2', quantity: 1 },
      { source: 'orders' },
    );
    const forged = { ...event, data: { orderId: 'o-2', quantity: 'many' } } as unknown as typeof event;

    await expect(sqsEventSender({ queueUrl }).publish(stockReservationRequested, forged)).rejects.toThrow();

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
    );
    expect(Messages).toEqual([]);
  });
});
