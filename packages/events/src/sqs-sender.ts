import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClient } from '@shop/aws';
import type { EventPublisher } from './publisher.ts';

let sharedClient: SQSClient | undefined;

// Created on first use and shared, so importing this module never builds an SDK client.
function sharedSqsClient(): SQSClient {
  sharedClient ??= awsClient(new SQSClient({}));
  return sharedClient;
}

/**
 * Sends each event as its JSON envelope straight to one SQS queue (a request for work to the service
 * that owns the queue); `type`, `version`, `source` travel as message attributes, as with SNS.
 */
export function sqsEventSender(options: { queueUrl: string; client?: SQSClient }): EventPublisher {
  const client = options.client ?? sharedSqsClient();
  return {
    async publish(definition, event) {
      // Refuse to send what no consumer could read.
      const checked = definition.envelope.parse(event);
      await client.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: JSON.stringify(checked),
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
