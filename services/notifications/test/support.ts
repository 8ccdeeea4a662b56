import { readFileSync } from 'node:fs';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { type OrderSnapshot, orderEvents, userRegistered } from '@shop/contracts';
import { createEvent, type EventDefinition, type EventEnvelope, type EventOf } from '@shop/events';
import { createServiceTable, serviceResource, uniqueName } from '@shop/testing';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { parse } from 'yaml';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = { notifications: string; recipients: string; idempotency: string };

/** Creates every table of this service in the emulator, as serverless.yml declares them, under fresh names. */
export async function createTables(): Promise<Tables> {
  const tables: Tables = {
    notifications: uniqueName('notifications'),
    recipients: uniqueName('recipients'),
    idempotency: uniqueName('idempotency'),
  };
  await Promise.all([
    createServiceTable(serviceDir, 'NotificationsTable', tables.notifications),
    createServiceTable(serviceDir, 'RecipientsTable', tables.recipients),
    createServiceTable(serviceDir, 'IdempotencyTable', tables.idempotency),
  ]);
  return tables;
}

/**
 * The sender that serverless.yml declares as its SES identity (`${param:sesSender}`, from its default
 * stage params), verified in the emulator as a verified identity is in AWS: moto refuses to send from
 * an unverified address.
 */
export async function verifiedSender(): Promise<string> {
  const identity = serviceResource(serviceDir, 'SenderEmailIdentity');
  if (identity.Type !== 'AWS::SES::EmailIdentity') throw new Error('SenderEmailIdentity is no SES identity');
  const definition = parse(readFileSync(`${serviceDir}/serverless.yml`, 'utf8'), {
    customTags: ['Ref', 'GetAtt', 'Sub'].map((name) => ({
      tag: `!${name}`,
      resolve: (value: unknown) => value,
    })),
  }) as { params?: { default?: { sesSender?: string } } };
  const param = /^\$\{param:(\w+)\}$/.exec(String(identity.Properties.EmailIdentity))?.[1];
  const sender = param === 'sesSender' ? definition.params?.default?.sesSender : undefined;
  if (!sender) throw new Error('SenderEmailIdentity should name the sesSender param, which needs a default');
  await new SESClient({}).send(new VerifyEmailIdentityCommand({ EmailAddress: sender }));
  return sender;
}

/** Points this worker's handlers at the given tables and sender, as serverless.yml does in AWS. */
export function serviceEnvironment(tables: Tables, sender: string, pool?: TestPool): void {
  Object.assign(process.env, {
    NOTIFICATIONS_TABLE: tables.notifications,
    RECIPIENTS_TABLE: tables.recipients,
    IDEMPOTENCY_TABLE: tables.idempotency,
    SES_SENDER: sender,
    POWERTOOLS_SERVICE_NAME: 'notifications',
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
    ...(pool ? { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId } : {}),
  });
}

/** An email as the emulator recorded it. */
export type SentEmail = {
  id: string;
  source: string;
  subject: string;
  body: string;
  destinations: { ToAddresses: string[] };
};

/** Every email the emulator sent to `to` (moto keeps them under ses.Message in /moto-api/data.json). */
export async function emailsTo(to: string): Promise<SentEmail[]> {
  const response = await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`);
  const data = (await response.json()) as { ses?: { Message?: SentEmail[] } };
  return (data.ses?.Message ?? []).filter((email) => email.destinations.ToAddresses.includes(to));
}

export const lambdaContext = (functionName = 'sendNotifications'): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: uniqueName('req'),
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => 20_000,
  }) as Context;

/** How SNS puts an event on the queue: the envelope itself (raw delivery) or wrapped in a Notification. */
export type Delivery = 'raw' | 'sns';

/** An SQS record carrying an event, as Lambda's event source mapping delivers it. */
export function sqsRecord(
  event: EventEnvelope | string,
  options: { messageId?: string; delivery?: Delivery } = {},
): SQSRecord {
  const messageId = options.messageId ?? uniqueName('message');
  const raw = typeof event === 'string' ? event : JSON.stringify(event);
  const body =
    options.delivery === 'sns'
      ? JSON.stringify({ Type: 'Notification', MessageId: uniqueName('sns'), Message: raw })
      : raw;
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:notifications',
    awsRegion: 'us-east-1',
  };
}

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Delivers records to the consumer as one SQS batch; answers the ids of the failed ones. */
export async function deliver(handler: SqsHandler, ...records: SQSRecord[]): Promise<string[]> {
  const answer = await handler({ Records: records }, lambdaContext());
  return answer.batchItemFailures.map((failure) => failure.itemIdentifier);
}

/** A new customer's UserRegistered, with an address no other test uses. */
export function registration(name = 'Ada Lovelace', userId = uniqueName('u')) {
  const email = `${uniqueName('customer')}@example.com`;
  return createEvent(userRegistered, { userId, email, name }, { source: 'users' });
}

export const snapshot = (userId: string, overrides: Partial<OrderSnapshot> = {}): OrderSnapshot => ({
  orderId: uniqueName('o'),
  userId,
  status: 'CONFIRMED',
  items: [{ productId: 'p-lamp', name: 'Desk Lamp', quantity: 2, unitPrice: 1999 }],
  total: 3998,
  currency: 'USD',
  updatedAt: new Date().toISOString(),
  ...overrides,
});

/** An order event as the orders service publishes it. */
export function orderEvent<N extends keyof typeof orderEvents>(
  name: N,
  order: OrderSnapshot,
): EventOf<(typeof orderEvents)[N]> {
  const definition: EventDefinition = orderEvents[name];
  return createEvent(definition, order, { source: 'orders', correlationId: order.orderId }) as EventOf<
    (typeof orderEvents)[N]
  >;
}

export type TestPool = { userPoolId: string; clientId: string };

/** A user pool and app client in the emulator, and a way to get real access tokens of new users. */
export async function userPool(): Promise<
  TestPool & { signIn(email: string): Promise<{ token: string; userId: string }> }
> {
  const cognito = new CognitoIdentityProviderClient({});
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({ PoolName: uniqueName('notifications') }),
  );
  const userPoolId = UserPool?.Id as string;
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'storefront',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = UserPoolClient?.ClientId as string;
  const password = 'Correct-horse-1';
  return {
    userPoolId,
    clientId,
    async signIn(email) {
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
      const { AuthenticationResult } = await cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      const token = AuthenticationResult?.AccessToken as string;
      // The user id every service uses is the token's `sub`, as UserRegistered carries it.
      const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));
      return { token, userId: claims.sub as string };
    },
  };
}

type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Calls GET /notifications as API Gateway would, and parses the JSON answer. */
export async function getNotifications(
  handler: HttpHandler,
  options: { token?: string; query?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const event = {
    version: '2.0',
    routeKey: 'GET /notifications',
    rawPath: '/notifications',
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'GET',
        path: '/notifications',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: uniqueName('request'),
      routeKey: 'GET /notifications',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  } as APIGatewayProxyEventV2;
  const response = await handler(event, lambdaContext('listNotifications'));
  return {
    status: response.statusCode as number,
    body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined,
  };
}

/**
 * Delivers records the way SQS and the event source mapping do: the failed ones again, until none
 * fails or each was received `maxReceiveCount` times (then SQS would move them to the DLQ). Answers
 * the ids that would end in the DLQ.
 */
export async function deliverUntilSettled(
  handler: SqsHandler,
  records: SQSRecord[],
  maxReceiveCount = 5,
): Promise<string[]> {
  let pending = records;
  for (let receive = 1; receive <= maxReceiveCount && pending.length > 0; receive += 1) {
    const failed = new Set(await deliver(handler, ...pending));
    pending = pending.filter((record) => failed.has(record.messageId));
  }
  return pending.map((record) => record.messageId);
}
