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
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { EventEnvelope } from '@shop/events';
import { createServiceTable, uniqueName } from '@shop/testing';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSRecord,
} from 'aws-lambda';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = {
  products: string;
  search: string;
  reservations: string;
  outbox: string;
  idempotency: string;
};

/** Creates every table of this service in the emulator, as serverless.yml declares them, under fresh names. */
export async function createTables(): Promise<Tables> {
  const tables: Tables = {
    products: uniqueName('products'),
    search: uniqueName('search'),
    reservations: uniqueName('reservations'),
    outbox: uniqueName('outbox'),
    idempotency: uniqueName('idempotency'),
  };
  await Promise.all([
    createServiceTable(serviceDir, 'ProductsTable', tables.products),
    createServiceTable(serviceDir, 'ProductSearchTable', tables.search),
    createServiceTable(serviceDir, 'StockReservationsTable', tables.reservations),
    createServiceTable(serviceDir, 'OutboxTable', tables.outbox),
    createServiceTable(serviceDir, 'IdempotencyTable', tables.idempotency),
  ]);
  return tables;
}

/** How many items a table holds (a test may scan; the service never scans for a listing). */
export async function itemCount(tableName: string): Promise<number> {
  const { Count } = await new DynamoDBClient({}).send(
    new ScanCommand({ TableName: tableName, Select: 'COUNT' }),
  );
  return Count ?? 0;
}

/** A product-events topic with a raw SQS subscription to read what was published. */
export async function topicWithQueue(): Promise<{ topicArn: string; queueUrl: string }> {
  const sns = new SNSClient({});
  const sqs = new SQSClient({});
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('product-events') }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('listener') }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return { topicArn: TopicArn as string, queueUrl: QueueUrl as string };
}

/** Everything published so far (read and deleted from the listening queue). */
export async function drain(queueUrl: string): Promise<EventEnvelope[]> {
  const sqs = new SQSClient({});
  const events: EventEnvelope[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return events;
    events.push(...Messages.map((message) => JSON.parse(message.Body as string) as EventEnvelope));
    await sqs.send(
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

const password = 'Correct-horse-1';

/** A user pool with an admin group, an admin and a customer, and their access tokens (signed by moto). */
export async function userPoolWithTokens() {
  const cognito = new CognitoIdentityProviderClient({});
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: uniqueName('products') }));
  const userPoolId = UserPool?.Id as string;
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'admin-app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = UserPoolClient?.ClientId as string;
  await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admin' }));
  const tokenOf = async (email: string, groups: string[]) => {
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
    return AuthenticationResult?.AccessToken as string;
  };
  return {
    userPoolId,
    clientId,
    adminToken: await tokenOf('admin@example.com', ['admin']),
    customerToken: await tokenOf('customer@example.com', []),
  };
}

/** Points this worker's handlers at the given tables, topic and pool, as serverless.yml does in AWS. */
export function serviceEnvironment(
  tables: Tables,
  topicArn: string,
  pool?: { userPoolId: string; clientId: string },
): void {
  Object.assign(process.env, {
    PRODUCTS_TABLE: tables.products,
    PRODUCT_SEARCH_TABLE: tables.search,
    STOCK_RESERVATIONS_TABLE: tables.reservations,
    OUTBOX_TABLE: tables.outbox,
    IDEMPOTENCY_TABLE: tables.idempotency,
    PRODUCT_EVENTS_TOPIC_ARN: topicArn,
    ...(pool ? { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId } : {}),
  });
}

export const lambdaContext = (functionName = 'products-test'): Context =>
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
    query?: Record<string, string>;
    body?: unknown;
    token?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const [method, routePath] = routeKey.split(' ') as [string, string];
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return {
    version: '2.0',
    routeKey,
    rawPath: options.path ?? routePath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
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
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:stock-requests',
    awsRegion: 'us-east-1',
  };
}
