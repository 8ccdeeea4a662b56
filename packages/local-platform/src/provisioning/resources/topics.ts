import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import type { ResourceProperties } from '../template.ts';
import { isTrue, type Provisioner, stringAttributes } from './provisioner.ts';

/** AWS::SNS::Topic, FIFO too, with the subscriptions it lists inline. */
export const provisionTopic: Provisioner = async (properties, { clients, name }) => {
  const topicName = name(properties.TopicName);
  const { TopicArn } = await clients.sns.send(
    new CreateTopicCommand({
      Name: isTrue(properties.FifoTopic) && !topicName.endsWith('.fifo') ? `${topicName}.fifo` : topicName,
      Attributes: stringAttributes(properties, ['FifoTopic', 'ContentBasedDeduplication', 'DisplayName']),
    }),
  );
  const topicArn = TopicArn as string;
  for (const subscription of (properties.Subscription as ResourceProperties[] | undefined) ?? []) {
    await clients.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: String(subscription.Protocol),
        Endpoint: String(subscription.Endpoint),
      }),
    );
  }
  return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: topicArn.split(':').pop() ?? '' } };
};
