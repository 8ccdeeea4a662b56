import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { sleep } from './client.ts';
import type { ShopUnderTest } from './shop-under-test.ts';

/** AWS SDK clients for the shop's emulator (loopback only, fake keys): for fault injection and inspection. */
export function emulator(shop: ShopUnderTest) {
  if (new URL(shop.emulatorEndpoint).hostname !== '127.0.0.1')
    throw new Error(`the emulator must be on loopback, not ${shop.emulatorEndpoint}`);
  const config = {
    endpoint: shop.emulatorEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  return {
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    dynamodb,
    cognito: new CognitoIdentityProviderClient(config),
    /** Every item of a table (small tables only: the outboxes of one test run). */
    async scan<T>(tableName: string): Promise<T[]> {
      const items: T[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await dynamodb.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
        items.push(...((page.Items ?? []) as T[]));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
}

export type Emulator = ReturnType<typeof emulator>;

/**
 * A test's own queue subscribed (raw, no filter) to the shop's topics: every event published there from
 * now on, as any subscriber gets it. Its name is not the shop's (`shop-`), so `waitForQuiet` ignores it.
 */
export async function eventTap(aws: Emulator, topicArns: string[]) {
  const { QueueUrl } = await aws.sqs.send(
    new CreateQueueCommand({ QueueName: `acceptance-tap-${Date.now()}-${Math.floor(Math.random() * 1e6)}` }),
  );
  const queueUrl = QueueUrl as string;
  const { Attributes = {} } = await aws.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  for (const TopicArn of topicArns)
    await aws.sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: Attributes.QueueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
  return {
    /** Everything published since the tap was made (or last read), as parsed JSON bodies. */
    async read<T>(): Promise<T[]> {
      const bodies: T[] = [];
      for (;;) {
        const { Messages = [] } = await aws.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) return bodies;
        bodies.push(...Messages.map((message) => JSON.parse(message.Body ?? '{}') as T));
        await aws.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle as string,
            })),
          }),
        );
      }
    },
  };
}

/** Every queue of the shop, as the emulator lists them: work queues and their dead-letter queues. */
export async function shopQueues(sqs: SQSClient): Promise<{ work: string[]; deadLetter: string[] }> {
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'shop-' }));
  return {
    work: QueueUrls.filter((url) => !url.endsWith('-dlq')),
    deadLetter: QueueUrls.filter((url) => url.endsWith('-dlq')),
  };
}

/** The number of messages waiting and in flight in a queue. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/**
 * Waits until every consumer queue has been empty (nothing waiting, nothing in flight) on two reads
 * in a row a little apart, so a message that causes another has had the time to. Throws at the deadline.
 */
export async function waitForQuiet(sqs: SQSClient, timeoutMs = 30_000): Promise<void> {
  const { work } = await shopQueues(sqs);
  const deadline = Date.now() + timeoutMs;
  let quietReads = 0;
  let depths: number[] = [];
  while (Date.now() < deadline) {
    depths = await Promise.all(work.map((url) => queueDepth(sqs, url)));
    quietReads = depths.every((depth) => depth === 0) ? quietReads + 1 : 0;
    if (quietReads >= 3) return;
    await sleep(400);
  }
  throw new Error(
    `queues still busy after ${timeoutMs} ms: ${work.map((url, i) => `${url.split('/').pop()}=${depths[i]}`).join(', ')}`,
  );
}

/** How many messages each dead-letter queue holds. */
export async function deadLetterDepths(sqs: SQSClient): Promise<Record<string, number>> {
  const { deadLetter } = await shopQueues(sqs);
  const depths = await Promise.all(deadLetter.map((url) => queueDepth(sqs, url)));
  return Object.fromEntries(
    deadLetter.map((url, index) => [url.split('/').pop() as string, depths[index] as number]),
  );
}
