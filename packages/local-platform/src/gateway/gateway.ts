import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { problemType } from '@shop/errors';
import { type GatewayRoute, matchRoute } from './routes.ts';

/**
 * serverless-offline answers a handler that threw or timed out with its own envelope
 * (`{ errorMessage, errorType?, stackTrace }`, status 200 or 502) instead of API Gateway's bare 5xx.
 */
export function invocationFailure(body: Buffer): { status: 502 | 504; title: string } | undefined {
  if (body.length === 0 || body.length > 65_536 || body[0] !== 0x7b) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { errorMessage, stackTrace } = parsed as { errorMessage?: unknown; stackTrace?: unknown };
  if (typeof errorMessage !== 'string' || !Array.isArray(stackTrace)) return undefined;
  return /timeout/i.test(errorMessage)
    ? { status: 504, title: 'Gateway Timeout' }
    : { status: 502, title: 'Bad Gateway' };
}

/** Writes an RFC 9457 problem, as every service does. */
export function sendProblem(
  response: ServerResponse,
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): void {
  // The same problem types as the services' own answers (`@shop/errors`).
  const slug = title.toLowerCase().replaceAll(' ', '-');
  const body = JSON.stringify({ type: problemType(slug), title, status, detail });
  response.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    'access-control-allow-origin': '*',
    ...headers,
  });
  response.end(body);
}

/** One request the gateway answered, for the request log. */
export interface GatewayRequest {
  method: string;
  /** What `loggablePath` keeps of the URL: the path and the query's parameter names, never their values. */
  path: string;
  /** The status sent; undefined when the caller hung up before the answer. */
  status: number | undefined;
  /** From the request's arrival to the end of the answer, the wait for a free function included. */
  ms: number;
  /** The service whose route matched; undefined for a 404, 405 or preflight. */
  service: string | undefined;
}

/**
 * The URL as a log may show it: the path and the names of the query's parameters, their values
 * replaced by `…` (a query may carry a token, an email or a cursor). Anything but printable ASCII
 * becomes `?` (a request must not be able to write escape sequences to a terminal), and a very
 * long path is cut.
 */
export function loggablePath(rawUrl: string): string {
  const url = new URL(rawUrl, 'http://gateway');
  // The parsed URL keeps the query percent-encoded, so the names are taken as sent.
  const names = url.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=', 1)[0]}=…`);
  const path = `${url.pathname}${names.length > 0 ? `?${names.join('&')}` : ''}`.replace(
    /[^\x20-\x7e…]/g,
    '?',
  );
  return path.length > 200 ? `${path.slice(0, 199)}…` : path;
}

export interface Gateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * At most `limit` tasks of a key at once; the others wait their turn, first come first served.
 * Answers a function that takes a slot (waiting if need be) and resolves to its release.
 */
export function perKeyLimit(limit: number): (key: string) => Promise<() => void> {
  const running = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  const release = (key: string) => {
    const next = waiting.get(key)?.shift();
    if (next) return next();
    running.set(key, (running.get(key) ?? 1) - 1);
  };
  return async (key) => {
    if ((running.get(key) ?? 0) < limit) running.set(key, (running.get(key) ?? 0) + 1);
    else
      await new Promise<void>((resolve) => {
        const queue = waiting.get(key) ?? [];
        queue.push(resolve);
        waiting.set(key, queue);
      });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release(key);
    };
  };
}

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

/** Serves every route of every service on one base URL and proxies each request to its owner. */
export async function startGateway(options: {
  port: number;
  host?: string;
  routes: GatewayRoute[];
  /**
   * Requests one route (so one function) serves at once; the rest wait at the gateway. serverless-offline
   * starts a new worker, loading the handler afresh, for every request beyond those in flight: on a
   * laptop that takes seconds, so a burst of concurrent requests ran into the functions' timeouts.
   * Default: unlimited.
   */
  concurrencyPerRoute?: number;
  /** Told of every request once it is answered (or its caller hung up). */
  onRequest?: (request: GatewayRequest) => void;
}): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const slot = perKeyLimit(options.concurrencyPerRoute ?? Number.POSITIVE_INFINITY);
  const onRequest = options.onRequest;
  const server = createServer((incoming, response) => {
    const started = performance.now();
    const route = handle(incoming, response, options.routes, agent, slot);
    response.once('close', () =>
      onRequest?.({
        method: incoming.method ?? 'GET',
        path: loggablePath(incoming.url ?? '/'),
        status: response.writableFinished ? response.statusCode : undefined,
        ms: Math.round(performance.now() - started),
        service: route?.service,
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(
  incoming: IncomingMessage,
  response: ServerResponse,
  routes: GatewayRoute[],
  agent: Agent,
  slot: (key: string) => Promise<() => void>,
): GatewayRoute | undefined {
  const url = new URL(incoming.url ?? '/', 'http://gateway');
  const method = incoming.method ?? 'GET';
  if (method === 'OPTIONS' && incoming.headers['access-control-request-method']) {
    // CORS preflight, answered as an HTTP API with `cors: true` answers it.
    response.writeHead(204, {
      'access-control-allow-origin': incoming.headers.origin ?? '*',
      'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
      'access-control-allow-headers':
        incoming.headers['access-control-request-headers'] ??
        'content-type,authorization,idempotency-key,x-amz-date,x-api-key,x-amz-security-token',
      'access-control-max-age': '600',
      vary: 'origin',
    });
    response.end();
    return undefined;
  }
  const match = matchRoute(routes, method, url.pathname);
  if (!match) {
    sendProblem(response, 404, 'Not Found', `No route for ${method} ${url.pathname}.`);
    incoming.resume();
    return undefined;
  }
  if ('allowed' in match) {
    sendProblem(response, 405, 'Method Not Allowed', `${url.pathname} does not answer ${method}.`, {
      allow: match.allowed.join(', '),
    });
    incoming.resume();
    return undefined;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
  }
  // API Gateway gives every request its own id; serverless-offline gives all of them one placeholder,
  // which would make every local request share a correlation id. A fresh one stands in for it.
  headers['x-correlation-id'] ??= randomUUID();
  headers['x-forwarded-for'] = incoming.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-host'] = incoming.headers.host ?? '';
  const { route } = match;
  // The slot is held until the answer is sent or the caller hangs up, whichever comes first.
  let release: (() => void) | undefined;
  let closed = false;
  response.once('close', () => {
    closed = true;
    release?.();
  });
  void slot(`${route.service} ${route.method} ${route.path}`).then((free) => {
    if (closed) return free();
    release = free;
    forward(incoming, response, route, { method, path: `${url.pathname}${url.search}`, headers }, agent);
  });
  return route;
}

/** A request without a body can be sent again as it was: nothing of it was streamed from the caller. */
const hasNoBody = (incoming: IncomingMessage): boolean =>
  incoming.headers['content-length'] === undefined && incoming.headers['transfer-encoding'] === undefined;

function forward(
  incoming: IncomingMessage,
  response: ServerResponse,
  route: GatewayRoute,
  target: { method: string; path: string; headers: Record<string, string | string[]> },
  agent: Agent,
  resent = false,
): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port: route.port,
      ...target,
      agent,
    },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const failure = invocationFailure(body);
        if (failure) {
          // API Gateway answers a failed or timed-out invocation with a bare 5xx, never the error itself.
          sendProblem(response, failure.status, failure.title, `The ${route.service} service failed.`);
          return;
        }
        const answerHeaders = { ...answer.headers };
        for (const name of hopByHop) delete answerHeaders[name];
        response.writeHead(answer.statusCode ?? 502, answerHeaders);
        response.end(body);
      });
    },
  );
  upstream.on('error', (error) => {
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    // A kept-alive socket the service closed just as it was reused: the request never reached it
    // (Node's documented case, `reusedSocket` with ECONNRESET). Sent once more on a new socket.
    const code = (error as NodeJS.ErrnoException).code;
    if (!resent && upstream.reusedSocket && code === 'ECONNRESET' && hasNoBody(incoming)) {
      forward(incoming, response, route, target, agent, true);
      return;
    }
    sendProblem(
      response,
      502,
      'Bad Gateway',
      `The ${route.service} service is not answering (${(error as NodeJS.ErrnoException).code ?? error.message}).`,
    );
  });
  if (resent) upstream.end();
  else incoming.pipe(upstream);
}
