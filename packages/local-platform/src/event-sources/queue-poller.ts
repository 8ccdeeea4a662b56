/**
 * Feeds SQS-triggered functions locally, as Lambda's event source mapping does in AWS.
 *
 * Why not serverless-offline-sqs (8.0): its `sqs.js` deletes every received message once the handler
 * returns, whatever the handler reports, and swallows thrown errors after logging them. So
 * `batchItemFailures` are ignored, failed messages are never retried, and nothing ever reaches a
 * dead-letter queue: local would hide the bugs that partial batch failures and DLQs exist for.
 * This poller deletes only the messages that succeeded (none when the handler throws) and leaves
 * the rest to the queue's visibility timeout and redrive policy, which the emulator enforces.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { EventSourceTrigger } from '../provisioning/lambda.ts';

/** What the function answered for one batch. */
export type InvocationOutcome = { kind: 'error'; message: string } | { kind: 'ok'; payload: unknown };

/**
 * The receipt handles to delete after an invocation, by Lambda's rules: a function error fails the
 * whole batch; with ReportBatchItemFailures only the listed messages fail, and a malformed list
 * fails the whole batch.
 */
export function messagesToDelete(
  messages: Pick<Message, 'MessageId' | 'ReceiptHandle'>[],
  outcome: InvocationOutcome,
  reportBatchItemFailures: boolean,
): Pick<Message, 'MessageId' | 'ReceiptHandle'>[] {
  if (outcome.kind === 'error') return [];
  if (!reportBatchItemFailures) return messages;
  const failures = (outcome.payload as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return messages;
  if (!Array.isArray(failures)) return [];
  const ids = new Set(messages.map((message) => message.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return messages.filter((message) => !failed.has(message.MessageId as string));
}

/** The Lambda SQS event for a batch of received messages. */
export function sqsEvent(messages: Message[], queueArn: string, region: string) {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body ?? '',
      attributes: message.Attributes ?? {},
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(
          ([name, value]: [string, MessageAttributeValue]) => [
            name,
            {
              stringValue: value.StringValue,
              binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
              stringListValues: value.StringListValues ?? [],
              binaryListValues: [],
              dataType: value.DataType,
            },
          ],
        ),
      ),
      md5OfBody: message.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

export interface QueuePollerOptions {
  sqs: SQSClient;
  /** A client whose endpoint is serverless-offline's Lambda port. */
  lambda: LambdaClient;
  trigger: EventSourceTrigger;
  queueUrl: string;
  region?: string;
  waitTimeSeconds?: number;
  log?: (line: string) => void;
}

/** Receives one batch, invokes the function, deletes what succeeded; returns the counts. */
export async function pollOnce(
  options: QueuePollerOptions,
  signal?: AbortSignal,
): Promise<{ received: number; deleted: number }> {
  const { trigger } = options;
  const { Messages = [] } = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: Math.min(Math.max(trigger.batchSize, 1), 10),
      WaitTimeSeconds: options.waitTimeSeconds ?? 2,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: signal },
  );
  if (Messages.length === 0) return { received: 0, deleted: 0 };
  const event = sqsEvent(Messages, trigger.sourceArn, options.region ?? 'us-east-1');
  const outcome = await invokeFunction(options.lambda, trigger.functionName, event);
  if (outcome.kind === 'error') {
    options.log?.(
      `${trigger.functionName} failed a batch of ${Messages.length}; it will be retried: ${outcome.message}`,
    );
  }
  const done = messagesToDelete(Messages, outcome, trigger.reportBatchItemFailures);
  if (done.length > 0) {
    const { Failed = [] } = await options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
    if (Failed.length > 0)
      options.log?.(`could not delete ${Failed.length} messages from ${options.queueUrl}`);
  }
  return { received: Messages.length, deleted: done.length };
}

/** Invokes a function synchronously through serverless-offline's Lambda endpoint. */
export async function invokeFunction(
  lambda: LambdaClient,
  functionName: string,
  event: unknown,
): Promise<InvocationOutcome> {
  try {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
    );
    const text = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
    if (answer.FunctionError)
      return { kind: 'error', message: `${answer.FunctionError}: ${text.slice(0, 500)}` };
    return { kind: 'ok', payload: text ? parsePayload(text) : null };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Polls until stopped; one in-flight batch at a time, like a mapping with concurrency 1. */
export function startQueuePoller(options: QueuePollerOptions): { stop(): Promise<void> } {
  const controller = new AbortController();
  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await pollOnce(options, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) break;
        options.log?.(`poller for ${options.trigger.functionName}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
}
