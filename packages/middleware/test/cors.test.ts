import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { corsConfig } from '../src/cors.ts';
import { httpEvent, lambdaContext } from './fixtures.ts';

const storefront = 'https://shop.example';
const admin = 'https://admin.shop.example';

describe('corsConfig', () => {
  it.each([
    ['unset, locally', { STAGE: 'local' }, ['*']],
    ['unset, in a deployed stage', { STAGE: 'prod' }, []],
    ['unset, without a stage', {}, []],
    ['empty', { STAGE: 'prod', CORS_ALLOWED_ORIGINS: '' }, []],
    ['one origin', { STAGE: 'prod', CORS_ALLOWED_ORIGINS: storefront }, [storefront]],
    [
      'a list, spaced',
      { STAGE: 'dev', CORS_ALLOWED_ORIGINS: ` ${storefront} , ${admin},http://127.0.0.1:5173` },
      [storefront, admin, 'http://127.0.0.1:5173'],
    ],
    ['* locally', { STAGE: 'local', CORS_ALLOWED_ORIGINS: '*' }, ['*']],
  ])('reads %s', (_, env, allowedOrigins) => {
    expect(corsConfig(env)).toEqual({ allowedOrigins });
  });

  it.each([
    ['* in a deployed stage', { STAGE: 'prod', CORS_ALLOWED_ORIGINS: '*' }, /only in the local stage/],
    ['* beside origins', { STAGE: 'local', CORS_ALLOWED_ORIGINS: `*,${storefront}` }, /cannot be listed/],
    ['a trailing slash', { STAGE: 'prod', CORS_ALLOWED_ORIGINS: `${storefront}/` }, /must be an origin/],
    ['a path', { STAGE: 'prod', CORS_ALLOWED_ORIGINS: `${storefront}/shop` }, /must be an origin/],
    ['a bare host', { STAGE: 'prod', CORS_ALLOWED_ORIGINS: 'shop.example' }, /must be an origin/],
    [
      'a wildcard host',
      { STAGE: 'prod', CORS_ALLOWED_ORIGINS: 'https://*.shop.example' },
      /must be an origin/,
    ],
    ['another scheme', { STAGE: 'prod', CORS_ALLOWED_ORIGINS: 'ftp://shop.example' }, /must be an origin/],
  ])('refuses %s, naming the variable', (_, env, reason) => {
    expect(() => corsConfig(env)).toThrow(/CORS_ALLOWED_ORIGINS: invalid/);
    expect(() => corsConfig(env)).toThrow(reason);
  });
});

describe('httpRoute CORS', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** A route of a fresh module graph, so the configuration is read from this environment. */
  async function routeWith(env: Record<string, string | undefined>) {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    const { httpRoute, json } = await import('../src/index.ts');
    const handler = vi.fn(async () => json(200, { ok: true }));
    const route = httpRoute({}, handler);
    const call = (origin?: string) =>
      route(httpEvent(origin ? { headers: { Origin: origin } } : {}), lambdaContext()) as Promise<
        APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> }
      >;
    return { call, handler };
  }

  it('answers any origin with * locally when nothing is configured', async () => {
    const { call } = await routeWith({ STAGE: 'local', CORS_ALLOWED_ORIGINS: undefined });
    const response = await call('http://127.0.0.1:5173');
    expect(response.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(response.headers['Access-Control-Allow-Headers']).toBe(
      'Authorization,Content-Type,Idempotency-Key,X-Correlation-Id,X-Store-Id',
    );
  });

  it('sends no CORS headers at all in a deployed stage where nothing is configured', async () => {
    const { call } = await routeWith({ STAGE: 'prod', CORS_ALLOWED_ORIGINS: undefined });
    const response = await call(storefront);
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.headers).filter((name) => /^access-control-/i.test(name))).toEqual([]);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('answers a listed origin with itself and Vary: Origin', async () => {
    const { call } = await routeWith({ STAGE: 'prod', CORS_ALLOWED_ORIGINS: `${storefront},${admin}` });
    for (const origin of [storefront, admin]) {
      const response = await call(origin);
      expect(response.headers['Access-Control-Allow-Origin']).toBe(origin);
      expect(response.headers.Vary).toBe('Origin');
    }
  });

  it.each([
    ['one origin', storefront],
    ['several', `${storefront},${admin}`],
  ])(
    'with %s listed, answers another origin, or none, without Allow-Origin but with Vary: Origin',
    async (_, list) => {
      const { call } = await routeWith({ STAGE: 'prod', CORS_ALLOWED_ORIGINS: list });
      for (const origin of ['https://evil.example', `${storefront}.evil.example`, undefined]) {
        const response = await call(origin);
        expect(response.statusCode).toBe(200);
        expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
        expect(response.headers.Vary).toBe('Origin');
      }
      expect((await call(storefront)).headers.Vary).toBe('Origin');
    },
  );

  it('decorates problems the same way', async () => {
    vi.stubEnv('STAGE', 'prod');
    vi.stubEnv('CORS_ALLOWED_ORIGINS', storefront);
    vi.resetModules();
    const { httpRoute } = await import('../src/index.ts');
    const failing = httpRoute({}, async () => {
      throw new Error('boom');
    });
    const response = await failing(httpEvent({ headers: { Origin: storefront } }), lambdaContext());
    expect(response.statusCode).toBe(500);
    expect(response.headers?.['Access-Control-Allow-Origin']).toBe(storefront);
    expect(response.headers?.Vary).toBe('Origin');
  });

  it('fails a request before its handler runs when the configuration is invalid', async () => {
    const { call, handler } = await routeWith({ STAGE: 'prod', CORS_ALLOWED_ORIGINS: '*' });
    const response = await call(storefront);
    expect(response.statusCode).toBe(500);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect(handler).not.toHaveBeenCalled();
  });
});
