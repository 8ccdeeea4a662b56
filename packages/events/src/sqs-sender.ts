import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClient, once } from '@shop/aws';
import { type EventPublisher, envelopePublisher } from './publisher.ts';

// Made on first use and shared, so importing this module never builds an SDK client.
// The endpoint is the configured one, not the queue URL's host: the same in AWS, and locally every
// send goes where AWS_ENDPOINT_URL says (so the bench's counting proxy sees it).
const sharedSqsClient = /* @__PURE__ */ once(() =>
  awsClient(new SQSClient({ useQueueUrlAsEndpoint: false })),
);

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
