import type { SNSClient } from '@aws-sdk/client-sns';
import { awsClient, once } from '@shop/aws';
import { type EventPublisher, envelopePublisher } from './publisher.ts';

// The SDK's SNS package is imported on the first publish, not at init: a function whose path never
// publishes (a catalog read, a cart read) never loads it (~4 ms of CPU at each cold start otherwise,
// bench/README.md), and one that does pays that once, on its first publish.
const snsPackage = /* @__PURE__ */ once(() => import('@aws-sdk/client-sns'));
// Made on first use and shared.
const sharedSnsClient = /* @__PURE__ */ once(async () => awsClient(new (await snsPackage()).SNSClient({})));

/** Publishes each event as its JSON envelope to one SNS topic; `type`, `version`, `source` are attributes for filter policies. */
export function snsEventPublisher(options: { topicArn: string; client?: SNSClient }): EventPublisher {
  return envelopePublisher(async ({ body, attributes }) => {
    const { PublishCommand } = await snsPackage();
    const client = options.client ?? (await sharedSnsClient());
    return client.send(
      new PublishCommand({ TopicArn: options.topicArn, Message: body, MessageAttributes: attributes }),
    );
  });
}
