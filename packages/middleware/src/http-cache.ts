import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** How long a public answer may be reused by browsers and shared caches (CloudFront), in seconds. */
export type CachePolicy = { maxAgeSeconds: number };

/** What every answer of a route without a cache policy says, and every error and non-GET answer. */
export const NO_STORE = 'no-store';

/** A strong ETag of an answer body: the first 128 bits of its SHA-256, base64url, quoted. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * Whether `If-None-Match` names the current ETag (or is `*`). RFC 9110 §13.1.2: the weak
 * comparison, so `W/"x"` matches `"x"`; a list is comma-separated.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

const headerNamed = (headers: Record<string, unknown>, name: string) =>
  Object.keys(headers).find((header) => header.toLowerCase() === name);

/**
 * Cache headers on every answer. With a policy, a GET answered 200 gets
 * `Cache-Control: public, max-age=n, s-maxage=n` and an ETag of its body, and a request whose
 * `If-None-Match` names that ETag gets a 304 without a body (same ETag and Cache-Control). Anything
 * else (other routes, other methods, errors) is `no-store`, unless the handler chose its own
 * Cache-Control: answers per user or per request must never be kept by a browser or CloudFront.
 */
export const httpCache = (
  cache: CachePolicy | (() => CachePolicy) | undefined,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => {
  // A policy from the environment is read on the first answer, like the rest of the configuration.
  let resolved: string | false | undefined;
  const cacheControl = (): string | false => {
    if (resolved !== undefined) return resolved;
    const policy = typeof cache === 'function' ? cache() : cache;
    if (policy && !(Number.isInteger(policy.maxAgeSeconds) && policy.maxAgeSeconds >= 0))
      throw new Error(
        `httpCache: maxAgeSeconds must be a whole number of seconds ≥ 0, not ${policy.maxAgeSeconds}`,
      );
    resolved = policy ? `public, max-age=${policy.maxAgeSeconds}, s-maxage=${policy.maxAgeSeconds}` : false;
    return resolved;
  };

  const decorate = (request: {
    event: APIGatewayProxyEventV2;
    response: APIGatewayProxyStructuredResultV2 | null | undefined;
  }) => {
    const response = request.response;
    if (!response) return;
    response.headers ??= {};
    const headers = response.headers;
    if (headerNamed(headers, 'cache-control')) return;
    const method = request.event.requestContext?.http?.method ?? 'GET';
    const publicly = method === 'GET' && response.statusCode === 200 ? cacheControl() : false;
    if (!publicly || typeof response.body !== 'string') {
      headers['Cache-Control'] = NO_STORE;
      return;
    }
    const etag = etagOf(response.body as string);
    headers['Cache-Control'] = publicly;
    headers.ETag = etag;
    if (matchesIfNoneMatch(request.event.headers?.['if-none-match'], etag)) {
      // 304: no body, and no Content-Type of a body that is not sent.
      const contentType = headerNamed(headers, 'content-type');
      if (contentType) delete headers[contentType];
      request.response = { statusCode: 304, headers };
    }
  };

  return { after: decorate, onError: decorate };
};
