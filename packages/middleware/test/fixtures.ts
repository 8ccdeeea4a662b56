import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** A fabricated API Gateway HTTP API (payload v2) event. */
export function httpEvent(
  overrides: Partial<APIGatewayProxyEventV2> & { method?: string; json?: unknown } = {},
): APIGatewayProxyEventV2 {
  const { method = 'GET', json, headers, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: `${method} /test`,
    rawPath: '/test',
    rawQueryString: '',
    headers: {
      Host: 'api.shop.example',
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.shop.example',
      domainPrefix: 'api',
      http: { method, path: '/test', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: `${method} /test`,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    ...rest,
  } as APIGatewayProxyEventV2;
}

/** A fabricated Lambda context. */
export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'shop-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:shop-test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-request-1',
  logGroupName: '/aws/lambda/shop-test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
