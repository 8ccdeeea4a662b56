import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { type LocalShop, startLocalShop } from '../packages/local-platform/src/shop.ts';
import { requestUnits, startCountingProxy } from './aws-counter.ts';

/** One catalog route under load: throughput, latency and what one answer costs in AWS. */
export interface CatalogRouteFigure {
  route: string;
  path: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  requests: number;
  /** Answers other than 2xx/304, plus connection errors and timeouts: a good run has 0. */
  failed: number;
  /** AWS calls one warm answer made (products service), e.g. `dynamodb Query ×1`. */
  awsCalls: string[];
  /** DynamoDB read units of one warm answer (eventually consistent reads). */
  readUnits: number;
  /** Bytes of one answer's body. */
  bodyBytes: number;
}

export interface CatalogFigures {
  connections: number;
  seconds: number;
  routes: CatalogRouteFigure[];
  /** Requests per second of each page over the single product's, in the same run (target ≥ 1/3). */
  ratios: { listPage: number; categoryPage: number };
  /** A conditional GET with the answer's ETag: its status (304 expected) and its throughput. */
  revalidation: CatalogRouteFigure & { status: number };
}

export interface CatalogBenchOptions {
  seconds?: number;
  connections?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
/** Slices of load per route, taken in turns. */
const ROUNDS = 3;

/**
 * Starts the whole shop locally (counting proxy in front of the emulator) and loads the catalog's
 * public reads with autocannon, one route at a time, on loopback, for a bounded time each: the whole
 * catalog's first page, a category's first page, one product, and one product revalidated with its ETag.
 */
export async function measureCatalog(options: CatalogBenchOptions = {}): Promise<CatalogFigures> {
  const log = options.log ?? (() => undefined);
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 16;
  const proxy = startCountingProxy();
  let shop: LocalShop | undefined;
  try {
    shop = await startLocalShop({
      port: 0,
      ...(options.signal ? { signal: options.signal } : {}),
      awsEndpointFor: (service, emulator) => proxy.endpointFor(service, emulator),
      log: () => undefined,
    });
    const baseUrl = shop.baseUrl;
    log(`catalog: shop ready in ${(shop.startupMs / 1000).toFixed(1)} s at ${baseUrl}`);
    const first = (await (await fetch(`${baseUrl}/products?category=books&limit=1`)).json()) as {
      items: Array<{ productId: string }>;
    };
    const productId = first.items[0]?.productId;
    if (!productId) throw new Error('catalog bench: the seeded catalog has no books');

    const routes = [
      { route: 'GET /products?limit=20', path: '/products?limit=20' },
      { route: 'GET /products?category=books&limit=20', path: '/products?category=books&limit=20' },
      { route: 'GET /products/{productId}', path: `/products/${productId}` },
    ];
    // Revalidation: the client (or CloudFront) holds the answer and asks whether it changed.
    const etag = (await fetch(`${baseUrl}/products/${productId}`)).headers.get('etag') ?? '';
    const status = (await fetch(`${baseUrl}/products/${productId}`, { headers: { 'if-none-match': etag } }))
      .status;
    const all = [
      ...routes.map((route) => ({ ...route, headers: {} as Record<string, string> })),
      {
        route: 'GET /products/{productId} If-None-Match',
        path: `/products/${productId}`,
        headers: { 'if-none-match': etag },
      },
    ];
    const costs: Array<Pick<CatalogRouteFigure, 'awsCalls' | 'readUnits' | 'bodyBytes'>> = [];
    for (const route of all) costs.push(await costOf(route.path, route.headers));
    // The box is shared and its load drifts: each route gets its time in ROUNDS slices, taken in
    // turns, so every route sees the same conditions and the ratios compare like with like.
    const slices = all.map(() => [] as autocannon.Result[]);
    for (let turn = 0; turn < ROUNDS; turn++)
      for (const [index, route] of all.entries())
        slices[index]?.push(
          await autocannon({
            url: `${baseUrl}${route.path}`,
            connections,
            duration: Math.max(1, Math.round(seconds / ROUNDS)),
            headers: route.headers,
            timeout: 10,
          }),
        );
    const figures = all.map((route, index): CatalogRouteFigure => {
      const results = slices[index] ?? [];
      const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
      const duration = results.reduce((sum, result) => sum + result.duration, 0);
      const failed = results.reduce(
        (sum, result) =>
          sum +
          result.non2xx -
          (result.statusCodeStats?.['304']?.count ?? 0) +
          result.errors +
          result.timeouts,
        0,
      );
      const cost = costs[index] as (typeof costs)[number];
      const figure: CatalogRouteFigure = {
        route: route.route,
        path: route.path,
        requestsPerSecond: round(requests / duration),
        latencyMs: {
          p50: Math.max(...results.map((result) => result.latency.p50)),
          p99: Math.max(...results.map((result) => result.latency.p99)),
          max: Math.max(...results.map((result) => result.latency.max)),
        },
        requests,
        failed,
        ...cost,
      };
      log(
        `catalog: ${route.route}: ${figure.requestsPerSecond} req/s, p99 ${figure.latencyMs.p99} ms, ` +
          `${figure.awsCalls.join(', ') || 'no AWS call'}, ${figure.readUnits} RRU, ${failed} failed`,
      );
      return figure;
    });

    const [list, category, single, revalidated] = figures as [
      CatalogRouteFigure,
      CatalogRouteFigure,
      CatalogRouteFigure,
      CatalogRouteFigure,
    ];
    return {
      connections,
      seconds,
      routes: [list, category, single],
      ratios: {
        listPage: round(list.requestsPerSecond / single.requestsPerSecond, 2),
        categoryPage: round(category.requestsPerSecond / single.requestsPerSecond, 2),
      },
      revalidation: { ...revalidated, status },
    };

    /** What one warm answer costs in AWS calls and read units, counted with nothing else running. */
    async function costOf(path: string, headers: Record<string, string>) {
      const url = `${baseUrl}${path}`;
      // Warm every worker the gateway lets in (serverless-offline loads the handler per worker).
      for (let turn = 0; turn < 3; turn++)
        await Promise.all(Array.from({ length: 4 }, () => fetch(url, { headers }).then((r) => r.text())));
      // The seed's outbox relays and stream pollers go quiet first.
      const deadline = performance.now() + 30_000;
      while (performance.now() - proxy.lastCallAt < 1000 && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      proxy.reset();
      const body = await (await fetch(url, { headers })).text();
      const calls = proxy.calls.filter((call) => call.service === 'products' && call.api !== 'jwks');
      const counts = new Map<string, number>();
      for (const call of calls)
        counts.set(`${call.api} ${call.action}`, (counts.get(`${call.api} ${call.action}`) ?? 0) + 1);
      return {
        awsCalls: [...counts].map(([call, count]) => `${call} ×${count}`),
        readUnits: calls.reduce((sum, call) => sum + requestUnits(call).rru, 0),
        bodyBytes: Buffer.byteLength(body),
      };
    }
  } finally {
    await shop?.stop();
    await proxy.close();
  }
}

/** The figures as a table for the console. */
export function printCatalog(figures: CatalogFigures) {
  console.log(
    `\nCatalog reads through the base URL (${figures.connections} connections, ${figures.seconds} s per route, loopback)`,
  );
  console.table(
    [...figures.routes, figures.revalidation].map((figure) => ({
      route: figure.route,
      'req/s': figure.requestsPerSecond,
      'p50 ms': figure.latencyMs.p50,
      'p99 ms': figure.latencyMs.p99,
      failed: figure.failed,
      'AWS calls per answer': figure.awsCalls.join(', ') || '—',
      'RRU per answer': figure.readUnits,
      'body bytes': figure.bodyBytes,
    })),
  );
  const target = (ratio: number) => (ratio >= 1 / 3 ? 'meets' : 'BELOW');
  console.log(
    `catalog page / single product: ${figures.ratios.listPage} (${target(figures.ratios.listPage)} the 1/3 target); ` +
      `category page / single product: ${figures.ratios.categoryPage} (${target(figures.ratios.categoryPage)} it); ` +
      `If-None-Match with the current ETag answers ${figures.revalidation.status}`,
  );
}

// `node bench/catalog.ts [--seconds 10] [--connections 16]`: this scenario alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string' }, connections: { type: 'string' } },
  });
  const figures = await measureCatalog({
    seconds: Number(values.seconds ?? 10),
    connections: Number(values.connections ?? 16),
    log: (line) => console.log(`bench: ${line}`),
  });
  printCatalog(figures);
}
