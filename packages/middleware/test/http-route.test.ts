import type { Principal } from '@shop/auth';
import { logger } from '@shop/aws';
import { ConflictError, NotFoundError, UnauthorizedError } from '@shop/errors';
import { paginationQuery } from '@shop/validation';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { httpRoute, json, MAX_BODY_BYTES, noContent } from '../src/index.ts';
import { httpEvent, lambdaContext } from './fixtures.ts';

// The routes below read their CORS configuration on their first request: the local stage's `*`.
beforeAll(() => {
  vi.stubEnv('STAGE', 'local');
  vi.stubEnv('CORS_ALLOWED_ORIGINS', undefined);
});

const problemOf = (response: APIGatewayProxyStructuredResultV2) => {
  expect(response.headers?.['Content-Type']).toBe('application/problem+json');
  return JSON.parse(response.body as string);
};

const addItemBody = z.strictObject({ quantity: z.number().check(z.int(), z.minimum(1), z.maximum(99)) });
const productPath = z.object({ productId: z.string().check(z.minLength(1)) });

const addItem = httpRoute({ body: addItemBody, path: productPath }, async ({ body, path }) =>
  json(200, { productId: path.productId, quantity: body.quantity }),
);
const listProducts = httpRoute({ query: paginationQuery }, async ({ query }) => {
  expectTypeOf(query.limit).toEqualTypeOf<number>();
  return json(200, { limit: query.limit, cursor: query.cursor ?? null });
});

describe('httpRoute', () => {
  it('answers a valid request with JSON and typed, coerced input', async () => {
    const response = await listProducts(
      httpEvent({ queryStringParameters: { limit: '5' } }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Content-Type']).toBe('application/json');
    expect(JSON.parse(response.body as string)).toEqual({ limit: 5, cursor: null });
  });

  it('parses and validates a JSON body together with path parameters', async () => {
    const response = await addItem(
      httpEvent({ method: 'PUT', pathParameters: { productId: 'p1' }, json: { quantity: 2 } }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toEqual({ productId: 'p1', quantity: 2 });
  });

  it('answers 400 naming the query field that is invalid', async () => {
    const response = await listProducts(
      httpEvent({ queryStringParameters: { limit: '500' } }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ status: 400, type: 'https://shop.example/problems/validation' });
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
  });

  it('answers 400 for malformed JSON', async () => {
    const event = httpEvent({ method: 'PUT', pathParameters: { productId: 'p1' }, json: {} });
    event.body = '{"quantity": 2';
    const response = await addItem(event, lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([{ field: 'body', message: 'Malformed JSON' }]);
  });

  it('answers 415 when the body is not JSON', async () => {
    const event = httpEvent({
      method: 'PUT',
      pathParameters: { productId: 'p1' },
      headers: { 'content-type': 'text/plain' },
      body: 'quantity=2',
    });
    const response = await addItem(event, lambdaContext());
    expect(response.statusCode).toBe(415);
    expect(problemOf(response)).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
  });

  it('answers 400 listing each unknown body field', async () => {
    const response = await addItem(
      httpEvent({
        method: 'PUT',
        pathParameters: { productId: 'p1' },
        json: { quantity: 1, price: 0, userId: 'someone' },
      }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(400);
    const fields = problemOf(response).errors.map((e: { field: string }) => e.field);
    expect(fields.sort()).toEqual(['price', 'userId']);
  });

  it('names the whole body when it is not an object', async () => {
    const response = await addItem(
      httpEvent({ method: 'PUT', pathParameters: { productId: 'p1' }, json: [1] }),
      lambdaContext(),
    );
    expect(problemOf(response).errors.map((e: { field: string }) => e.field)).toEqual(['body']);
  });

  it('answers a thrown NotFoundError as a 404 problem', async () => {
    const handler = httpRoute({}, async () => {
      throw new NotFoundError('No product has the id "p9".');
    });
    const response = await handler(httpEvent(), lambdaContext());
    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toEqual({
      type: 'https://shop.example/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'No product has the id "p9".',
    });
  });

  it('answers a thrown plain Error as a generic 500 without its message or stack', async () => {
    const handler = httpRoute({}, async () => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await handler(httpEvent(), lambdaContext());
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/secret|postgres|at /);
    expect(problemOf(response)).toMatchObject({ status: 500, detail: 'An unexpected error occurred.' });
  });

  it.each([
    ['the throttling trait', { name: 'SomeNewThrottle', $retryable: { throttling: true }, $metadata: {} }],
    ['a 429 from the service', { name: 'Unknown', $metadata: { httpStatusCode: 429 } }],
    ['its name', { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } }],
  ])(
    'answers an AWS call throttled after its retries (known by %s) with 429 and Retry-After',
    async (_, fields) => {
      const handler = httpRoute({}, async () => {
        throw Object.assign(new Error('Rate exceeded'), fields);
      });
      const response = await handler(httpEvent(), lambdaContext());
      expect(response.statusCode).toBe(429);
      expect(response.headers?.['Retry-After']).toBe('1');
      expect(problemOf(response)).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(response.body).not.toMatch(/Rate exceeded/);
    },
  );

  it('still answers an AWS failure that is not throttling with the generic 500', async () => {
    const handler = httpRoute({}, async () => {
      throw Object.assign(new Error('boom'), {
        name: 'InternalServerError',
        $retryable: { throttling: false },
        $metadata: { httpStatusCode: 500 },
      });
    });
    expect((await handler(httpEvent(), lambdaContext())).statusCode).toBe(500);
  });

  it('adds CORS and security headers to successes and errors alike', async () => {
    const ok = await httpRoute({}, async () => json(200, { ok: true }))(
      httpEvent({ headers: { Origin: 'https://storefront.example' } }),
      lambdaContext(),
    );
    const failed = await httpRoute({}, async () => {
      throw new ConflictError();
    })(httpEvent({ headers: { Origin: 'https://storefront.example' } }), lambdaContext());
    for (const response of [ok, failed]) {
      expect(response.headers?.['Access-Control-Allow-Origin']).toBe('*');
      expect(response.headers?.['X-Content-Type-Options']).toBe('nosniff');
      expect(response.headers?.['Strict-Transport-Security']).toMatch(/max-age=/);
    }
    expect(ok.headers?.['Content-Type']).toBe('application/json');
    expect(failed.headers?.['Content-Type']).toBe('application/problem+json');
  });

  it('answers 204 with no body and no content type', async () => {
    const response = await httpRoute({}, async () => noContent())(
      httpEvent({ method: 'DELETE' }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    expect(response.headers?.['Content-Type']).toBeUndefined();
  });

  it('validates headers by their lower-case names', async () => {
    const handler = httpRoute(
      { headers: z.object({ 'idempotency-key': z.string().check(z.minLength(1), z.maxLength(255)) }) },
      async ({ headers }) => json(200, { key: headers['idempotency-key'] }),
    );
    const ok = await handler(httpEvent({ headers: { 'Idempotency-Key': 'k-1' } }), lambdaContext());
    expect(JSON.parse(ok.body as string)).toEqual({ key: 'k-1' });
    const missing = await handler(httpEvent(), lambdaContext());
    expect(problemOf(missing).errors.map((e: { field: string }) => e.field)).toEqual(['idempotency-key']);
  });
});

describe('httpRoute auth', () => {
  const customer: Principal = { userId: 'u1', username: 'ada', groups: [], roles: ['customer'] };
  const admin: Principal = {
    userId: 'u2',
    username: 'root',
    groups: ['admin'],
    roles: ['customer', 'admin'],
  };
  const stubAuthenticate = async (header: string | undefined) => {
    if (header === 'Bearer customer') return customer;
    if (header === 'Bearer admin') return admin;
    throw new UnauthorizedError();
  };
  const whoAmI = (auth: 'customer' | 'admin') =>
    httpRoute({ auth, authenticate: stubAuthenticate, body: z.strictObject({}) }, async ({ principal }) => {
      expectTypeOf(principal).toEqualTypeOf<Principal>();
      return json(200, { userId: principal.userId });
    });

  it('hands the verified principal to a customer route', async () => {
    const response = await whoAmI('customer')(
      httpEvent({ method: 'POST', headers: { Authorization: 'Bearer customer' }, json: {} }),
      lambdaContext(),
    );
    expect(JSON.parse(response.body as string)).toEqual({ userId: 'u1' });
  });

  it('answers 401 with WWW-Authenticate before looking at the body', async () => {
    const handler = vi.fn();
    const route = httpRoute(
      { auth: 'customer', authenticate: stubAuthenticate, body: z.object({}) },
      handler,
    );
    const response = await route(
      httpEvent({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(401);
    expect(response.headers?.['WWW-Authenticate']).toBe('Bearer');
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 403 to a customer on an admin route and lets an admin in', async () => {
    const route = whoAmI('admin');
    const forbidden = await route(
      httpEvent({ method: 'POST', headers: { Authorization: 'Bearer customer' }, json: {} }),
      lambdaContext(),
    );
    expect(forbidden.statusCode).toBe(403);
    expect(problemOf(forbidden).status).toBe(403);
    const allowed = await route(
      httpEvent({ method: 'POST', headers: { Authorization: 'Bearer admin' }, json: {} }),
      lambdaContext(),
    );
    expect(allowed.statusCode).toBe(200);
  });

  it('gives public routes no principal', async () => {
    httpRoute({}, async ({ principal }) => {
      expectTypeOf(principal).toEqualTypeOf<undefined>();
      return noContent();
    });
  });
});

describe('httpRoute body limit', () => {
  const noteBody = z.strictObject({ note: z.string() });
  const handler = vi.fn(async () => json(200, { ok: true }));
  const saveNote = httpRoute({ body: noteBody }, handler);
  // A JSON body of exactly `bytes` bytes: {"note":"xx…"} (11 bytes of framing).
  const noteOf = (bytes: number, char = 'x') =>
    JSON.stringify({ note: char.repeat((bytes - 11) / Buffer.byteLength(char)) });
  const post = (body: string, extra: Partial<APIGatewayProxyEventV2> = {}) =>
    httpEvent({ method: 'POST', headers: { 'content-type': 'application/json' }, body, ...extra });

  it('accepts a body of exactly 64 KB', async () => {
    const body = noteOf(MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(65_536);
    expect((await saveNote(post(body), lambdaContext())).statusCode).toBe(200);
  });

  it('answers 413 problem+json to one byte more, before parsing it and without calling the handler', async () => {
    handler.mockClear();
    const response = await saveNote(post(`${noteOf(MAX_BODY_BYTES)} `), lambdaContext());
    expect(response.statusCode).toBe(413);
    expect(problemOf(response)).toEqual({
      type: 'https://shop.example/problems/payload-too-large',
      title: 'Content Too Large',
      status: 413,
      detail: 'The body must not be larger than 64 KB (65536 bytes).',
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 413, not 400, to an oversized body that is not even JSON', async () => {
    const response = await saveNote(post(`{${'x'.repeat(70_000)}`), lambdaContext());
    expect(response.statusCode).toBe(413);
  });

  it('counts bytes, not characters', async () => {
    const body = noteOf(65_537, 'é');
    expect(Buffer.byteLength(body)).toBe(65_537);
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expect((await saveNote(post(body), lambdaContext())).statusCode).toBe(413);
  });

  it('counts a base64 body by its decoded size', async () => {
    const encoded = (body: string) => post(Buffer.from(body).toString('base64'), { isBase64Encoded: true });
    const fits = noteOf(60_000);
    expect(Buffer.from(fits).toString('base64').length).toBeGreaterThan(MAX_BODY_BYTES);
    expect((await saveNote(encoded(fits), lambdaContext())).statusCode).toBe(200);
    expect((await saveNote(encoded(noteOf(66_000)), lambdaContext())).statusCode).toBe(413);
  });

  it('answers 400, not 500, to a JSON scalar body handed over already parsed (serverless-offline)', async () => {
    for (const body of [false, 0, true]) {
      const response = await saveNote(post(body as unknown as string), lambdaContext());
      expect(response.statusCode).toBe(400);
    }
  });

  it('applies to routes without a body schema and to callers without a token', async () => {
    const ping = httpRoute({}, async () => noContent());
    expect((await ping(post('x'.repeat(70_000)), lambdaContext())).statusCode).toBe(413);
    // Counting bytes is cheaper than verifying a token, so an anonymous flood of big bodies stops here.
    const refuseEveryone = async (): Promise<Principal> => {
      throw new UnauthorizedError();
    };
    const guarded = httpRoute({ auth: 'customer', authenticate: refuseEveryone }, handler);
    expect((await guarded(post('x'.repeat(70_000)), lambdaContext())).statusCode).toBe(413);
    expect((await guarded(post('{}'), lambdaContext())).statusCode).toBe(401);
  });
});

describe('httpRoute validation answers', () => {
  const strictBody = z.strictObject({ quantity: z.number() });
  const route = httpRoute({ body: strictBody }, async () => noContent());
  const post = (value: unknown) => httpEvent({ method: 'POST', json: value });

  it('lists at most 20 field errors and says how many more there were', async () => {
    const body = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`extra${i}`, i]));
    const problem = problemOf(await route(post({ quantity: 1, ...body }), lambdaContext()));
    expect(problem.errors).toHaveLength(20);
    expect(problem.detail).toBe('The request is invalid. 30 more field errors are not listed.');
  });

  it('never echoes a huge unknown key whole', async () => {
    const response = await route(post({ quantity: 1, ['k'.repeat(60_000)]: 1 }), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect((response.body as string).length).toBeLessThan(1_000);
  });

  it('answers any body of unknown keys with a problem of bounded size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 2_000 }), fc.integer(), { maxKeys: 60 }),
        async (extra) => {
          const response = await route(post({ ...extra, quantity: 'not a number' }), lambdaContext());
          expect(response.statusCode).toBe(400);
          const problem = problemOf(response);
          expect(problem.errors.length).toBeLessThanOrEqual(20);
          expect((response.body as string).length).toBeLessThan(20 * 400 + 500);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('httpRoute correlation id', () => {
  const seen: Array<{ handed: string; logged: unknown }> = [];
  const route = httpRoute({}, async ({ correlationId }) => {
    seen.push({ handed: correlationId, logged: logger.getCorrelationId() });
    return noContent();
  });
  const idFor = async (header: string | undefined) => {
    seen.length = 0;
    await route(
      httpEvent(header === undefined ? {} : { headers: { 'X-Correlation-Id': header } }),
      lambdaContext(),
    );
    return seen[0];
  };

  it.each(['c0ffee-42', 'A'.repeat(64), '3f2b8c1e-6d4a-4e1f-9a7b-2c5d8e9f0a1b'])(
    'hands on and logs a well-formed caller id: %s',
    async (header) => {
      expect(await idFor(header)).toEqual({ handed: header, logged: header });
    },
  );

  it.each([
    ['none', undefined],
    ['an empty one', ''],
    ['one of 65 characters', 'A'.repeat(65)],
    ['one with spaces', 'order 42'],
    ['a forged log line', 'x\n{"level":"ERROR","message":"forged"}'],
    ['a token', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig'],
    ['several ids', 'a-1,b-2'],
  ])('uses API Gateway’s request id instead of %s', async (_, header) => {
    expect(await idFor(header)).toEqual({ handed: 'request-1', logged: 'request-1' });
  });
});
