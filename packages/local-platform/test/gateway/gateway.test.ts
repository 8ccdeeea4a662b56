import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/emulator/emulator.ts';
import { type Gateway, type GatewayRequest, loggablePath, startGateway } from '../../src/gateway/gateway.ts';
import { type GatewayRoute, parseRouteKey } from '../../src/gateway/routes.ts';

/** Starts a stand-in service on a free loopback port and answers the port. */
async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the stand-in service has no port');
  return address.port;
}

const route = (key: string, service = 'products', port = 1): GatewayRoute => ({
  ...parseRouteKey(key),
  service,
  port,
});

describe('the gateway', () => {
  let gateway: Gateway;
  let upstream: ReturnType<typeof createServer>;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        response.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        response.end(
          JSON.stringify({
            method: request.method,
            url: request.url,
            body,
            auth: request.headers.authorization,
          }),
        );
      });
    });
    const port = await listenOnLoopback(upstream);
    gateway = await startGateway({
      port: 0,
      routes: [
        route('POST /products/{productId}', 'products', port),
        route('GET /down', 'orders', await freePort()),
      ],
    });
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('proxies method, path, query, headers and body to the owning service', async () => {
    const response = await fetch(`${gateway.url}/products/p-1?x=1&y=2`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/products/p-1?x=1&y=2',
      body: '{"a":1}',
      auth: 'Bearer t',
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await fetch(`${gateway.url}/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: expect.any(String),
      title: 'Not Found',
      status: 404,
    });
  });

  it('answers a wrong method with a 405 problem and Allow', async () => {
    const response = await fetch(`${gateway.url}/products/p-1`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ status: 405 });
  });

  it('answers CORS preflights itself', async () => {
    const response = await fetch(`${gateway.url}/products/p-1`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.test', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://shop.test');
  });

  it('answers 502 problem+json when the service is down', async () => {
    const response = await fetch(`${gateway.url}/down`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ status: 502, title: 'Bad Gateway' });
  });
});

describe('the gateway in front of serverless-offline', () => {
  let gateway: Gateway;
  let upstream: ReturnType<typeof createServer>;

  beforeAll(async () => {
    // Answers as serverless-offline does: the caller's correlation id back, or its own error envelopes.
    upstream = createServer((request, response) => {
      const envelopes: Record<string, object> = {
        '/throws': {
          errorMessage: 'boom',
          errorType: 'Error',
          stackTrace: ['Error: boom', '    at handler'],
        },
        '/times-out': { errorMessage: '[504] - Lambda timeout.', stackTrace: ['at timeout'] },
      };
      const envelope = envelopes[request.url ?? ''];
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(envelope ?? { correlationId: request.headers['x-correlation-id'] }));
    });
    const port = await listenOnLoopback(upstream);
    gateway = await startGateway({
      port: 0,
      routes: ['GET /echo', 'GET /throws', 'GET /times-out'].map((key) => route(key, 'carts', port)),
    });
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('gives every request its own correlation id unless the caller sent one', async () => {
    const ids = await Promise.all(
      [1, 2].map(
        async () => (await (await fetch(`${gateway.url}/echo`)).json()) as { correlationId: string },
      ),
    );
    expect(ids[0]?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]?.correlationId).not.toBe(ids[1]?.correlationId);
    const sent = await fetch(`${gateway.url}/echo`, { headers: { 'x-correlation-id': 'order-42' } });
    expect(await sent.json()).toEqual({ correlationId: 'order-42' });
  });

  it.each([
    ['/throws', 502],
    ['/times-out', 504],
  ])(
    'answers a failed invocation (%s) with a bare %i problem, never the error or its stack',
    async (path, status) => {
      const response = await fetch(`${gateway.url}${path}`);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const text = await response.text();
      expect(text).not.toMatch(/boom|stack|timeout\./i);
      expect(JSON.parse(text)).toMatchObject({ status, detail: 'The carts service failed.' });
    },
  );
});

describe('the gateway under a burst of requests', () => {
  let upstream: Server;
  let gateway: Gateway;
  const inFlight: Record<string, number> = {};
  const mostInFlight: Record<string, number> = {};

  beforeAll(async () => {
    // A slow function per path, counting how many of its requests it serves at once.
    upstream = createServer((request, response) => {
      const path = request.url ?? '';
      inFlight[path] = (inFlight[path] ?? 0) + 1;
      mostInFlight[path] = Math.max(mostInFlight[path] ?? 0, inFlight[path]);
      setTimeout(() => {
        inFlight[path] = (inFlight[path] ?? 1) - 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ path }));
      }, 100);
    });
    const port = await listenOnLoopback(upstream);
    gateway = await startGateway({
      port: 0,
      routes: ['GET /slow', 'GET /other'].map((key) => route(key, 'carts', port)),
      concurrencyPerRoute: 2,
    });
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('hands one function at most its concurrency at once, queues the rest, and answers them all', async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => fetch(`${gateway.url}/slow`)),
      ...Array.from({ length: 3 }, () => fetch(`${gateway.url}/other`)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(Array(9).fill(200));
    expect(mostInFlight).toEqual({ '/slow': 2, '/other': 2 });
  });

  it('frees the slot of a caller that hangs up while waiting', async () => {
    const impatient = Array.from({ length: 4 }, () => {
      const controller = new AbortController();
      const answer = fetch(`${gateway.url}/slow`, { signal: controller.signal }).catch(() => undefined);
      return { controller, answer };
    });
    // Two are being served (100 ms each) and two wait at the gateway when those two hang up.
    await new Promise((resolve) => setTimeout(resolve, 40));
    for (const { controller } of impatient.slice(2)) controller.abort();
    await Promise.all(impatient.map(({ answer }) => answer));
    const after = await Promise.all([fetch(`${gateway.url}/slow`), fetch(`${gateway.url}/slow`)]);
    expect(after.map((answer) => answer.status)).toEqual([200, 200]);
    expect(mostInFlight['/slow']).toBe(2);
  });
});

describe('what the request log keeps of a URL', () => {
  it('keeps the path and the names of the query parameters, never their values', () => {
    expect(loggablePath('/products?category=books&limit=3')).toBe('/products?category=…&limit=…');
    expect(loggablePath('/auth/confirm?code=123456&email=ann%40example.com')).toBe(
      '/auth/confirm?code=…&email=…',
    );
    expect(loggablePath('/orders?cursor=eyJrIjoiMSJ9&flag')).toBe('/orders?cursor=…&flag=…');
    expect(loggablePath('/products/p-1')).toBe('/products/p-1');
  });

  it('lets no request write control characters or escape sequences to the terminal', () => {
    const path = loggablePath('/x\u001b[2J\r\nfake 200 line?\u001b[31m=1');
    // Printable ASCII (and the ellipsis) only: the escape characters stay percent-encoded.
    expect(path).toMatch(/^[ -~…]+$/);
    expect(path.startsWith('/x')).toBe(true);
  });

  it('cuts a very long path', () => {
    const path = loggablePath(`/products/${'a'.repeat(500)}`);
    expect(path.length).toBe(200);
    expect(path.endsWith('…')).toBe(true);
  });
});

describe('the request log', () => {
  let gateway: Gateway;
  let upstream: Server;
  const seen: GatewayRequest[] = [];

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      if (request.url?.startsWith('/slow')) {
        setTimeout(() => response.end('{}'), 300);
        return;
      }
      response.writeHead(request.url?.startsWith('/fails') ? 500 : 200, {
        'content-type': 'application/json',
      });
      response.end('{}');
    });
    const port = await listenOnLoopback(upstream);
    gateway = await startGateway({
      port: 0,
      routes: [
        ...['GET /products', 'POST /fails', 'GET /slow'].map((key) => route(key, 'products', port)),
        route('GET /down', 'orders', await freePort()),
      ],
      onRequest: (request) => seen.push(request),
    });
  });

  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  /** The record of the request whose answer `answered` waits for (records come when the answer is sent). */
  const recordOf = async (answered: Promise<unknown>) => {
    const before = seen.length;
    await answered;
    for (let waited = 0; seen.length === before && waited < 1000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return seen.at(-1);
  };

  it('has one record per request: method, path without query values, status, time and service', async () => {
    const record = await recordOf(fetch(`${gateway.url}/products?category=books&token=s3cret`));
    expect(record).toEqual({
      method: 'GET',
      path: '/products?category=…&token=…',
      status: 200,
      ms: expect.any(Number),
      service: 'products',
    });
    expect(JSON.stringify(seen)).not.toContain('s3cret');
  });

  it("records the gateway's own answers (404, 405, preflight) without a service", async () => {
    expect(await recordOf(fetch(`${gateway.url}/nope`))).toMatchObject({ status: 404, service: undefined });
    expect(await recordOf(fetch(`${gateway.url}/products`, { method: 'DELETE' }))).toMatchObject({
      status: 405,
      service: undefined,
    });
    const preflight = fetch(`${gateway.url}/products`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.test', 'access-control-request-method': 'GET' },
    });
    expect(await recordOf(preflight)).toMatchObject({ method: 'OPTIONS', status: 204, service: undefined });
  });

  it('records a 5xx with the service that gave it, and a service that is down', async () => {
    expect(await recordOf(fetch(`${gateway.url}/fails`, { method: 'POST' }))).toMatchObject({
      status: 500,
      service: 'products',
    });
    expect(await recordOf(fetch(`${gateway.url}/down`))).toMatchObject({ status: 502, service: 'orders' });
  });

  it('measures the time to the answer and records a caller who hung up without a status', async () => {
    expect((await recordOf(fetch(`${gateway.url}/slow`)))?.ms).toBeGreaterThanOrEqual(290);
    const controller = new AbortController();
    const abandoned = fetch(`${gateway.url}/slow`, { signal: controller.signal }).catch(() => undefined);
    setTimeout(() => controller.abort(), 50);
    const record = await recordOf(abandoned);
    expect(record).toMatchObject({ path: '/slow', status: undefined, service: 'products' });
    expect(record?.ms).toBeLessThan(290);
  });
});

describe('the gateway and a kept-alive socket the service closes', () => {
  it('sends a request without a body again when its reused socket was reset, and answers it', async () => {
    // The service answers the first request, then resets the next one on the same socket, as a
    // server whose keep-alive timeout ran out just as the gateway reused the socket.
    let served = 0;
    const upstream = createServer((request, response) => {
      served += 1;
      if (served === 2) {
        request.socket.resetAndDestroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ served }));
    });
    const port = await listenOnLoopback(upstream);
    const gateway = await startGateway({ port: 0, routes: [route('GET /cart', 'carts', port)] });
    try {
      expect((await fetch(`${gateway.url}/cart`)).status).toBe(200);
      const again = await fetch(`${gateway.url}/cart`);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ served: 3 });
    } finally {
      await gateway.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
