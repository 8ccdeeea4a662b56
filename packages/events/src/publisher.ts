import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { awsClient } from '@shop/aws';
import type { EventDefinition, EventEnvelope, EventOf } from './envelope.ts';

/** Publishes events to the other services. */
export interface EventPublisher {
  publish<D extends EventDefinition>(definition: D, event: EventOf<D>): Promise<void>;
}

let sharedClient: SNSClient | undefined;

// Created on first use and shared, so importing this module never builds an SDK client.
function sharedSnsClient(): SNSClient {
  sharedClient ??= awsClient(new SNSClient({}));
  return sharedClient;
}

/** Publishes each event as its JSON envelope to one SNS topic; `type`, `version`, `source` are attributes for filter policies. */
export function snsEventPublisher(options: { topicArn: string; client?: SNSClient }): EventPublisher {
  const client = options.client ?? sharedSnsClient();
  return {
    async publish(definition, event) {
      // Refuse to send what no consumer could read.
      const checked = definition.envelope.parse(event);
      await client.send(
        new PublishCommand({
          TopicArn: options.topicArn,
          Message: JSON.stringify(checked),
          MessageAttributes: {
            type: { DataType: 'String', StringValue: checked.type },
            version: { DataType: 'Number', StringValue: String(checked.version) },
            source: { DataType: 'String', StringValue: checked.source },
          },
        }),
      );
    },
  };
}

/** An in-memory publisher for unit tests: it validates like the SNS one and keeps what was published. */
export function recordingEventPublisher(): EventPublisher & { published: EventEnvelope[] } {
  const published: EventEnvelope[] = [];
  return {
    published,
    async publish(definition, event) {
      published.push(definition.envelope.parse(event));
    },
  };
}
