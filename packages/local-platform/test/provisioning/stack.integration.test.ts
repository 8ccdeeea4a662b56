// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are compose and CloudFormation ${...} syntax, not JS.
import { createServer, type Server } from 'node:http';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetIdentityVerificationAttributesCommand, SESClient } from '@aws-sdk/client-ses';
import { GetTopicAttributesCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { uniqueName, useEmulator } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollOnce } from '../../src/event-sources/queue-poller.ts';
import { UnknownResourceTypeError } from '../../src/provisioning/plan.ts';
import { type ProvisionedStack, provisionStack } from '../../src/provisioning/stack.ts';
import type { CfnTemplate } from '../../src/provisioning/template.ts';

const prefix = uniqueName('lp');
const template: CfnTemplate = {
  Resources: {
    Orders: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: `${prefix}-orders`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'orderId', AttributeType: 'S' },
          { AttributeName: 'userId', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byUser',
            KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    },
    Events: { Type: 'AWS::SNS::Topic', Properties: { TopicName: `${prefix}-events` } },
    // FIFO as a template may say it, a boolean or a string; the name gets the `.fifo` AWS requires.
    OrderedEvents: {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: `${prefix}-ordered`, FifoTopic: true, ContentBasedDeduplication: true },
    },
    OrderedInbox: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: `${prefix}-ordered`, FifoQueue: 'true' },
    },
    Sender: { Type: 'AWS::SES::EmailIdentity', Properties: { EmailIdentity: `orders@${prefix}.example` } },
    SenderDomain: { Type: 'AWS::SES::EmailIdentity', Properties: { EmailIdentity: `${prefix}.example` } },
    DeadLetters: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `${prefix}-dlq` } },
    Inbox: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: `${prefix}-inbox`,
        VisibilityTimeout: 1,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetters', 'Arn'] }, maxReceiveCount: 2 },
      },
    },
    InboxSubscription: {
      Type: 'AWS::SNS::Subscription',
      Properties: {
        TopicArn: { Ref: 'Events' },
        Endpoint: { 'Fn::GetAtt': ['Inbox', 'Arn'] },
        Protocol: 'sqs',
        RawMessageDelivery: true,
        FilterPolicyScope: 'MessageBody',
        FilterPolicy: { type: ['OrderConfirmed'] },
      },
    },
    InboxPolicy: { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: 'Inbox' }] } },
    Pool: {
      Type: 'AWS::Cognito::UserPool',
      Properties: {
        UserPoolName: `${prefix}-pool`,
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: { PasswordPolicy: { MinimumLength: 10, RequireNumbers: true } },
        Schema: [{ Name: 'name', AttributeDataType: 'String', Mutable: true }],
      },
    },
    PoolClient: {
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: {
        UserPoolId: { Ref: 'Pool' },
        ClientName: `${prefix}-client`,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    },
    Admins: {
      Type: 'AWS::Cognito::UserPoolGroup',
      Properties: { GroupName: 'admin', UserPoolId: { Ref: 'Pool' } },
    },
    Handler: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: `${prefix}-handler`,
        Environment: { Variables: { TABLE: { Ref: 'Orders' }, TOPIC: { Ref: 'Events' } } },
      },
    },
    HandlerInbox: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['Inbox', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['Handler', 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    },
  },
  Outputs: {
    TopicArn: { Value: { Ref: 'Events' } },
    Issuer: { Value: { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}' } },
  },
};

/** Stands in for serverless-offline's Lambda invoke endpoint: fails records whose body says "poison". */
function fakeLambda(seen: string[]) {
  return createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      const event = JSON.parse(text) as { Records: Array<{ messageId: string; body: string }> };
      seen.push(...event.Records.map((record) => record.body));
      const batchItemFailures = event.Records.filter((record) => record.body.includes('poison')).map(
        (record) => ({
          itemIdentifier: record.messageId,
        }),
      );
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ batchItemFailures }));
    });
  });
}

describe('provisioning a template into the emulator', () => {
  let endpoint: string;
  let stack: ProvisionedStack;
  let lambdaServer: Server;
  let lambda: LambdaClient;
  const seen: string[] = [];

  beforeAll(async () => {
    endpoint = useEmulator();
    stack = await provisionStack(template, `${prefix}-stack`, { endpoint });
    lambdaServer = fakeLambda(seen);
    await new Promise<void>((resolve) => lambdaServer.listen(0, '127.0.0.1', resolve));
    const address = lambdaServer.address();
    lambda = new LambdaClient({
      endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => lambdaServer?.close(resolve));
  });

  it('creates the table with its index and time to live', async () => {
    const dynamodb = new DynamoDBClient({});
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: `${prefix}-orders` }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byUser']);
    const { TimeToLiveDescription } = await dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: `${prefix}-orders` }),
    );
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('gives the queue its redrive policy to the dead-letter queue', async () => {
    const { Attributes } = await new SQSClient({}).send(
      new GetQueueAttributesCommand({ QueueUrl: stack.resources.Inbox?.ref, AttributeNames: ['All'] }),
    );
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toMatchObject({
      deadLetterTargetArn: stack.resources.DeadLetters?.attributes.Arn,
      maxReceiveCount: 2,
    });
    expect(Attributes?.VisibilityTimeout).toBe('1');
  });

  it('creates the user pool with its policies, client and group', async () => {
    const cognito = new CognitoIdentityProviderClient({});
    const UserPoolId = stack.resources.Pool?.ref;
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId }));
    expect(UserPool?.UsernameAttributes).toEqual(['email']);
    expect(UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(10);
    const { UserPoolClient } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId, ClientId: stack.resources.PoolClient?.ref }),
    );
    expect(UserPoolClient?.ExplicitAuthFlows).toEqual([
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    const { Groups } = await cognito.send(new ListGroupsCommand({ UserPoolId }));
    expect(Groups?.map((group) => group.GroupName)).toEqual(['admin']);
  });

  it('makes FIFO topics and queues FIFO, their names ending in .fifo', async () => {
    const topicArn = stack.resources.OrderedEvents?.ref as string;
    expect(topicArn).toMatch(new RegExp(`:${prefix}-ordered\\.fifo$`));
    const { Attributes: topic } = await new SNSClient({}).send(
      new GetTopicAttributesCommand({ TopicArn: topicArn }),
    );
    expect(topic).toMatchObject({ FifoTopic: 'true', ContentBasedDeduplication: 'true' });
    const queueUrl = stack.resources.OrderedInbox?.ref as string;
    expect(stack.resources.OrderedInbox?.attributes.QueueName).toBe(`${prefix}-ordered.fifo`);
    const { Attributes: queue } = await new SQSClient({}).send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['FifoQueue'] }),
    );
    expect(queue?.FifoQueue).toBe('true');
  });

  it('verifies the SES identities, an address and a domain, so the functions can send from them', async () => {
    const identities = [`orders@${prefix}.example`, `${prefix}.example`];
    expect([stack.resources.Sender?.ref, stack.resources.SenderDomain?.ref]).toEqual(identities);
    const { VerificationAttributes } = await new SESClient({}).send(
      new GetIdentityVerificationAttributesCommand({ Identities: identities }),
    );
    expect(identities.map((identity) => VerificationAttributes?.[identity]?.VerificationStatus)).toEqual([
      'Success',
      'Success',
    ]);
  });

  it('evaluates outputs, function environments and event source mappings', () => {
    expect(stack.outputs.TopicArn).toBe(stack.resources.Events?.ref);
    expect(stack.outputs.Issuer).toBe(
      `https://cognito-idp.us-east-1.amazonaws.com/${stack.resources.Pool?.ref}`,
    );
    expect(stack.functions[`${prefix}-handler`]?.environment).toEqual({
      TABLE: `${prefix}-orders`,
      TOPIC: stack.resources.Events?.ref,
    });
    expect(stack.triggers).toEqual([
      expect.objectContaining({
        kind: 'sqs',
        functionName: `${prefix}-handler`,
        sourceArn: stack.resources.Inbox?.attributes.Arn,
        reportBatchItemFailures: true,
      }),
    ]);
  });

  it('delivers only filtered events, deletes the successes and dead-letters the failures', async () => {
    const sns = new SNSClient({});
    const sqs = new SQSClient({});
    const TopicArn = stack.outputs.TopicArn;
    for (const message of [
      { type: 'OrderConfirmed', id: 'good' },
      { type: 'OrderShipped', id: 'filtered-out' },
      { type: 'OrderConfirmed', id: 'poison' },
    ]) {
      await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify(message) }));
    }
    const trigger = stack.triggers[0];
    if (!trigger) throw new Error('no trigger');
    const options = {
      sqs,
      lambda,
      trigger,
      queueUrl: stack.resources.Inbox?.ref as string,
      waitTimeSeconds: 1,
    };

    const first = await pollOnce(options);
    expect(first).toEqual({ received: 2, deleted: 1 });
    // The poison message comes back after the visibility timeout, fails again, then is redriven.
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await pollOnce(options);
    }
    const ids = seen.map((body) => (JSON.parse(body) as { id: string }).id);
    expect(ids.filter((id) => id === 'good')).toHaveLength(1);
    expect(ids).not.toContain('filtered-out');
    expect(ids.filter((id) => id === 'poison')).toHaveLength(2);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.resources.DeadLetters?.ref, WaitTimeSeconds: 1 }),
    );
    expect(Messages.map((message) => JSON.parse(message.Body ?? '{}').id)).toEqual(['poison']);
  });
});

describe('a template with a resource type nothing provisions or skips', () => {
  it('is refused before anything of it is created', async () => {
    const endpoint = useEmulator();
    const queueName = `${prefix}-never`;
    const refused = provisionStack(
      {
        Resources: {
          Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: queueName } },
          Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
        },
      },
      `${prefix}-refused`,
      { endpoint },
    );
    await expect(refused).rejects.toThrow(UnknownResourceTypeError);
    await expect(refused).rejects.toThrow(/Machine \(AWS::StepFunctions::StateMachine\)/);
    const { QueueUrls = [] } = await new SQSClient({}).send(
      new ListQueuesCommand({ QueueNamePrefix: queueName }),
    );
    expect(QueueUrls).toEqual([]);
  });
});
