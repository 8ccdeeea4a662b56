import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { uniqueName } from './names.ts';
import { serviceResource } from './service-definition.ts';

const sqs = () => new SQSClient({});
const sns = () => new SNSClient({});

/** The ARN of a queue, by its URL. */
export async function queueArn(queueUrl: string): Promise<string> {
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn as string;
}

/**
 * Creates a queue of the service's serverless.yml with its literal attributes (visibility timeout,
 * retention) and, when it has a redrive policy, its dead-letter queue too, under fresh names.
 */
export async function createServiceQueue(
  serviceDir: string,
  logicalId: string,
): Promise<{ url: string; arn: string; dlqUrl?: string }> {
  const { Type, Properties } = serviceResource(serviceDir, logicalId);
  if (Type !== 'AWS::SQS::Queue') throw new Error(`${logicalId} is a ${Type}, not a queue`);
  const attributes: Record<string, string> = {};
  for (const key of ['VisibilityTimeout', 'MessageRetentionPeriod']) {
    if (Properties[key] !== undefined) attributes[key] = String(Properties[key]);
  }
  let dlqUrl: string | undefined;
  const redrive = Properties.RedrivePolicy as
    | { deadLetterTargetArn: { 'Fn::GetAtt': string }; maxReceiveCount: number }
    | undefined;
  if (redrive) {
    const dlqLogicalId = String(redrive.deadLetterTargetArn['Fn::GetAtt']).split('.')[0] as string;
    dlqUrl = (await createServiceQueue(serviceDir, dlqLogicalId)).url;
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: await queueArn(dlqUrl),
      maxReceiveCount: redrive.maxReceiveCount,
    });
  }
  const { QueueUrl } = await sqs().send(
    new CreateQueueCommand({ QueueName: uniqueName(logicalId), Attributes: attributes }),
  );
  const url = QueueUrl as string;
  return { url, arn: await queueArn(url), ...(dlqUrl ? { dlqUrl } : {}) };
}

/** Subscribes a queue to a topic as a subscription of the service's serverless.yml declares (raw delivery, filter policy). */
export async function subscribeAsDeclared(
  serviceDir: string,
  logicalId: string,
  topicArn: string,
  queueArn: string,
): Promise<void> {
  const { Type, Properties } = serviceResource(serviceDir, logicalId);
  if (Type !== 'AWS::SNS::Subscription') throw new Error(`${logicalId} is a ${Type}, not a subscription`);
  await sns().send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: String(Properties.Protocol),
      Endpoint: queueArn,
      Attributes: {
        RawMessageDelivery: String(Properties.RawMessageDelivery),
        ...(Properties.FilterPolicyScope ? { FilterPolicyScope: String(Properties.FilterPolicyScope) } : {}),
        ...(Properties.FilterPolicy ? { FilterPolicy: JSON.stringify(Properties.FilterPolicy) } : {}),
      },
    }),
  );
}

/** A fresh topic with a queue subscribed by raw delivery, to read what is published on it. */
export async function topicWithListener(prefix: string): Promise<{ topicArn: string; listenerUrl: string }> {
  const [{ TopicArn }, { QueueUrl }] = await Promise.all([
    sns().send(new CreateTopicCommand({ Name: uniqueName(prefix) })),
    sqs().send(new CreateQueueCommand({ QueueName: uniqueName(`${prefix}-listener`) })),
  ]);
  await sns().send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: await queueArn(QueueUrl as string),
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return { topicArn: TopicArn as string, listenerUrl: QueueUrl as string };
}

/**
 * Reads and deletes every message waiting in a queue; `waitTimeSeconds` long-polls for the first
 * ones, the rest are taken as they are.
 */
export async function receiveMessages(
  queueUrl: string,
  options: { waitTimeSeconds?: number } = {},
): Promise<Array<{ messageId: string; body: string }>> {
  const messages: Array<{ messageId: string; body: string }> = [];
  for (let waitTimeSeconds = options.waitTimeSeconds ?? 0; ; waitTimeSeconds = 0) {
    const { Messages = [] } = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitTimeSeconds,
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(
      ...Messages.map((message) => ({
        messageId: message.MessageId as string,
        body: message.Body as string,
      })),
    );
    await sqs().send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle as string,
        })),
      }),
    );
  }
}

/** Reads and deletes every message waiting in a queue, each body parsed as JSON. */
export async function receiveJson<T = unknown>(
  queueUrl: string,
  options: { waitTimeSeconds?: number } = {},
): Promise<T[]> {
  return (await receiveMessages(queueUrl, options)).map((message) => JSON.parse(message.body) as T);
}
