// The storefront on loopback, for `npm start` and the browser tests: builds the app with Vite into a
// private directory, then serves it with a tiny static server: SPA fallback to index.html and a
// generated /config.json that points the app at the local API (the same file a stage's upload writes).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';

export interface StartWebOptions {
  /** The shop API's base URL the app calls, e.g. `http://127.0.0.1:3000`. */
  apiBaseUrl: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Serve this already-built directory instead of building (e.g. `services/web/dist`). */
  distDir?: string;
  log?: (line: string) => void;
}

export interface RunningWeb {
  /** Where the storefront is, e.g. `http://127.0.0.1:5173`. */
  url: string;
  stop(): Promise<void>;
}

const webRoot = fileURLToPath(new URL('.', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Types worth compressing (text); images and fonts here are compressed already. */
const compressible = /^(text\/|application\/json|image\/svg\+xml)/;

/** Below this many bytes a compressed answer saves less than its overhead. */
const minCompressBytes = 1024;

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to answer with for an `Accept-Encoding` header: brotli if acceptable, else gzip,
 * else none. A coding with `q=0` is refused; `*` stands for the codings not named.
 */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const quality = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    quality.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: Encoding) => (quality.get(coding) ?? quality.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return undefined;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Compressed off the event loop (zlib's thread pool): brotli at its best, which is slow, is fine once. */
function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotliAsync(body, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 11,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipAsync(body, { level: 9 });
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Builds the app with this workspace's vite.config.ts into `outDir`. */
export async function buildWeb(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(webRoot, 'vite.config.ts'),
    root: webRoot,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/** The file under `dir` that `pathname` names, or undefined if it is outside `dir` or not a file. */
export function fileFor(dir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const root = resolve(dir);
  const file = resolve(root, `.${normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(`${root}${sep}`)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function securityHeaders(apiBaseUrl: string): Record<string, string> {
  const api = new URL(apiBaseUrl).origin;
  return {
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${api}`,
      "img-src 'self' https: data:",
      "style-src 'self'",
      "script-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** Serves a built app from `dir` on 127.0.0.1:`port`. */
export async function serveWeb(options: {
  dir: string;
  apiBaseUrl: string;
  port?: number;
}): Promise<RunningWeb> {
  const config = JSON.stringify({ apiBaseUrl: options.apiBaseUrl });
  const headers = securityHeaders(options.apiBaseUrl);
  const index = join(options.dir, 'index.html');
  readFileSync(index); // fail now, not on the first request, when the build is missing
  // The build does not change while it is served: each file is compressed once per encoding, and
  // from the start, so the first browser does not wait for it (undefined: it failed, send it plain).
  const compressed = new Map<string, Promise<Buffer | undefined>>();
  const compressedFile = (file: string, body: Buffer, encoding: Encoding) => {
    const key = `${encoding}:${file}`;
    let packed = compressed.get(key);
    if (!packed) {
      packed = compress(body, encoding).catch(() => undefined);
      compressed.set(key, packed);
    }
    return packed;
  };
  for (const file of filesUnder(options.dir)) {
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    if (!compressible.test(type) || extname(file) === '.map') continue;
    const body = readFileSync(file);
    if (body.length < minCompressBytes) continue;
    for (const encoding of ['br', 'gzip'] as const) void compressedFile(file, body, encoding);
  }
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const pathname = new URL(request.url ?? '/', 'http://local').pathname;
    const send = async (
      status: number,
      type: string,
      content: string | Buffer,
      cache: string,
      file?: string,
    ) => {
      let body = typeof content === 'string' ? Buffer.from(content) : content;
      const answer: Record<string, string> = { ...headers, 'content-type': type, 'cache-control': cache };
      if (compressible.test(type)) {
        // Whether compressed or not, the answer depends on Accept-Encoding: caches must know.
        answer.vary = 'accept-encoding';
        const encoding =
          body.length >= minCompressBytes ? pickEncoding(request.headers['accept-encoding']) : undefined;
        const packed =
          encoding &&
          (await (file
            ? compressedFile(file, body, encoding)
            : compress(body, encoding).catch(() => undefined)));
        if (encoding && packed) {
          body = packed;
          answer['content-encoding'] = encoding;
        }
      }
      answer['content-length'] = String(body.length);
      response.writeHead(status, answer);
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === '/config.json') return send(200, contentTypes['.json'] as string, config, 'no-store');
    const file = fileFor(options.dir, pathname);
    if (file) {
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      const cache = pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return send(200, type, readFileSync(file), cache, file);
    }
    // A missing asset is a 404; any other path is a page of the app (history API routing).
    if (extname(pathname) !== '') return send(404, 'text/plain; charset=utf-8', 'Not found', 'no-store');
    return send(200, contentTypes['.html'] as string, readFileSync(index), 'no-cache', index);
  };
  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/**
 * Builds the storefront (unless `distDir` is given) and serves it on 127.0.0.1, pointed at
 * `apiBaseUrl`. `stop()` closes the server and removes the build it made.
 */
export async function startWeb(options: StartWebOptions): Promise<RunningWeb> {
  const log = options.log ?? ((line: string) => console.log(line));
  let dir = options.distDir;
  let temporary: string | undefined;
  if (!dir) {
    // A private build per run, so `npm start` and the browser tests never overwrite each other.
    temporary = mkdtempSync(join(tmpdir(), `shop-web-${randomBytes(3).toString('hex')}-`));
    dir = temporary;
    const started = Date.now();
    try {
      await buildWeb(dir);
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      throw error;
    }
    log(`web: storefront built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  try {
    const running = await serveWeb({ dir, apiBaseUrl: options.apiBaseUrl, port: options.port ?? 0 });
    return {
      url: running.url,
      stop: async () => {
        await running.stop();
        if (temporary) rmSync(temporary, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

// `npm run serve -w @shop/web`: the storefront alone, against an API that is already running.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const web = await startWeb({
    apiBaseUrl: process.env.API_BASE_URL ?? 'http://127.0.0.1:3000',
    port: Number(process.env.WEB_PORT ?? 5173),
  });
  console.log(`Storefront: ${web.url} (API ${process.env.API_BASE_URL ?? 'http://127.0.0.1:3000'})`);
  const stop = () => void web.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
