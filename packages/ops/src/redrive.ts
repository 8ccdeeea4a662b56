import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

/**
 * The full name of a dead-letter queue: a full name (`shop-orders-prod-saga-dlq`) stays as it is; a
 * short one, `<service>-<queue>` (`orders-saga`), becomes `shop-<service>-<stage>-<queue>-dlq`.
 */
export function deadLetterQueueName(queue: string, stage: string): string {
  if (queue.startsWith('shop-')) return queue.endsWith('-dlq') ? queue : `${queue}-dlq`;
  const [service, ...rest] = queue.replace(/-dlq$/, '').split('-');
  if (!service || rest.length === 0)
    throw new Error(`"${queue}": give the full queue name or <service>-<queue>, e.g. orders-saga`);
  return `shop-${service}-${stage}-${rest.join('-')}-dlq`;
}

export interface RedriveResult {
  method: 'move-task' | 'receive-send-delete';
  deadLetterQueueUrl: string;
  sourceQueueUrl: string;
  /** Messages moved (receive-send-delete), or the task's handle (move-task: it runs on in AWS). */
  moved?: number;
  taskHandle?: string;
}

/** The queue whose redrive policy names this DLQ (SQS tracks it: ListDeadLetterSourceQueues). */
async function sourceQueueOf(
  sqs: SQSClient,
  deadLetterQueueUrl: string,
  fallbackName: string,
): Promise<string> {
  const { queueUrls } = await sqs.send(
    new ListDeadLetterSourceQueuesCommand({ QueueUrl: deadLetterQueueUrl }),
  );
  if (queueUrls && queueUrls.length === 1) return queueUrls[0] as string;
  if (queueUrls && queueUrls.length > 1)
    throw new Error(
      `${deadLetterQueueUrl} is the DLQ of ${queueUrls.length} queues; redrive names one of them`,
    );
  // Our naming: the source is the DLQ's name without `-dlq`.
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: fallbackName }));
  return QueueUrl as string;
}

/**
 * Moves every message of a dead-letter queue back to its source queue.
 * - `move-task` (AWS): SQS's own StartMessageMoveTask: server-side, rate-limited, survives this process.
 * - `receive-send-delete` (anywhere, the emulator too): receive a batch, send it to the source, delete
 *   what was sent. At least once: a crash between send and delete sends a message twice, which every
 *   consumer absorbs (they drop redeliveries by event id).
 */
export async function redrive(options: {
  sqs: SQSClient;
  deadLetterQueue: string;
  method: 'move-task' | 'receive-send-delete';
  log?: (line: string) => void;
}): Promise<RedriveResult> {
  const { sqs } = options;
  const log = options.log ?? (() => undefined);
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: options.deadLetterQueue }));
  const deadLetterQueueUrl = QueueUrl as string;
  const sourceQueueUrl = await sourceQueueOf(
    sqs,
    deadLetterQueueUrl,
    options.deadLetterQueue.replace(/-dlq(\.fifo)?$/, '$1'),
  );
  if (options.method === 'move-task') {
    const arn = async (url: string) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn as string;
    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: await arn(deadLetterQueueUrl),
        DestinationArn: await arn(sourceQueueUrl),
      }),
    );
    log(`started a message move task from ${deadLetterQueueUrl} to ${sourceQueueUrl} (${TaskHandle})`);
    return {
      method: 'move-task',
      deadLetterQueueUrl,
      sourceQueueUrl,
      ...(TaskHandle ? { taskHandle: TaskHandle } : {}),
    };
  }
  const fifo = sourceQueueUrl.endsWith('.fifo');
  let moved = 0;
  let emptyReceives = 0;
  // Two empty receives in a row: SQS may answer empty from one server while another holds messages.
  while (emptyReceives < 2) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
      }),
    );
    if (Messages.length === 0) {
      emptyReceives += 1;
      continue;
    }
    emptyReceives = 0;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: sourceQueueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body as string,
          MessageAttributes: message.MessageAttributes as Record<string, MessageAttributeValue> | undefined,
          ...(fifo
            ? {
                MessageGroupId: message.Attributes?.MessageGroupId,
                MessageDeduplicationId: message.Attributes?.MessageDeduplicationId ?? message.MessageId,
              }
            : {}),
        })),
      }),
    );
    // Only what reached the source queue leaves the DLQ; the rest becomes visible again and is retried.
    const done = (sent.Successful ?? []).map((entry) => Messages[Number(entry.Id)]);
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: deadLetterQueueUrl,
          Entries: done.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message?.ReceiptHandle,
          })),
        }),
      );
    }
    for (const failure of sent.Failed ?? [])
      log(`not moved: ${failure.Id} ${failure.Code} ${failure.Message}`);
    moved += done.length;
    log(`moved ${moved} so far`);
  }
  return { method: 'receive-send-delete', deadLetterQueueUrl, sourceQueueUrl, moved };
}
