import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createServiceTable, uniqueName, useEmulator } from '@shop/testing';
import type { Context, PostConfirmationTriggerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoProfileStore } from '../src/adapters/dynamo-profile-store.ts';
import { serviceDir } from './users-stack.ts';

// Cognito's post-confirmation trigger as AWS invokes it (moto cannot run triggers, so we do).
let handler: (event: PostConfirmationTriggerEvent, context: Context) => Promise<PostConfirmationTriggerEvent>;
let tableName: string;

const triggerEvent = (
  triggerSource: PostConfirmationTriggerEvent['triggerSource'],
  userAttributes: Record<string, string>,
): PostConfirmationTriggerEvent =>
  ({
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_test',
    userName: userAttributes.sub ?? 'user',
    callerContext: { awsSdkVersion: 'aws-sdk-js-3', clientId: 'client' },
    triggerSource,
    request: { userAttributes },
    response: {},
  }) as PostConfirmationTriggerEvent;

const context = { functionName: 'shop-users-test-postConfirmation', awsRequestId: 'r1' } as Context;

beforeAll(async () => {
  useEmulator();
  tableName = await createServiceTable(serviceDir, 'UsersTable', uniqueName('profiles'));
  const { TopicArn } = await new SNSClient({}).send(
    new CreateTopicCommand({ Name: uniqueName('user-events') }),
  );
  // Only what serverless.yml gives this function: no pool variables.
  Object.assign(process.env, { USERS_TABLE: tableName, USER_EVENTS_TOPIC_ARN: TopicArn });
  delete process.env.USER_POOL_ID;
  delete process.env.USER_POOL_CLIENT_ID;
  ({ handler } = await import('../src/handlers/cognito/post-confirmation.ts'));
});

describe('the post-confirmation trigger', () => {
  const profiles = () =>
    dynamoProfileStore({ tableName, client: DynamoDBDocumentClient.from(new DynamoDBClient({})) });

  it('creates the profile of a confirmed sign-up and hands the event back to Cognito', async () => {
    const event = triggerEvent('PostConfirmation_ConfirmSignUp', {
      sub: 'sub-confirmed',
      email: 'Confirmed@Example.com',
      name: 'Confirmed',
    });
    expect(await handler(event, context)).toEqual(event);
    expect(await profiles().find('sub-confirmed')).toMatchObject({
      email: 'confirmed@example.com',
      name: 'Confirmed',
      addresses: [],
    });
    // Cognito retries a trigger that timed out: running again is harmless.
    expect(await handler(event, context)).toEqual(event);
  });

  it('ignores the confirmation of a password reset', async () => {
    const event = triggerEvent('PostConfirmation_ConfirmForgotPassword', {
      sub: 'sub-reset',
      email: 'reset@example.com',
    });
    expect(await handler(event, context)).toEqual(event);
    expect(await profiles().find('sub-reset')).toBeUndefined();
  });
});
