import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { isTrue, type Provisioner, stringAttributes } from './provisioner.ts';

/** CloudFormation property names that are attributes in the SQS API. */
const queueAttributes = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];

/** AWS::SQS::Queue: redrive to its dead-letter queue, FIFO, timeouts. */
export const provisionQueue: Provisioner = async (properties, { clients, name }) => {
  let queueName = name(properties.QueueName);
  if (isTrue(properties.FifoQueue) && !queueName.endsWith('.fifo')) queueName = `${queueName}.fifo`;
  const { QueueUrl } = await clients.sqs.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: stringAttributes(properties, queueAttributes),
    }),
  );
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return {
    ref: QueueUrl as string,
    attributes: { Arn: Attributes?.QueueArn ?? '', QueueName: queueName, QueueUrl: QueueUrl as string },
  };
};
