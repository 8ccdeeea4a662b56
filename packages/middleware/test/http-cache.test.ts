import { NotFoundError } from '@shop/errors';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { etagOf, httpRoute, json, matchesIfNoneMatch, noContent } from '../src/index.ts';
import { httpEvent, lambdaContext } from './fixtures.ts';

beforeAll(() => {
  vi.stubEnv('STAGE', 'local');
  vi.stubEnv('CORS_ALLOWED_ORIGINS', undefined);
});

let shelf: Record<string, { name: string; price: number }> = {};
const productPath = z.object({ productId: z.string().check(z.minLength(1)) });
const getProduct = httpRoute({ path: productPath, cache: { maxAgeSeconds: 30 } }, async ({ path }) => {
  const found = shelf[path.productId];
  if (!found) throw new NotFoundError('No such product.');
  return json(200, found);
});
const uncached = httpRoute({ path: productPath }, async () => json(200, { ok: true }));
const remove = httpRoute({ path: productPath, cache: { maxAgeSeconds: 30 } }, async () => noContent());
const ask = (handler: typeof getProduct, headers: Record<string, string> = {}, method = 'GET') =>
  handler(httpEvent({ method, pathParameters: { productId: 'p1' }, headers }), lambdaContext());

describe('cache headers of httpRoute', () => {
  it('answers a cacheable GET with public Cache-Control and a strong ETag of its body', async () => {
    shelf = { p1: { name: 'Lamp', price: 100 } };
    const response = await ask(getProduct);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Cache-Control']).toBe('public, max-age=30, s-maxage=30');
    expect(response.headers?.ETag).toBe(etagOf(response.body as string));
    expect(response.headers?.ETag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('answers 304 without a body to an If-None-Match naming the current ETag, weak or in a list', async () => {
    shelf = { p1: { name: 'Lamp', price: 100 } };
    const { headers } = await ask(getProduct);
    const etag = String(headers?.ETag);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await ask(getProduct, { 'If-None-Match': ifNoneMatch });
      expect(response.statusCode).toBe(304);
      expect(response.body).toBeUndefined();
      expect(response.headers?.ETag).toBe(etag);
      expect(response.headers?.['Cache-Control']).toBe('public, max-age=30, s-maxage=30');
      expect(response.headers?.['Content-Type']).toBeUndefined();
    }
  });

  it('answers 200 with the new body and a new ETag once the product changed', async () => {
    shelf = { p1: { name: 'Lamp', price: 100 } };
    const before = String((await ask(getProduct)).headers?.ETag);
    shelf = { p1: { name: 'Lamp', price: 90 } };
    const response = await ask(getProduct, { 'if-none-match': before });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toEqual({ name: 'Lamp', price: 90 });
    expect(response.headers?.ETag).not.toBe(before);
  });

  it('never caches an error of a cacheable route, nor a route without a policy, nor a non-GET', async () => {
    shelf = {};
    const missing = await ask(getProduct, { 'if-none-match': '*' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['Cache-Control']).toBe('no-store');
    expect(missing.headers?.ETag).toBeUndefined();

    const plain = await ask(uncached, { 'if-none-match': '*' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers?.['Cache-Control']).toBe('no-store');
    expect(plain.headers?.ETag).toBeUndefined();

    const deleted = await ask(remove, {}, 'DELETE');
    expect(deleted.statusCode).toBe(204);
    expect(deleted.headers?.['Cache-Control']).toBe('no-store');
  });

  it('keeps a Cache-Control the handler chose for itself', async () => {
    const docs = httpRoute({}, async () => json(200, {}, { 'Cache-Control': 'public, max-age=300' }));
    const response = await docs(httpEvent(), lambdaContext());
    expect(response.headers?.['Cache-Control']).toBe('public, max-age=300');
  });

  it('refuses a cache policy on a route that needs a token', () => {
    expect(() =>
      httpRoute({ auth: 'customer', cache: { maxAgeSeconds: 30 } }, async () => noContent()),
    ).toThrow(/only public routes/);
  });
});

describe('matchesIfNoneMatch', () => {
  it('matches the same tag, weakly, in a list or as *, and nothing else', () => {
    expect(matchesIfNoneMatch('"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('W/"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch(' "b" ,  "a" ', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"ab"', '"a"')).toBe(false);
    expect(matchesIfNoneMatch('a', '"a"')).toBe(false);
    expect(matchesIfNoneMatch('', '"a"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"a"')).toBe(false);
  });
});
