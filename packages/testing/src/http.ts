import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext } from './lambda.ts';
import { uniqueName } from './names.ts';

export type HttpEventOptions = {
  /** The request path; by default the route's path with its `{parameters}` filled in. */
  path?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** Sent as JSON (with its content type), or as it is when a string. */
  body?: unknown;
  /** An access token, sent as `authorization: Bearer …`. */
  token?: string;
  /** Extra headers; they win over the ones `body` and `token` set. */
  headers?: Record<string, string>;
};

/** An API Gateway HTTP API (payload v2) event, as the route's integration would deliver it. */
export function httpEvent(routeKey: string, options: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const [method = 'GET', routePath = '/'] = routeKey.split(' ');
  const path =
    options.path ??
    routePath.replace(/\{(\w+)\}/g, (parameter, name: string) => options.pathParameters?.[name] ?? parameter);
  const headers: Record<string, string> = {
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
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
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: uniqueName('request'),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What an HTTP handler answered, with its JSON body parsed. */
export type HttpAnswer = {
  status: number;
  headers: NonNullable<APIGatewayProxyStructuredResultV2['headers']>;
  body: Record<string, unknown> | undefined;
  rawBody: string | undefined;
};

/** Invokes an HTTP handler with an event and parses its JSON answer. */
export async function invokeHttp(
  handler: HttpHandler,
  event: APIGatewayProxyEventV2,
  context: Context = lambdaContext(),
): Promise<HttpAnswer> {
  const response = await handler(event, context);
  return {
    status: response.statusCode as number,
    headers: response.headers ?? {},
    body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined,
    rawBody: response.body,
  };
}
