import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { EventEnvelope } from '@shop/events';
import { createServiceTable, serviceResource, uniqueName } from '@shop/testing';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';

export const serviceDir = new URL('..', import.meta.url).pathname;

const sqs = () => new SQSClient({});
const sns = () => new SNSClient({});

async function queueArn(queueUrl: string): Promise<string> {
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn as string;
}

/**
 * Creates a queue of serverless.yml with its literal attributes (visibility timeout, retention) and,
 * when it has a redrive policy, its dead-letter queue too, under fresh names.
 */
export async function createServiceQueue(
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
    dlqUrl = (await createServiceQueue(dlqLogicalId)).url;
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

/** Subscribes a queue to a topic as serverless.yml's subscription declares (raw delivery, filter policy). */
export async function subscribeAsDeclared(
  logicalId: string,
  topicArn: string,
  endpoint: string,
): Promise<void> {
  const { Properties } = serviceResource(serviceDir, logicalId);
  await sns().send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: String(Properties.Protocol),
      Endpoint: endpoint,
      Attributes: {
        RawMessageDelivery: String(Properties.RawMessageDelivery),
        FilterPolicy: JSON.stringify(Properties.FilterPolicy),
      },
    }),
  );
}

/** A topic with a raw SQS subscription that records everything published on it. */
export async function topicWithListener(): Promise<{ topicArn: string; listenerUrl: string }> {
  const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: uniqueName('order-events') }));
  const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: uniqueName('listener') }));
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

/** Reads (and deletes) every message waiting in a queue, as envelopes. */
export async function drain(queueUrl: string): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for (;;) {
    const { Messages = [] } = await sqs().send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return events;
    events.push(...Messages.map((message) => JSON.parse(message.Body as string) as EventEnvelope));
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

export type Person = { userId: string; token: string };

function subjectOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] as string, 'base64url').toString('utf8'));
  return payload.sub as string;
}

/** A user pool with an admin group and an app client in the emulator; signs users in for real tokens. */
export async function userPool() {
  const cognito = new CognitoIdentityProviderClient({});
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: uniqueName('orders') }));
  const userPoolId = UserPool?.Id as string;
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'storefront',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = UserPoolClient?.ClientId as string;
  await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admin' }));
  const password = 'Correct-horse-1';
  const signIn = async (name: string, groups: string[] = []): Promise<Person> => {
    const email = `${uniqueName(name)}@example.com`;
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [{ Name: 'email', Value: email }],
        MessageAction: 'SUPPRESS',
      }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: email,
        Password: password,
        Permanent: true,
      }),
    );
    for (const group of groups) {
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
      );
    }
    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = AuthenticationResult?.AccessToken as string;
    return { userId: subjectOf(token), token };
  };
  return { userPoolId, clientId, signIn };
}

/** The tables of serverless.yml under fresh names. */
export async function createTables() {
  const tables = {
    orders: uniqueName('orders'),
    outbox: uniqueName('outbox'),
    idempotency: uniqueName('idempotency'),
  };
  await Promise.all([
    createServiceTable(serviceDir, 'OrdersTable', tables.orders),
    createServiceTable(serviceDir, 'OutboxTable', tables.outbox),
    createServiceTable(serviceDir, 'IdempotencyTable', tables.idempotency),
  ]);
  return tables;
}

export const lambdaContext = (functionName: string): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: uniqueName('req'),
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => 20_000,
  }) as Context;

/** An SQS record carrying an envelope (or any body), as Lambda's event source mapping delivers it. */
export function sqsRecord(body: EventEnvelope | string, messageId = uniqueName('message')): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders-test',
    awsRegion: 'us-east-1',
  };
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Invokes a route handler with a fabricated API Gateway HTTP API (payload v2) event. */
export async function call(
  handler: HttpHandler,
  routeKey: string,
  options: { token?: string; orderId?: string; query?: Record<string, string>; correlationId?: string } = {},
) {
  const [method, template] = routeKey.split(' ') as [string, string];
  const path = options.orderId ? template.replace('{orderId}', options.orderId) : template;
  const headers: Record<string, string> = { host: 'api.shop.example' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.correlationId) headers['x-correlation-id'] = options.correlationId;
  const event = {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.orderId ? { pathParameters: { orderId: options.orderId } } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.shop.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: uniqueName('request'),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  } as APIGatewayProxyEventV2;
  const response = await handler(event, lambdaContext('orders-route'));
  return {
    status: response.statusCode as number,
    headers: response.headers ?? {},
    // A bodiless answer reads as {}, so tests can look into any answer's fields.
    body: (response.body ? JSON.parse(response.body) : {}) as Record<string, unknown>,
  };
}
