import { provisionEmailIdentity } from './email-identities.ts';
import type { Provisioner } from './provisioner.ts';
import { provisionQueue } from './queues.ts';
import { provisionSubscription } from './subscriptions.ts';
import { provisionTable } from './tables.ts';
import { provisionTopic } from './topics.ts';
import { provisionUserPool, provisionUserPoolClient, provisionUserPoolGroup } from './user-pools.ts';

/**
 * The resource types we create in the emulator with the AWS SDK, each with its provisioner. A type
 * neither here nor in the plan's skippedTypes stops the start-up.
 */
export const provisioners: Readonly<Record<string, Provisioner>> = {
  'AWS::DynamoDB::Table': provisionTable,
  'AWS::SNS::Topic': provisionTopic,
  'AWS::SQS::Queue': provisionQueue,
  'AWS::SNS::Subscription': provisionSubscription,
  'AWS::Cognito::UserPool': provisionUserPool,
  'AWS::Cognito::UserPoolClient': provisionUserPoolClient,
  'AWS::Cognito::UserPoolGroup': provisionUserPoolGroup,
  'AWS::SES::EmailIdentity': provisionEmailIdentity,
};

export const provisionedTypes: ReadonlySet<string> = new Set(Object.keys(provisioners));
