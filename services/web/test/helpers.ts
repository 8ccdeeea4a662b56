// Test helpers: fake tokens, an in-memory Storage and a scripted fetch. No network.
import type { KeyValueStore } from '../src/session.ts';

export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

export function memoryStorage(
  initial: Record<string, string> = {},
): KeyValueStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = Response | Error | ((request: RecordedRequest) => Response | Error);

/** A fetch that answers with `replies` in order and records what it was asked. */
export function scriptedFetch(replies: Reply[]) {
  const requests: RecordedRequest[] = [];
  const fetchFn = async (input: string | URL | Request, init: RequestInit = {}) => {
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: String(input),
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const next = replies.shift();
    if (!next) throw new Error(`unexpected request ${request.method} ${request.url}`);
    const reply = typeof next === 'function' ? next(request) : next;
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

export const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

export const problem = (status: number, detail: string, errors?: Array<{ field: string; message: string }>) =>
  json(
    status,
    {
      type: `https://shop.example/problems/${status}`,
      title: `Status ${status}`,
      status,
      detail,
      ...(errors ? { errors } : {}),
    },
    'application/problem+json',
  );
