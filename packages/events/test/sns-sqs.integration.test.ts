import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { uniqueName, useEmulator } from '@shop/testing';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import {
  createEvent,
  defineEvent,
  type EventPublisher,
  snsEventPublisher,
  sqsEventConsumer,
} from '../src/index.ts';

const orderConfirmed = defineEvent('OrderConfirmed', 1, z.object({ orderId: z.string() }));
const orderShipped = defineEvent('OrderShipped', 1, z.object({ orderId: z.string() }));

let sqs: SQSClient;
let sns: SNSClient;
let topicArn: string;
let idempotencyTable: string;

const lambdaContext = (): Context =>
  ({
    functionName: 'events-test',
    awsRequestId: uniqueName('req'),
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:events-test',
    memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => 30_000,
  }) as Context;

async function subscribedQueue(raw: boolean, filterPolicy?: Record<string, string[]>): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('events') }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn,
      Attributes: {
        RawMessageDelivery: String(raw),
        ...(filterPolicy ? { FilterPolicy: JSON.stringify(filterPolicy) } : {}),
      },
    }),
  );
  return QueueUrl as string;
}

async function receiveOne(queueUrl: string): Promise<Message> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 5,
      VisibilityTimeout: 0,
    }),
  );
  expect(Messages).toHaveLength(1);
  return Messages?.[0] as Message;
}

// The shape Lambda's SQS event source mapping hands to the function.
const asRecord = (message: Message, queueUrl: string): SQSRecord => ({
  messageId: message.MessageId as string,
  receiptHandle: message.ReceiptHandle as string,
  body: message.Body as string,
  attributes: {} as SQSRecord['attributes'],
  messageAttributes: {},
  md5OfBody: message.MD5OfBody as string,
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queueUrl.split('/').pop()}`,
  awsRegion: 'us-east-1',
});

beforeAll(async () => {
  useEmulator();
  sqs = new SQSClient({});
  sns = new SNSClient({});
  ({ TopicArn: topicArn } = (await sns.send(new CreateTopicCommand({ Name: uniqueName('orders') }))) as {
    TopicArn: string;
  });
  idempotencyTable = uniqueName('idempotency');
  const dynamo = new DynamoDBClient({});
  // The table every consumer declares: partition key `id`, TTL on `expiration`.
  await dynamo.send(
    new CreateTableCommand({
      TableName: idempotencyTable,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: idempotencyTable,
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    }),
  );
});

describe('the SNS publisher', () => {
  it('sends type, version and source as attributes, so a filter policy lets through only its types', async () => {
    const queueUrl = await subscribedQueue(true, { type: ['OrderConfirmed'] });
    const publisher = snsEventPublisher({ topicArn, client: sns });
    const shipped = createEvent(orderShipped, { orderId: 'o-9' }, { source: 'orders' });
    const confirmed = createEvent(orderConfirmed, { orderId: 'o-9' }, { source: 'orders' });

    await publisher.publish(orderShipped, shipped);
    await publisher.publish(orderConfirmed, confirmed);

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 2,
      }),
    );
    expect(Messages.map((message) => JSON.parse(message.Body as string))).toEqual([confirmed]);
    expect(Messages[0]?.MessageAttributes).toEqual({
      type: { DataType: 'String', StringValue: 'OrderConfirmed' },
      version: { DataType: 'Number', StringValue: '1' },
      source: { DataType: 'String', StringValue: 'orders' },
    });
  });
});

describe('events from SNS through SQS to a consumer', () => {
  it('handles an event once, drops its redelivery, and reports a malformed record alone', async () => {
    const queueUrl = await subscribedQueue(true);
    const publisher: EventPublisher = snsEventPublisher({ topicArn, client: sns });
    const event = createEvent(orderConfirmed, { orderId: 'o-1' }, { source: 'orders', correlationId: 'c-1' });
    await publisher.publish(orderConfirmed, event);
    const record = asRecord(await receiveOne(queueUrl), queueUrl);
    expect(JSON.parse(record.body)).toEqual(event);

    const handle = vi.fn(async () => undefined);
    const name = uniqueName('c');
    const consumer = sqsEventConsumer({ events: [orderConfirmed], idempotencyTable, handle, name });
    const first = await consumer({ Records: [record] } as SQSEvent, lambdaContext());
    expect(first.batchItemFailures).toEqual([]);
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenCalledWith(event, record);
    // The handled id is remembered in DynamoDB (not in memory), with a TTL.
    const { Items } = await new DynamoDBClient({}).send(new ScanCommand({ TableName: idempotencyTable }));
    const remembered = Items?.filter((item) => item.id?.S?.startsWith(`${name}#`));
    expect(remembered).toHaveLength(1);
    expect(remembered?.[0]).toMatchObject({
      status: { S: 'COMPLETED' },
      expiration: { N: expect.any(String) },
    });

    const redelivered = { ...record, messageId: 'redelivery-1' };
    const malformed = { ...record, messageId: 'malformed-1', body: '{"not": "an event"}' };
    const second = await consumer({ Records: [redelivered, malformed] } as SQSEvent, lambdaContext());
    expect(second.batchItemFailures).toEqual([{ itemIdentifier: 'malformed-1' }]);
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it('processes the good records of a batch while a malformed one fails', async () => {
    const queueUrl = await subscribedQueue(false);
    await snsEventPublisher({ topicArn, client: sns }).publish(
      orderConfirmed,
      createEvent(orderConfirmed, { orderId: 'o-2' }, { source: 'orders' }),
    );
    const wrapped = asRecord(await receiveOne(queueUrl), queueUrl);
    expect(JSON.parse(wrapped.body)).toMatchObject({ Type: 'Notification' });

    const handle = vi.fn(async (_event: unknown) => undefined);
    const consumer = sqsEventConsumer({
      events: [orderConfirmed],
      idempotencyTable,
      handle,
      name: uniqueName('c'),
    });
    const badJson = { ...wrapped, messageId: 'bad-json', body: '{' };
    const badData = {
      ...wrapped,
      messageId: 'bad-data',
      body: JSON.stringify({ ...createEvent(orderConfirmed, { orderId: 'x' }, { source: 's' }), data: {} }),
    };
    const result = await consumer({ Records: [badJson, wrapped, badData] } as SQSEvent, lambdaContext());
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'bad-data',
      'bad-json',
    ]);
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle.mock.calls[0]?.[0]).toMatchObject({ type: 'OrderConfirmed', data: { orderId: 'o-2' } });
  });

  it('lets a failed event be retried, and handles it once it succeeds', async () => {
    const event = createEvent(orderConfirmed, { orderId: 'o-3' }, { source: 'orders' });
    const record = { messageId: 'm-3', body: JSON.stringify(event) } as SQSRecord;
    const handle = vi.fn().mockRejectedValueOnce(new Error('SES is down')).mockResolvedValue(undefined);
    const consumer = sqsEventConsumer({
      events: [orderConfirmed],
      idempotencyTable,
      handle,
      name: uniqueName('c'),
    });
    expect((await consumer({ Records: [record] } as SQSEvent, lambdaContext())).batchItemFailures).toEqual([
      { itemIdentifier: 'm-3' },
    ]);
    expect((await consumer({ Records: [record] } as SQSEvent, lambdaContext())).batchItemFailures).toEqual(
      [],
    );
    expect((await consumer({ Records: [record] } as SQSEvent, lambdaContext())).batchItemFailures).toEqual(
      [],
    );
    expect(handle).toHaveBeenCalledTimes(2);
  });
});

describe('the correlation id of consumed events', () => {
  it("is the logger's correlation id while each record is handled, and only then", async () => {
    const { logger } = await import('@shop/aws');
    const events = ['c-order-1', 'c-order-2'].map((correlationId) =>
      createEvent(orderConfirmed, { orderId: correlationId }, { source: 'orders', correlationId }),
    );
    const seen: Array<string | undefined> = [];
    const consumer = sqsEventConsumer({
      events: [orderConfirmed],
      idempotencyTable,
      name: uniqueName('c'),
      handle: async () => {
        seen.push(logger.getCorrelationId() as string | undefined);
      },
    });
    const records = events.map((event, index) => ({
      ...asRecord({ MessageId: `m-${index}`, ReceiptHandle: 'r', Body: JSON.stringify(event) }, 'q'),
    }));

    const result = await consumer({ Records: records } as SQSEvent, lambdaContext());

    expect(result.batchItemFailures).toEqual([]);
    expect(seen).toEqual(['c-order-1', 'c-order-2']);
    expect(logger.getCorrelationId()).toBeUndefined();
  });
});
