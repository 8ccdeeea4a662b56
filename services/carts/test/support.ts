import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
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
  SQSRecord,
} from 'aws-lambda';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = { carts: string; productViews: string; outbox: string; idempotency: string };

/** Creates every table of this service in the emulator, as serverless.yml declares them, under fresh names. */
export async function createTables(): Promise<Tables> {
  const tables: Tables = {
    carts: uniqueName('carts'),
    productViews: uniqueName('product-views'),
    outbox: uniqueName('carts-outbox'),
    idempotency: uniqueName('carts-idempotency'),
  };
  await Promise.all([
    createServiceTable(serviceDir, 'CartsTable', tables.carts),
    createServiceTable(serviceDir, 'ProductViewsTable', tables.productViews),
    createServiceTable(serviceDir, 'OutboxTable', tables.outbox),
    createServiceTable(serviceDir, 'IdempotencyTable', tables.idempotency),
  ]);
  return tables;
}

const sqs = () => new SQSClient({});

async function queueArn(queueUrl: string): Promise<string> {
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn as string;
}

/** A queue standing in for orders' CheckoutRequestsQueue, to read what checkout sent. */
export async function checkoutRequestsQueue(): Promise<string> {
  const { QueueUrl } = await sqs().send(
    new CreateQueueCommand({ QueueName: uniqueName('checkout-requests') }),
  );
  return QueueUrl as string;
}

type QueueProperties = { VisibilityTimeout: number; RedrivePolicy: { maxReceiveCount: number } };
type FilterProperties = { FilterPolicy: Record<string, string[]>; RawMessageDelivery: boolean };

/**
 * The incoming-events queue and its DLQ as serverless.yml declares them, subscribed to a product-events
 * and an order-events topic with the declared subscriptions' filter policies.
 */
export async function incomingEvents() {
  const queue = serviceResource(serviceDir, 'IncomingEventsQueue').Properties as unknown as QueueProperties;
  const { QueueUrl: deadLetterQueueUrl } = await sqs().send(
    new CreateQueueCommand({ QueueName: uniqueName('incoming-dlq') }),
  );
  const { QueueUrl } = await sqs().send(
    new CreateQueueCommand({
      QueueName: uniqueName('incoming'),
      Attributes: {
        VisibilityTimeout: String(queue.VisibilityTimeout),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: await queueArn(deadLetterQueueUrl as string),
          maxReceiveCount: queue.RedrivePolicy.maxReceiveCount,
        }),
      },
    }),
  );
  const queueUrl = QueueUrl as string;
  const endpoint = await queueArn(queueUrl);
  const sns = new SNSClient({});
  const topic = async (subscription: string) => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName(subscription) }));
    const declared = serviceResource(serviceDir, subscription).Properties as unknown as FilterProperties;
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: endpoint,
        Attributes: {
          RawMessageDelivery: String(declared.RawMessageDelivery),
          FilterPolicyScope: 'MessageAttributes',
          FilterPolicy: JSON.stringify(declared.FilterPolicy),
        },
      }),
    );
    return TopicArn as string;
  };
  return {
    queueUrl,
    deadLetterQueueUrl: deadLetterQueueUrl as string,
    productEventsTopicArn: await topic('ProductEventsSubscription'),
    orderEventsTopicArn: await topic('OrderEventsSubscription'),
  };
}

/** Reads and deletes every message of a queue. */
export async function drainMessages(queueUrl: string): Promise<Array<{ body: string; messageId: string }>> {
  const messages: Array<{ body: string; messageId: string }> = [];
  for (;;) {
    const { Messages = [] } = await sqs().send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return messages;
    messages.push(
      ...Messages.map((message) => ({
        body: message.Body as string,
        messageId: message.MessageId as string,
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

/** Every event on a queue so far (read and deleted). */
export async function drain(queueUrl: string): Promise<EventEnvelope[]> {
  return (await drainMessages(queueUrl)).map((message) => JSON.parse(message.body) as EventEnvelope);
}

const password = 'Correct-horse-1';

/** A user pool with an app client, and a function that signs a new customer up and answers their access token. */
export async function userPool() {
  const cognito = new CognitoIdentityProviderClient({});
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: uniqueName('carts') }));
  const userPoolId = UserPool?.Id as string;
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'storefront',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = UserPoolClient?.ClientId as string;
  const customer = async (): Promise<{ token: string; userId: string }> => {
    const email = `${uniqueName('customer')}@example.com`;
    const { User } = await cognito.send(
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
    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = AuthenticationResult?.AccessToken as string;
    const sub = User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
    };
    return { token, userId: sub ?? claims.sub };
  };
  return { userPoolId, clientId, customer };
}

/** Points this worker's handlers at the given tables, queue and pool, as serverless.yml does in AWS. */
export function serviceEnvironment(
  tables: Tables,
  checkoutQueueUrl: string,
  pool?: { userPoolId: string; clientId: string },
): void {
  Object.assign(process.env, {
    CARTS_TABLE: tables.carts,
    PRODUCT_VIEWS_TABLE: tables.productViews,
    OUTBOX_TABLE: tables.outbox,
    IDEMPOTENCY_TABLE: tables.idempotency,
    CHECKOUT_REQUESTS_QUEUE_URL: checkoutQueueUrl,
    ...(pool ? { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId } : {}),
  });
}

export const lambdaContext = (functionName = 'carts-test'): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: uniqueName('req'),
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => 20_000,
  }) as Context;

/** An API Gateway HTTP API (payload v2) event, as the route's integration would deliver it. */
export function apiEvent(
  routeKey: string,
  options: {
    path?: string;
    pathParameters?: Record<string, string>;
    body?: unknown;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const [method, routePath] = routeKey.split(' ') as [string, string];
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return {
    version: '2.0',
    routeKey,
    rawPath: options.path ?? routePath,
    rawQueryString: '',
    headers,
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: options.path ?? routePath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: uniqueName('request'),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Invokes an HTTP handler and parses its JSON answer. */
export async function invoke(handler: Handler, event: APIGatewayProxyEventV2) {
  const response = await handler(event, lambdaContext());
  return {
    statusCode: response.statusCode as number,
    headers: response.headers ?? {},
    body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined,
  };
}

/** An SQS record carrying an event envelope, as Lambda's event source mapping delivers it. */
export function sqsRecord(event: EventEnvelope | string, messageId = uniqueName('message')): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: typeof event === 'string' ? event : JSON.stringify(event),
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:incoming-events',
    awsRegion: 'us-east-1',
  };
}
