import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BundleResults, measureBundles, memoryOf, readService, serviceNames } from './bundles.ts';
import { type CatalogFigures, measureCatalog, printCatalog } from './catalog.ts';
import { assumptions, prices } from './prices.ts';
import { measureShop, type OperationFigure, type ShopFigures } from './shop-flow.ts';

// Targets from the proof issue; the tables say where each figure stands against them.
// Issue 14: every function at most 120 KiB, its cold init at most 1.3x the SDK-only baseline.
const MAX_BUNDLE_BYTES = 120 * 1024;
const MAX_INIT_OVER_SDK = 1.3;
const MAX_E2E_P95_MS = 1000;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    // The shop figures only (calls, units, cost, latency), without the bundles' minutes.
    'shop-only': { type: 'boolean', default: false },
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
const bundles: BundleResults | undefined = args['shop-only']
  ? undefined
  : await measureBundles({ runs, log });
if (bundles) printBundles(bundles);

let shop: ShopFigures | undefined;
let cost: ReturnType<typeof costPerMillionOrders> | undefined;
let idle: ReturnType<typeof idleStageMonthlyCost> | undefined;
let extras: ReturnType<typeof extraCosts> | undefined;
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
  cost = costPerMillionOrders(
    shop.operations.filter((operation) => !operation.extra),
    memory,
  );
  extras = extraCosts(shop.operations, memory);
  idle = idleStageMonthlyCost();
  printShop(shop, cost, idle);
  printExtras(extras);
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
  ...(shop
    ? {
        shop,
        costPerMillionOrders: cost,
        extraCosts: extras,
        idleStageMonthlyCost: idle,
        prices,
        assumptions,
      }
    : {}),
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
  const httpRequests = sum((operation) => operation.httpRequests);
  const logBytes =
    sum((operation) => operation.logBytes) + lambdaRequests * assumptions.platformLogBytesPerInvocation;
  const perOrder = {
    httpApiRequests: httpRequests,
    lambdaRequests,
    lambdaGbSeconds: gbSeconds,
    dynamodbReadUnits: sum((operation) => operation.dynamodb.readUnits),
    dynamodbWriteUnits: sum((operation) => operation.dynamodb.writeUnits),
    dynamodbIndexWriteUnits: sum((operation) => operation.dynamodb.indexWriteUnits),
    snsPublishes: sum((operation) => operation.snsPublishes),
    // Each SQS message: its send (seen at the proxy; SNS deliveries to SQS are free) and, through the
    // event source mapping, one ReceiveMessage and one DeleteMessageBatch per batch, assumed one
    // message per batch (low traffic): the most it can cost. Idle polling is in the fixed costs.
    sqsRequests: sum((operation) => operation.sqsSends + 2 * operation.sqsDeliveries),
    sesEmails: sum((operation) => operation.sesEmails),
    logBytes,
    xrayTraces: lambdaRequests * assumptions.xraySampledFraction,
  };
  const million = 1_000_000;
  const gb = 1024 ** 3;
  const dollars = {
    lambdaRequests: perOrder.lambdaRequests * prices.lambda.perMillionRequests,
    lambdaDuration: perOrder.lambdaGbSeconds * million * prices.lambda.perGbSecondArm,
    httpApi: perOrder.httpApiRequests * prices.httpApi.perMillionRequests,
    // The edge stack fronts the API: every API request passes CloudFront and the WAF web ACL.
    cloudFront:
      httpRequests * prices.cloudFront.perMillionHttpsRequests +
      ((httpRequests * assumptions.cloudFrontBytesPerRequest * million) / gb) *
        prices.cloudFront.perGbTransferOut,
    waf: httpRequests * prices.waf.perMillionRequests,
    dynamodbReads: perOrder.dynamodbReadUnits * prices.dynamodb.perMillionReadUnits,
    dynamodbWrites: perOrder.dynamodbWriteUnits * prices.dynamodb.perMillionWriteUnits,
    sns: perOrder.snsPublishes * prices.sns.perMillionPublishes,
    sqs: perOrder.sqsRequests * prices.sqs.perMillionRequests,
    logs:
      ((perOrder.logBytes * million) / gb) *
      (prices.cloudwatch.perGbLogsIngested +
        assumptions.logStorageMonths * prices.cloudwatch.perGbMonthLogsStored),
    xray: perOrder.xrayTraces * prices.xray.perMillionTracesRecorded,
  };
  const withoutSes = Object.values(dollars).reduce((a, b) => a + b, 0);
  const ses = perOrder.sesEmails * prices.ses.perMillionEmails;
  return { perOrder, dollars, ses, withoutSes, total: withoutSes + ses };
}

/**
 * What the operations not in every order cost per million of them, without SES and its SES: a checkout
 * with a code less the plain checkout (what the code adds), a return on its own.
 */
function extraCosts(operations: OperationFigure[], memory: Map<string, number>) {
  const plain = operations.find(
    (operation) => !operation.extra && operation.operation.startsWith('checkout'),
  );
  return operations
    .filter((operation) => operation.extra)
    .map((operation) => {
      const own = costPerMillionOrders([operation], memory);
      const base =
        operation.operation.startsWith('checkout') && plain
          ? costPerMillionOrders([plain], memory)
          : undefined;
      return {
        operation: operation.operation,
        comparedWith: base ? plain?.operation : undefined,
        awsCalls: operation.totalAwsCalls - (base ? (plain?.totalAwsCalls ?? 0) : 0),
        writeUnits: operation.dynamodb.writeUnits - (base ? (plain?.dynamodb.writeUnits ?? 0) : 0),
        withoutSes: own.withoutSes - (base?.withoutSes ?? 0),
        ses: own.ses - (base?.ses ?? 0),
      };
    });
}

function printExtras(figures: ReturnType<typeof extraCosts>) {
  for (const extra of figures)
    console.log(
      extra.comparedWith
        ? `${extra.operation}: +${extra.awsCalls} AWS calls, +${extra.writeUnits} WRU, ` +
            `+$${extra.withoutSes.toFixed(2)} per million such orders (SES +$${extra.ses.toFixed(2)}) over ${extra.comparedWith}`
        : `${extra.operation}: ${extra.awsCalls} AWS calls, ${extra.writeUnits} WRU, ` +
            `$${extra.withoutSes.toFixed(2)} per million (SES $${extra.ses.toFixed(2)})`,
    );
}

/**
 * What a stage costs a month with no orders at all: alarms, dashboards, the Lambda SQS pollers' long
 * polling of every queue a function reads, the WAF web ACL and its rules; counted from the services'
 * serverless.yml (alarms as the observability plugin adds them: one per dead-letter queue, and the
 * HTTP API's 5xx and p99 alarms). Log storage of an idle stage is what it keeps of past traffic: zero
 * for a stage with none.
 */
function idleStageMonthlyCost() {
  let deadLetterQueues = 0;
  let polledQueues = 0;
  let dashboards = 0;
  let wafRules = 0;
  let webAcls = 0;
  let customMetrics = 0;
  for (const service of serviceNames()) {
    const definition = readService(service) as ReturnType<typeof readService> & {
      plugins?: string[];
      resources?: { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }> };
    };
    const resources = Object.values(definition.resources?.Resources ?? {});
    deadLetterQueues += resources.filter(
      (resource) =>
        resource.Type === 'AWS::SQS::Queue' && /-dlq$/.test(String(resource.Properties?.QueueName)),
    ).length;
    for (const resource of resources.filter((candidate) => candidate.Type === 'AWS::WAFv2::WebACL')) {
      webAcls += 1;
      wafRules += ((resource.Properties?.Rules as unknown[]) ?? []).length;
    }
    if ((definition.plugins ?? []).some((plugin) => String(plugin).includes('osls-observability')))
      dashboards += 1;
    for (const fn of Object.values(definition.functions ?? {}))
      polledQueues += (fn.events ?? []).filter((event) => 'sqs' in event).length;
  }
  // EMF metrics the functions emit (orders: 3, notifications: 1), each a custom metric per dimension set.
  customMetrics = 5;
  const apiAlarms = 2;
  const alarms = deadLetterQueues + apiAlarms;
  const receives =
    polledQueues *
    assumptions.sqsPollersPerQueue *
    assumptions.sqsReceivesPerPollerMinute *
    (assumptions.secondsPerMonth / 60);
  const dollars = {
    alarms: alarms * prices.cloudwatch.perAlarmMonth,
    dashboards: dashboards * prices.cloudwatch.perDashboardMonth,
    customMetrics: customMetrics * prices.cloudwatch.perCustomMetricMonth,
    sqsLongPolling: (receives / 1_000_000) * prices.sqs.perMillionRequests,
    waf: webAcls * prices.waf.perWebAclMonth + wafRules * prices.waf.perRuleMonth,
    logStorage: 0,
  };
  return {
    counts: {
      alarms,
      dashboards,
      customMetrics,
      polledQueues,
      sqsReceivesPerMonth: receives,
      webAcls,
      wafRules,
    },
    dollars,
    total: Object.values(dollars).reduce((a, b) => a + b, 0),
    // Not idle: X-Ray's reservoir of 1 sampled trace a second per function is a volume-independent ceiling.
    xrayReservoirCeilingPerFunction:
      (assumptions.secondsPerMonth / 1_000_000) * prices.xray.perMillionTracesRecorded,
  };
}

function printShop(
  figures: ShopFigures,
  costs: ReturnType<typeof costPerMillionOrders>,
  fixed: ReturnType<typeof idleStageMonthlyCost>,
) {
  console.log(`\nAWS calls per business operation (counting proxy in front of the emulator; warm functions)`);
  console.table(
    figures.operations.map((operation) => ({
      operation: operation.operation,
      'AWS calls': operation.totalAwsCalls,
      'Lambda invocations': operation.invocations.reduce((total, invocation) => total + invocation.count, 0),
      RRU: operation.dynamodb.readUnits,
      WRU: operation.dynamodb.writeUnits,
      'of which GSI': operation.dynamodb.indexWriteUnits,
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
  const checkout = figures.operations.find((operation) => operation.operation.startsWith('checkout'));
  if (checkout) {
    console.log(
      '\nEvery DynamoDB write of the checkout → CONFIRMED + email (WRU: table ×2 in a transaction, + GSI):',
    );
    console.table(
      checkout.writes.map((write) => ({
        service: write.service,
        call: write.transactional ? `${write.action} (${write.kind})` : write.action,
        table: write.table.replace(/^shop-[\w]+-local-/, ''),
        bytes: write.bytes,
        WRU: write.units,
        'GSI WRU': write.indexUnits,
      })),
    );
  }
  console.log(`\nCost per million orders, ${prices.region}, list prices ${prices.asOf}`);
  console.table(
    Object.entries(costs.dollars).map(([item, dollars]) => ({ item, 'USD / 1M orders': dollars.toFixed(2) })),
  );
  console.log(
    `without SES: $${costs.withoutSes.toFixed(2)} per million orders (target ≤ $25); SES: $${costs.ses.toFixed(2)}; ` +
      `total $${costs.total.toFixed(2)}`,
  );
  console.log('\nFixed monthly cost of an idle stage');
  console.table(
    Object.entries(fixed.dollars).map(([item, dollars]) => ({ item, 'USD / month': dollars.toFixed(2) })),
  );
  console.log(
    `total: $${fixed.total.toFixed(2)} a month (${JSON.stringify(fixed.counts)}); X-Ray's reservoir, once there is ` +
      `traffic: at most $${fixed.xrayReservoirCeilingPerFunction.toFixed(2)} a month per busy function`,
  );

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
