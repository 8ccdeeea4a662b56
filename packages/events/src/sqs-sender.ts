import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClient, once } from '@shop/aws';
import { type EventPublisher, envelopePublisher } from './publisher.ts';

// Made on first use and shared, so importing this module never builds an SDK client.
const sharedSqsClient = /* @__PURE__ */ once(() => awsClient(new SQSClient({})));

/**
 * Sends each event as its JSON envelope straight to one SQS queue (a request for work to the service
 * that owns the queue); `type`, `version`, `source` travel as message attributes, as with SNS.
 */
export function sqsEventSender(options: { queueUrl: string; client?: SQSClient }): EventPublisher {
  const client = options.client ?? sharedSqsClient();
  return envelopePublisher(({ body, attributes }) =>
    client.send(
      new SendMessageCommand({
        QueueUrl: options.queueUrl,
        MessageBody: body,
        MessageAttributes: attributes,
      }),
    ),
  );
}
