import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '@shop/aws';
import { type EventPublisher, recordingEventPublisher, transactionalOutbox } from '@shop/events';
import { createServiceTable, uniqueName, useEmulator } from '@shop/testing';
import type { Context, PostConfirmationTriggerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoProfileStore } from '../src/adapters/dynamo-profile-store.ts';
import { registerUser } from '../src/domain/registration.ts';
import { serviceDir } from './users-stack.ts';

// Cognito's post-confirmation trigger as AWS invokes it (moto cannot run triggers, so we do).
let handler: (event: PostConfirmationTriggerEvent, context: Context) => Promise<PostConfirmationTriggerEvent>;
let tableName: string;
let outboxTableName: string;

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
  outboxTableName = await createServiceTable(serviceDir, 'OutboxTable', uniqueName('outbox'));
  const { TopicArn } = await new SNSClient({}).send(
    new CreateTopicCommand({ Name: uniqueName('user-events') }),
  );
  // Only what serverless.yml gives this function: no pool variables.
  Object.assign(process.env, {
    USERS_TABLE: tableName,
    OUTBOX_TABLE: outboxTableName,
    USER_EVENTS_TOPIC_ARN: TopicArn,
  });
  delete process.env.USER_POOL_ID;
  delete process.env.USER_POOL_CLIENT_ID;
  ({ handler } = await import('../src/handlers/cognito/post-confirmation.ts'));
});

describe('the post-confirmation trigger', () => {
  const client = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const profiles = () =>
    dynamoProfileStore({
      tableName,
      client: client(),
      outbox: transactionalOutbox({
        tableName: outboxTableName,
        client: client(),
        publisher: recordingEventPublisher(),
      }),
    });

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
    // UserRegistered went into the outbox with the profile and was published at once (no longer pending).
    const { Item } = await client().send(
      new GetCommand({ TableName: outboxTableName, Key: { id: 'UserRegistered-sub-confirmed' } }),
    );
    expect(Item).toMatchObject({ type: 'UserRegistered', sentAt: expect.any(String) });
    expect(Item?.pending).toBeUndefined();
    // Running again (a repeated confirmation) is harmless.
    expect(await handler(event, context)).toEqual(event);
  });

  it('keeps UserRegistered in the outbox when its publish fails, and the relay announces it later', async () => {
    const down = {
      async publish() {
        throw new Error('SNS is unreachable');
      },
    };
    const outboxWith = (publisher: EventPublisher) =>
      transactionalOutbox({ tableName: outboxTableName, client: client(), publisher });
    const failing = dynamoProfileStore({ tableName, client: client(), outbox: outboxWith(down) });
    const profile = await registerUser(
      { userId: 'sub-unannounced', email: 'late@example.com', name: 'Late' },
      { profiles: failing },
    );
    expect(profile.userId).toBe('sub-unannounced');
    const stored = await client().send(
      new GetCommand({ TableName: outboxTableName, Key: { id: 'UserRegistered-sub-unannounced' } }),
    );
    expect(stored.Item).toMatchObject({ type: 'UserRegistered', pending: 'PENDING' });

    const relayed = recordingEventPublisher();
    const result = await outboxWith(relayed).relayPending({ olderThanSeconds: 0 });
    expect(result.failed).toBe(0);
    expect(relayed.published).toContainEqual(
      expect.objectContaining({
        id: 'UserRegistered-sub-unannounced',
        data: expect.objectContaining({ email: 'late@example.com' }),
      }),
    );
  });

  it('registers a sign-up whose name is not a valid display name under its email, logging why but not the name', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const name = `Eve\u0007${'x'.repeat(200)}`;
    const event = triggerEvent('PostConfirmation_ConfirmSignUp', {
      sub: 'sub-bad-name',
      email: 'eve@example.com',
      name,
    });
    // The confirmation goes through: Cognito gets its event back.
    expect(await handler(event, context)).toEqual(event);
    expect(await profiles().find('sub-bad-name')).toMatchObject({ email: 'eve@example.com', name: 'eve' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('name refused'), {
      userId: 'sub-bad-name',
      refused: expect.any(String),
    });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('xxxxxxxxxx');
    warn.mockRestore();
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
