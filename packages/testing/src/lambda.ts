import type { Context, SQSRecord } from 'aws-lambda';
import { uniqueName } from './names.ts';

/** A Lambda context as the runtime hands it to a function, with a fresh request id. */
export function lambdaContext(functionName = 'shop-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: uniqueName('req'),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 20_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An SQS record carrying a message (an object goes as JSON, a string as it is), as an event source mapping delivers it. */
export function sqsRecord(
  envelopeOrBody: object | string,
  options: { messageId?: string; eventSourceArn?: string } = {},
): SQSRecord {
  const messageId = options.messageId ?? uniqueName('message');
  return {
    messageId,
    receiptHandle: messageId,
    body: typeof envelopeOrBody === 'string' ? envelopeOrBody : JSON.stringify(envelopeOrBody),
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.eventSourceArn ?? 'arn:aws:sqs:us-east-1:123456789012:test-queue',
    awsRegion: 'us-east-1',
  };
}

/** A message as SNS puts it on a queue without raw delivery: wrapped in a Notification. */
export function snsNotification(message: object | string): string {
  const raw = typeof message === 'string' ? message : JSON.stringify(message);
  return JSON.stringify({ Type: 'Notification', MessageId: uniqueName('sns'), Message: raw });
}
