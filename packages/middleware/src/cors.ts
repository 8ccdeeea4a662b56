import type { MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import { defineConfig } from '@shop/config';
import * as z from 'zod/mini';

const ANY = '*';

/** `https://shop.example` or `http://127.0.0.1:5173`: a scheme, a host and maybe a port, nothing else. */
function isOrigin(value: string): boolean {
  if (value.includes('*')) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.toLowerCase();
  } catch {
    return false;
  }
}

const listed = (value: string) =>
  value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

/**
 * Which browser origins may call the API, read once per cold start:
 * `CORS_ALLOWED_ORIGINS` is a comma-separated list of origins (the stage's storefront URL); `*` only in
 * the `local` stage and alone. Unset: `*` locally, no origin at all elsewhere. Empty: no origin.
 */
export const corsConfig = defineConfig(
  z.pipe(
    z.object({ STAGE: z.optional(z.string()), CORS_ALLOWED_ORIGINS: z.optional(z.string()) }).check(
      z.superRefine(({ STAGE, CORS_ALLOWED_ORIGINS }, context) => {
        if (CORS_ALLOWED_ORIGINS === undefined) return;
        const origins = listed(CORS_ALLOWED_ORIGINS);
        const problem = (message: string) =>
          context.addIssue({ code: 'custom', path: ['CORS_ALLOWED_ORIGINS'], message });
        if (origins.includes(ANY)) {
          if (STAGE !== 'local') problem('"*" is allowed only in the local stage');
          if (origins.length > 1) problem('"*" cannot be listed with other origins');
        }
        if (origins.some((origin) => origin !== ANY && !isOrigin(origin)))
          problem('Each entry must be an origin such as https://shop.example (no path, no trailing slash)');
      }),
    ),
    z.transform(({ STAGE, CORS_ALLOWED_ORIGINS }: { STAGE?: string; CORS_ALLOWED_ORIGINS?: string }) => ({
      allowedOrigins:
        CORS_ALLOWED_ORIGINS === undefined ? (STAGE === 'local' ? [ANY] : []) : listed(CORS_ALLOWED_ORIGINS),
    })),
  ),
);

// Bearer tokens, not cookies: no credentials, so no cookie of the shop ever rides a cross-site request.
const ALLOWED_HEADERS = 'Authorization,Content-Type,Idempotency-Key,X-Correlation-Id,X-Store-Id';

type HttpResponse = { headers?: Record<string, unknown> } | undefined;

/** Adds `Origin` to the response's Vary header once. */
function varyByOrigin(response: HttpResponse): void {
  if (!response) return;
  response.headers ??= {};
  const headers = response.headers;
  const name = Object.keys(headers).find((header) => header.toLowerCase() === 'vary') ?? 'Vary';
  const values = String(headers[name] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  if (!values.some((value) => value.toLowerCase() === 'origin'))
    headers[name] = [...values, 'Origin'].join(', ');
}

/** The CORS decoration of one list of allowed origins, or none when the list is empty. */
function corsFor(allowedOrigins: string[]): MiddlewareObj | undefined {
  if (allowedOrigins.length === 0) return undefined;
  if (allowedOrigins.includes(ANY)) return httpCors({ origin: ANY, headers: ALLOWED_HEADERS });
  // The request's Origin is answered when listed, else no Access-Control-Allow-Origin at all. The answer
  // depends on the Origin either way, so caches must key on it: Vary: Origin on every answer (middy adds it
  // only when it echoes an origin or lists several).
  const cors = httpCors({ origins: allowedOrigins, headers: ALLOWED_HEADERS });
  return {
    after: async (request) => {
      await cors.after?.(request);
      varyByOrigin(request.response as HttpResponse);
    },
    onError: async (request) => {
      await cors.onError?.(request);
      varyByOrigin(request.response as HttpResponse);
    },
  };
}

/**
 * CORS headers on every answer, successes and problems alike, from `corsConfig`. The configuration is
 * read before the handler runs, so a bad CORS_ALLOWED_ORIGINS fails the request before it does anything.
 */
export const corsHeaders = (): MiddlewareObj => {
  let loaded: { cors: MiddlewareObj | undefined } | undefined;
  const load = () => {
    loaded ??= { cors: corsFor(corsConfig().allowedOrigins) };
    return loaded.cors;
  };
  return {
    before: () => {
      load();
    },
    after: async (request) => {
      await load()?.after?.(request);
    },
    onError: async (request) => {
      // Not loaded: the configuration itself is what failed; the problem goes out without CORS headers.
      if (loaded && request.response !== undefined) await loaded.cors?.onError?.(request);
    },
  };
};
