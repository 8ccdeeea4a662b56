import { SubscribeCommand } from '@aws-sdk/client-sns';
import { type Provisioner, stringAttributes } from './provisioner.ts';

/** AWS::SNS::Subscription: raw delivery, filter policy and its scope, redrive. */
export const provisionSubscription: Provisioner = async (properties, { clients }) => {
  const { SubscriptionArn } = await clients.sns.send(
    new SubscribeCommand({
      TopicArn: String(properties.TopicArn),
      Protocol: String(properties.Protocol),
      Endpoint: String(properties.Endpoint),
      Attributes: stringAttributes(properties, [
        'RawMessageDelivery',
        'FilterPolicy',
        'FilterPolicyScope',
        'RedrivePolicy',
        'DeliveryPolicy',
      ]),
      ReturnSubscriptionArn: true,
    }),
  );
  return { ref: SubscriptionArn as string, attributes: {} };
};
