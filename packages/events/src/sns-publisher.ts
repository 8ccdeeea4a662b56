import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { awsClient, once } from '@shop/aws';
import { type EventPublisher, envelopePublisher } from './publisher.ts';

// Made on first use and shared, so importing this module never builds an SDK client.
const sharedSnsClient = /* @__PURE__ */ once(() => awsClient(new SNSClient({})));

/** Publishes each event as its JSON envelope to one SNS topic; `type`, `version`, `source` are attributes for filter policies. */
export function snsEventPublisher(options: { topicArn: string; client?: SNSClient }): EventPublisher {
  const client = options.client ?? sharedSnsClient();
  return envelopePublisher(({ body, attributes }) =>
    client.send(
      new PublishCommand({ TopicArn: options.topicArn, Message: body, MessageAttributes: attributes }),
    ),
  );
}
