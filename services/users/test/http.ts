import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const context = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'shop-users-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:shop-users-test',
  memoryLimitInMB: '512',
  awsRequestId: 'aws-request-1',
  logGroupName: '/aws/lambda/shop-users-test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export type Call = {
  token?: string;
  authorization?: string;
  json?: unknown;
  query?: Record<string, string>;
};

/** What a handler answered, with the JSON body parsed. */
export type Answer = {
  status: number;
  body: unknown;
  rawBody: string | undefined;
  headers: Record<string, unknown>;
};

/** Invokes a handler with a fabricated API Gateway HTTP API (payload v2) event, as API Gateway would. */
export async function invoke(handler: Handler, route: string, call: Call = {}): Promise<Answer> {
  const [method = 'GET', path = '/'] = route.split(' ');
  const headers: Record<string, string> = { host: 'api.shop.example' };
  if (call.json !== undefined) headers['content-type'] = 'application/json';
  const authorization = call.authorization ?? (call.token ? `Bearer ${call.token}` : undefined);
  if (authorization !== undefined) headers.authorization = authorization;
  const event = {
    version: '2.0',
    routeKey: route,
    rawPath: path,
    rawQueryString: new URLSearchParams(call.query ?? {}).toString(),
    headers,
    ...(call.query ? { queryStringParameters: call.query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.shop.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `request-${Math.random().toString(36).slice(2)}`,
      routeKey: route,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
  } as APIGatewayProxyEventV2;
  const response = await handler(event, context());
  const rawBody = response.body;
  return {
    status: response.statusCode as number,
    body: rawBody ? JSON.parse(rawBody) : undefined,
    rawBody,
    headers: response.headers ?? {},
  };
}
