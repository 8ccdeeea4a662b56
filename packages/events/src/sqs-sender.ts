import type { SQSClient } from '@aws-sdk/client-sqs';
import { awsClient, once } from '@shop/aws';
import { type EventPublisher, envelopePublisher } from './publisher.ts';

// The SDK's SQS package is imported on the first send, not at init (as SNS in sns-publisher.ts).
const sqsPackage = /* @__PURE__ */ once(() => import('@aws-sdk/client-sqs'));
// Made on first use and shared. The endpoint is the configured one, not the queue URL's host: the
// same in AWS, and locally every send goes where AWS_ENDPOINT_URL says (so the bench's counting proxy
// sees it).
const sharedSqsClient = /* @__PURE__ */ once(async () =>
  awsClient(new (await sqsPackage()).SQSClient({ useQueueUrlAsEndpoint: false })),
);

/**
 * Sends each event as its JSON envelope straight to one SQS queue (a request for work to the service
 * that owns the queue); `type`, `version`, `source` travel as message attributes, as with SNS.
 */
export function sqsEventSender(options: { queueUrl: string; client?: SQSClient }): EventPublisher {
  return envelopePublisher(async ({ body, attributes }) => {
    const { SendMessageCommand } = await sqsPackage();
    const client = options.client ?? (await sharedSqsClient());
    return client.send(
      new SendMessageCommand({
        QueueUrl: options.queueUrl,
        MessageBody: body,
        MessageAttributes: attributes,
      }),
    );
  });
}
