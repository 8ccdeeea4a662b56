import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BundleResults, measureBundles, memoryOf, readService, serviceNames } from './bundles.ts';
import { type CatalogFigures, measureCatalog, printCatalog } from './catalog.ts';
import { prices } from './prices.ts';
import { measureShop, type OperationFigure, type ShopFigures } from './shop-flow.ts';

// Targets from the proof issue; the tables say where each figure stands against them.
// Issue 14: every function at most 120 KiB, its cold init at most 1.3x the SDK-only baseline.
const MAX_BUNDLE_BYTES = 120 * 1024;
const MAX_INIT_OVER_SDK = 1.3;
const MAX_E2E_P95_MS = 1000;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'latency-orders': { type: 'string' },
    'throughput-seconds': { type: 'string' },
    'catalog-seconds': { type: 'string' },
  },
});

// The whole run stops by itself: a hung step fails it (and stops the local shop) instead of waiting forever.
const abort = new AbortController();
const hardLimit = setTimeout(() => {
  console.error('bench: over 15 minutes, giving up');
  abort.abort();
  setTimeout(() => process.exit(1), 10_000).unref();
}, 15 * 60_000);
hardLimit.unref();

const started = new Date().toISOString();
const log = (line: string) => console.log(`bench: ${line}`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number | null | undefined) =>
  value == null || Number.isNaN(value) ? '—' : value.toFixed(0);

const runs = Number(args.runs ?? (args.quick ? 3 : 7));
const bundles: BundleResults = await measureBundles({ runs, log });
printBundles(bundles);

let shop: ShopFigures | undefined;
let cost: ReturnType<typeof costPerMillionOrders> | undefined;
if (!args.quick) {
  const memory = new Map<string, number>();
  const sqsFunctions = new Set<string>();
  for (const service of serviceNames()) {
    const definition = readService(service);
    for (const [name, fn] of Object.entries(definition.functions ?? {})) {
      memory.set(`${service}/${name}`, memoryOf(definition, name));
      if ((fn.events ?? []).some((event) => 'sqs' in event)) sqsFunctions.add(`${service}/${name}`);
    }
  }
  shop = await measureShop(sqsFunctions, {
    log,
    signal: abort.signal,
    latencyOrders: Number(args['latency-orders'] ?? 120),
    throughputSeconds: Number(args['throughput-seconds'] ?? 20),
  });
  cost = costPerMillionOrders(shop.operations, memory);
  printShop(shop, cost);
}
// Catalog reads under load (a shop of its own, so the checkouts above leave nothing running).
let catalog: CatalogFigures | undefined;
if (!args.quick) {
  catalog = await measureCatalog({
    log,
    signal: abort.signal,
    seconds: Number(args['catalog-seconds'] ?? 15),
  });
  printCatalog(catalog);
}

const results = {
  measuredAt: started,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  targets: {
    maxBundleBytes: MAX_BUNDLE_BYTES,
    maxInitOverSdkBaseline: MAX_INIT_OVER_SDK,
    maxEndToEndP95Ms: MAX_E2E_P95_MS,
  },
  bundles,
  ...(shop ? { shop, costPerMillionOrders: cost, prices } : {}),
  ...(catalog ? { catalog } : {}),
};
mkdirSync(import.meta.dirname, { recursive: true });
writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten: bench/results.json`);

function printBundles(figures: BundleResults) {
  console.log(`\nBundles and cold init (median of ${figures.runs} fresh Node ${process.version} processes)`);
  console.log(
    `baselines: hello-world ${kb(figures.baseline.bytes)}, init ${figures.baseline.initMs.toFixed(1)} ms; ` +
      `DynamoDB document client only ${kb(figures.sdkBaseline.bytes)}, init ${figures.sdkBaseline.initMs.toFixed(1)} ms\n`,
  );
  console.table(
    figures.functions.map((figure) => ({
      function: `${figure.service}/${figure.functionName}`,
      trigger: figure.trigger,
      size: kb(figure.bytes),
      'w/o layer': figure.bytesWithoutLayer ? kb(figure.bytesWithoutLayer) : '—',
      'top packages': figure.topPackages
        .map((share) => `${share.name} ${Math.round(share.bytes / 1024)}K`)
        .join(', '),
      'init ms': ms(figure.initMs),
      'maps on': ms(figure.initWithSourceMapsMs),
      'eager X-Ray': ms(figure.initWithEagerTracerMs),
      'w/o layer ms': ms(figure.initWithoutLayerMs),
      'rss MB': ms(figure.rssMb),
      '/hello': figure.initRatio === null ? (figure.error ?? 'failed') : `${figure.initRatio.toFixed(1)}x`,
      '/sdk': figure.initOverSdkBaseline === null ? '—' : `${figure.initOverSdkBaseline.toFixed(2)}x`,
      'size ok': figure.bytes <= MAX_BUNDLE_BYTES ? 'yes' : 'NO',
      'init ok':
        figure.initOverSdkBaseline !== null && figure.initOverSdkBaseline <= MAX_INIT_OVER_SDK ? 'yes' : 'NO',
    })),
  );
  const sizes = figures.functions.map((figure) => figure.bytes);
  console.log(
    `largest ${kb(Math.max(...sizes))}, smallest ${kb(Math.min(...sizes))}; ` +
      `${sizes.filter((bytes) => bytes <= MAX_BUNDLE_BYTES).length}/${sizes.length} within ${kb(MAX_BUNDLE_BYTES)}`,
  );
}

/** Dollars per million orders (one get product, one add to cart, one checkout through to its email). */
function costPerMillionOrders(operations: OperationFigure[], memory: Map<string, number>) {
  const sum = (pick: (operation: OperationFigure) => number) =>
    operations.reduce((total, operation) => total + pick(operation), 0);
  const invocations = operations.flatMap((operation) => operation.invocations);
  const lambdaRequests = invocations.reduce((total, invocation) => total + invocation.count, 0);
  // GB-s from each function's prod memorySize and its median local (warm) duration, rounded up to 1 ms like AWS.
  const gbSeconds = invocations.reduce(
    (total, invocation) =>
      total +
      invocation.count *
        ((memory.get(`${invocation.service}/${invocation.functionName}`) ?? 1024) / 1024) *
        (Math.ceil(invocation.medianMs) / 1000),
    0,
  );
  const perOrder = {
    httpApiRequests: sum((operation) => operation.httpRequests),
    lambdaRequests,
    lambdaGbSeconds: gbSeconds,
    dynamodbReadUnits: sum((operation) => operation.dynamodb.readUnits),
    dynamodbWriteUnits: sum((operation) => operation.dynamodb.writeUnits),
    snsPublishes: sum((operation) => operation.snsPublishes),
    // Every SQS message costs its send and, through the
    // event source mapping, one ReceiveMessage and one DeleteMessageBatch per batch: assumed one message per
    // batch (low traffic), which is the most it can cost. Idle long polling of the mappings is a fixed
    // monthly cost, not a per-order one, and is left out.
    // SendMessage itself is not seen by the proxy (the SDK sends it to the queue URL's host, the emulator), so
    // every delivered message is billed as sent too: an upper bound, as SNS-fed ones cost nothing to enqueue.
    sqsRequests: sum(
      (operation) => Math.max(operation.sqsSends, operation.sqsDeliveries) + 2 * operation.sqsDeliveries,
    ),
    sesEmails: sum((operation) => operation.sesEmails),
  };
  const million = 1_000_000;
  const dollars = {
    lambdaRequests: perOrder.lambdaRequests * prices.lambda.perMillionRequests,
    lambdaDuration: perOrder.lambdaGbSeconds * million * prices.lambda.perGbSecondArm,
    httpApi: perOrder.httpApiRequests * prices.httpApi.perMillionRequests,
    dynamodbReads: perOrder.dynamodbReadUnits * prices.dynamodb.perMillionReadUnits,
    dynamodbWrites: perOrder.dynamodbWriteUnits * prices.dynamodb.perMillionWriteUnits,
    sns: perOrder.snsPublishes * prices.sns.perMillionPublishes,
    sqs: perOrder.sqsRequests * prices.sqs.perMillionRequests,
    ses: perOrder.sesEmails * prices.ses.perMillionEmails,
  };
  const total = Object.values(dollars).reduce((a, b) => a + b, 0);
  return { perOrder, dollars, total };
}

function printShop(figures: ShopFigures, costs: ReturnType<typeof costPerMillionOrders>) {
  console.log(`\nAWS calls per business operation (counting proxy in front of the emulator; warm functions)`);
  console.table(
    figures.operations.map((operation) => ({
      operation: operation.operation,
      'AWS calls': operation.totalAwsCalls,
      'Lambda invocations': operation.invocations.reduce((total, invocation) => total + invocation.count, 0),
      RRU: operation.dynamodb.readUnits,
      WRU: operation.dynamodb.writeUnits,
      'SNS publishes': operation.snsPublishes,
      'SQS sends seen': operation.sqsSends,
      'SQS deliveries': operation.sqsDeliveries,
      emails: operation.sesEmails,
    })),
  );
  for (const operation of figures.operations) {
    console.log(`\n${operation.operation}:`);
    console.log(
      `  ${operation.awsCalls.map((call) => `${call.service} ${call.api}:${call.action} ×${call.count}`).join('\n  ')}`,
    );
    console.log(
      `  invocations: ${operation.invocations
        .map(
          (invocation) =>
            `${invocation.service}/${invocation.functionName} ×${invocation.count} (${ms(invocation.medianMs)} ms)`,
        )
        .join(', ')}`,
    );
  }
  console.log(`\nCost per million orders, ${prices.region}, list prices ${prices.asOf}`);
  console.table(
    Object.entries(costs.dollars).map(([item, dollars]) => ({ item, 'USD / 1M orders': dollars.toFixed(2) })),
  );
  console.log(`total: $${costs.total.toFixed(2)} per million orders`);

  const { latencyAlone, latency, throughput } = figures;
  console.log(
    '\nEnd to end, local (orders by distinct customers; from the 202 of the checkout; the target is for the loaded case)',
  );
  const row = (figure: typeof latency, to: string, values: typeof latency.emailMs) => ({
    to,
    'in flight': figure.concurrency,
    orders: figure.orders,
    ...round(values),
  });
  console.table([
    row(latencyAlone, 'CONFIRMED written', latencyAlone.confirmedMs),
    row(latencyAlone, 'email sent', latencyAlone.emailMs),
    row(latency, 'CONFIRMED written', latency.confirmedMs),
    row(latency, 'email sent', latency.emailMs),
  ]);
  console.log(
    `p95 to email ${latency.emailMs.p95 < MAX_E2E_P95_MS ? 'within' : 'OVER'} the ${MAX_E2E_P95_MS} ms target with ${latency.concurrency} in flight ` +
      `(${latencyAlone.emailMs.p95 < MAX_E2E_P95_MS ? 'within' : 'over'} it alone); ${latency.missing + latencyAlone.missing} orders missing`,
  );
  console.log(
    `\nSustained checkouts through the base URL: ${throughput.acceptedPerSecond.toFixed(1)}/s accepted ` +
      `(${throughput.accepted} in ${throughput.windowSeconds} s, ${throughput.concurrency} clients, ${throughput.failed} failed, ` +
      `checkout p50 ${ms(throughput.checkoutLatencyMs.p50)} ms / p95 ${ms(throughput.checkoutLatencyMs.p95)} ms); ` +
      `${throughput.confirmed} confirmed by ${throughput.drainedAfterSeconds.toFixed(1)} s = ${throughput.confirmedPerSecond.toFixed(1)} confirmed/s`,
  );
  if (throughput.failed > 0)
    console.log(`failed checkouts by answer: ${JSON.stringify(throughput.failures)}`);
  if (Object.keys(throughput.limitRefusals).length > 0 || throughput.customersAtLimit > 0)
    console.log(
      `refused by the checkout limits (expected, not failures): ${JSON.stringify(throughput.limitRefusals)}; ` +
        `turns skipped for customers at the open-orders limit: ${throughput.customersAtLimit}`,
    );
}

function round(values: object) {
  return Object.fromEntries(
    Object.entries(values as Record<string, number>).map(([key, value]) => [`${key} ms`, ms(value)]),
  );
}
