import middy, { type MiddlewareObj } from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import {
  type Authenticate,
  authenticate as cognitoAuthenticate,
  type Principal,
  requireRole,
  requireStoreAdmin,
} from '@shop/auth';
import { logger, observeInvocation } from '@shop/aws';
import { DEFAULT_STORE_ID, STORE_HEADER, type Store, storeIdSchema } from '@shop/contracts';
import {
  type FieldError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  toProblem,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@shop/errors';
import type { StoreDirectory } from '@shop/store-directory';
import { fieldErrorsFromZod } from '@shop/validation';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { corsHeaders } from './cors.ts';
import { type CachePolicy, httpCache } from './http-cache.ts';

/**
 * Who may call a route: anyone, any signed-in customer, admins only, or (on a store-scoped route) the
 * admins of the request's store: the `admin` group or that store's `store-admin-<storeId>` group.
 */
export type RouteAuth = 'public' | 'customer' | 'admin' | 'storeAdmin';

/** What a route accepts; each schema validates and types that part of the request. */
export type RouteOptions = {
  /** The JSON body; make it `.strict()` so unknown fields are refused. Without it the body is not parsed. */
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  path?: z.ZodMiniType;
  /** Header names are lower-case here (`idempotency-key`); leave the object non-strict. */
  headers?: z.ZodMiniType;
  /** Defaults to `public`. `storeAdmin` needs `stores`. */
  auth?: RouteAuth;
  /**
   * Makes the route store-scoped: the store named by `X-Store-Id` (absent: `main`) is looked up in the
   * service's own directory once, before the body is looked at; a malformed id is a 400, an unknown
   * store a 404, and the handler gets `request.store`.
   */
  stores?: () => StoreDirectory;
  /**
   * Public answers that browsers and CloudFront may keep (`GET` 200 only: `Cache-Control: public`,
   * an ETag, 304 on a matching `If-None-Match`). Without it every answer is `Cache-Control: no-store`.
   * Only for `public` routes whose answer is the same for everyone. A function is called once, on
   * the first answer (a policy from the environment).
   */
  cache?: CachePolicy | (() => CachePolicy);
  /** Replaces Cognito verification (tests, or a stub principal in unit tests of services). */
  authenticate?: Authenticate;
};

type Parsed<O, K extends keyof RouteOptions> = O extends { [P in K]: infer S extends z.ZodMiniType }
  ? z.output<S>
  : undefined;

/** The validated, typed request a route handler receives. */
export type RouteRequest<O extends RouteOptions> = {
  body: Parsed<O, 'body'>;
  query: Parsed<O, 'query'>;
  path: Parsed<O, 'path'>;
  headers: Parsed<O, 'headers'>;
  principal: O extends { auth: 'customer' | 'admin' | 'storeAdmin' } ? Principal : undefined;
  /** The request's store (store-scoped routes only): every read and write of the handler stays in it. */
  store: O extends { stores: () => StoreDirectory } ? Store : undefined;
  /** The caller's `x-correlation-id` if it is `^[A-Za-z0-9-]{1,64}$`, else API Gateway's request id; pass it on. */
  correlationId: string;
  event: APIGatewayProxyEventV2;
  context: Context;
};

/** What a route handler answers; `body` is serialized to JSON, none means no body (204). */
export type RouteResponse = {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
};

export type HttpHandler = middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** A JSON answer. */
export const json = (statusCode: number, body: unknown, headers?: Record<string, string>): RouteResponse => ({
  statusCode,
  body,
  ...(headers ? { headers } : {}),
});

/** A 204 with no body. */
export const noContent = (): RouteResponse => ({ statusCode: 204 });

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';
const BODY_PARSER = '@middy/http-json-body-parser';

// The body parser throws middy's own errors; answer them in the shop's problem vocabulary instead.
function fromBodyParser(error: unknown): HttpError | undefined {
  const cause = (error as { cause?: { package?: string } } | undefined)?.cause;
  if (cause?.package !== BODY_PARSER) return undefined;
  if ((error as { statusCode?: number }).statusCode === 415)
    return new UnsupportedMediaTypeError(undefined, { cause: error });
  return new ValidationError('The body is not valid JSON.', [{ field: 'body', message: 'Malformed JSON' }], {
    cause: error,
  });
}

// Error names the AWS services use when they throttle a caller (DynamoDB, SNS, SQS, SES, Cognito).
const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'KMSThrottlingException',
]);

/**
 * An AWS call the service throttled, still failing after the SDK's own retries: the shop is busy, the
 * request was fine, so it is a 429 to retry later rather than a 500. The SDK marks such errors with the
 * `$retryable.throttling` trait of the service model; the names and a 429 status catch the others.
 */
function fromAwsThrottling(error: unknown): HttpError | undefined {
  if (!error || typeof error !== 'object' || error instanceof HttpError) return undefined;
  const { name, $retryable, $metadata } = error as {
    name?: string;
    $retryable?: { throttling?: boolean };
    $metadata?: { httpStatusCode?: number };
  };
  const throttled =
    $retryable?.throttling === true || $metadata?.httpStatusCode === 429 || THROTTLING_ERRORS.has(name ?? '');
  return throttled
    ? new TooManyRequestsError('The shop is busy; retry shortly.', { cause: error })
    : undefined;
}

/** Answers every thrown error as problem+json; unknown errors are logged with their stack and answered 500. */
export const problemResponses = (): MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2
> => ({
  onError: (request) => {
    const error = fromBodyParser(request.error) ?? fromAwsThrottling(request.error) ?? request.error;
    const problem = toProblem(error);
    if (error instanceof HttpError) {
      // Expected answers, not faults: a short line, with the verifier's reason for a 401.
      const cause = error.cause instanceof Error ? error.cause.name : undefined;
      // A throttled dependency is worth a warning: the alarms and dashboards should see it.
      const level = problem.status === 429 ? 'warn' : 'info';
      logger[level]('Request refused', { status: problem.status, problem: problem.type, cause });
    } else {
      logger.error('Unhandled error', error as Error);
    }
    const headers: Record<string, string> = { 'Content-Type': PROBLEM_TYPE };
    if (problem.status === 401) headers['WWW-Authenticate'] = 'Bearer';
    if (problem.status === 429) headers['Retry-After'] = '1';
    request.response = { statusCode: problem.status, headers, body: JSON.stringify(problem) };
  },
});

function validate(
  schema: z.ZodMiniType | undefined,
  value: unknown,
  root: string,
  errors: FieldError[],
): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Fields are named as the client sent them (`limit`, `shippingAddress.country`); the whole part as its root.
  for (const fieldError of fieldErrorsFromZod(result.error)) {
    errors.push(fieldError.field === '(root)' ? { ...fieldError, field: root } : fieldError);
  }
  return undefined;
}

async function principalFor(
  auth: RouteAuth,
  authorization: string | undefined,
  verify: Authenticate,
): Promise<Principal | undefined> {
  if (auth === 'public') return undefined;
  const principal = await verify(authorization);
  if (auth === 'admin') requireRole(principal, 'admin');
  return principal;
}

/** The largest body any route accepts: 64 KB, counted in bytes as sent (a base64 body by its decoded size). */
export const MAX_BODY_BYTES = 65_536;

/** The body's size in bytes, without decoding it. */
export function bodyBytes(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): number {
  const body: unknown = event.body;
  if (body === undefined || body === null) return 0;
  // API Gateway always hands a string; serverless-offline hands a JSON body of `false` or `0` parsed.
  if (typeof body !== 'string') return Buffer.byteLength(JSON.stringify(body) ?? '');
  return Buffer.byteLength(body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** Refuses a body over MAX_BODY_BYTES with 413, on every route, before anything parses or reads it. */
const bodyLimit = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  before: (request) => {
    if (bodyBytes(request.event) > MAX_BODY_BYTES)
      throw new PayloadTooLargeError(`The body must not be larger than 64 KB (${MAX_BODY_BYTES} bytes).`);
  },
});

// A caller's correlation id goes into every log line and event of the request: letters, digits and
// dashes only (a UUID, API Gateway's request id), so it can neither forge a log line nor carry data.
const CORRELATION_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The caller's `x-correlation-id` when it is a plain id (`^[A-Za-z0-9-]{1,64}$`), else API Gateway's request id. */
export function correlationIdOf(event: APIGatewayProxyEventV2): string {
  const header = event.headers?.['x-correlation-id'];
  return header !== undefined && CORRELATION_ID.test(header) ? header : event.requestContext.requestId;
}

// Filled before the body is parsed, so an anonymous caller learns nothing about the body's validity.
const principals = new WeakMap<APIGatewayProxyEventV2, Principal>();
const stores = new WeakMap<APIGatewayProxyEventV2, Store>();

/** The store a request names in `X-Store-Id`: `main` when absent; a malformed id is a 400. */
export function storeIdOf(event: Pick<APIGatewayProxyEventV2, 'headers'>): string {
  const header = event.headers?.[STORE_HEADER];
  if (header === undefined) return DEFAULT_STORE_ID;
  const parsed = storeIdSchema.safeParse(header);
  if (parsed.success) return parsed.data;
  throw new ValidationError('The request is invalid.', [
    { field: `headers.${STORE_HEADER}`, message: parsed.error.issues[0]?.message ?? 'Invalid store id' },
  ]);
}

/**
 * Resolves the request's store once (400 malformed, 404 unknown) and, for `storeAdmin`, requires the
 * caller to administer it (403): after authentication, before the body is looked at.
 */
const storeResolution = (
  auth: RouteAuth,
  directory: () => StoreDirectory,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  before: async (request) => {
    const storeId = storeIdOf(request.event);
    const store = await directory().find(storeId);
    if (!store) throw new NotFoundError(`There is no store "${storeId}".`);
    const principal = principals.get(request.event);
    if (auth === 'storeAdmin' && principal) requireStoreAdmin(principal, store.storeId);
    stores.set(request.event, store);
  },
});

/** Authenticates (and authorizes) the caller for the route's `auth` before anything else is looked at. */
const authentication = (
  auth: RouteAuth,
  verify: Authenticate,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  before: async (request) => {
    const principal = await principalFor(auth, request.event.headers?.authorization, verify);
    if (principal) principals.set(request.event, principal);
  },
});

/**
 * Builds an API Gateway HTTP API (payload v2) handler: normalizes the event, refuses a body over 64 KB
 * (413), authenticates, parses JSON when a body schema is given, validates every part with zod, calls the
 * handler and answers JSON, or problem+json for any error; adds CORS and security headers, logger
 * context, metrics and tracing.
 */
export function httpRoute<const O extends RouteOptions>(
  options: O,
  handler: (request: RouteRequest<O>) => Promise<RouteResponse>,
): HttpHandler {
  // A cached answer is served to whoever asks next: never one that needed a token.
  if (options.cache && (options.auth ?? 'public') !== 'public')
    throw new Error('httpRoute: only public routes may be cached');
  if (options.auth === 'storeAdmin' && !options.stores)
    throw new Error('httpRoute: a storeAdmin route must be store-scoped (`stores`)');
  const route = async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    // The logger's correlation id is the one handed on to events (a caller's well-formed x-correlation-id wins).
    const correlationId = correlationIdOf(event);
    logger.setCorrelationId(correlationId);
    const principal = principals.get(event);
    const store = stores.get(event);
    const errors: FieldError[] = [];
    const path = validate(options.path, event.pathParameters ?? {}, 'path', errors);
    const query = validate(options.query, event.queryStringParameters ?? {}, 'query', errors);
    const headers = validate(options.headers, event.headers ?? {}, 'headers', errors);
    const body = validate(options.body, event.body, 'body', errors);
    if (errors.length > 0) throw new ValidationError('The request is invalid.', errors);
    const response = await handler({
      body,
      query,
      path,
      headers,
      principal,
      store,
      correlationId,
      event,
      context,
    } as RouteRequest<O>);
    // A store-scoped answer depends on X-Store-Id: browsers and CloudFront keep one copy per store.
    const vary: Record<string, string> = options.stores ? { Vary: 'X-Store-Id' } : {};
    if (response.body === undefined)
      return { statusCode: response.statusCode, headers: { ...vary, ...response.headers } };
    return {
      statusCode: response.statusCode,
      headers: { 'Content-Type': JSON_TYPE, ...vary, ...response.headers },
      body: JSON.stringify(response.body),
    };
  };

  // `before` runs top-down, `after`/`onError` bottom-up: problem mapping answers first, then cache
  // headers (and a 304), CORS and security headers decorate that answer, and the Powertools middlewares wrap everything.
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(observeInvocation({ correlationIdPath: 'requestContext.requestId' }))
    .use(httpSecurityHeaders())
    .use(corsHeaders())
    .use(httpCache(options.cache))
    .use(problemResponses())
    .use(httpHeaderNormalizer())
    .use(httpEventNormalizer())
    .use(bodyLimit())
    .use(authentication(options.auth ?? 'public', options.authenticate ?? cognitoAuthenticate));
  if (options.stores) chain.use(storeResolution(options.auth ?? 'public', options.stores));
  if (options.body) chain.use(httpJsonBodyParser());
  return chain.handler(route);
}
