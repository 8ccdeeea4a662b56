import { randomUUID } from 'node:crypto';
import { type LocalShop, mapLimit, startLocalShop } from '@shop/local-platform';
import {
  type AwsCall,
  type CountingProxy,
  requestUnits,
  startCountingProxy,
  type TableIndex,
  type WriteUnits,
  writeUnitsCounter,
} from './aws-counter.ts';
import { readService, serviceNames } from './bundles.ts';

/** One function invocation, from serverless-offline's report line (`(λ: fn) RequestId: … Duration: x ms`). */
export interface Invocation {
  service: string;
  functionName: string;
  durationMs: number;
  at: number;
}

export interface CallCount {
  service: string;
  api: string;
  action: string;
  count: number;
}

export interface OperationFigure {
  operation: string;
  httpRequests: number;
  awsCalls: CallCount[];
  totalAwsCalls: number;
  invocations: Array<{ service: string; functionName: string; count: number; medianMs: number }>;
  /** writeUnits = tableWriteUnits + indexWriteUnits (GSI write amplification). */
  dynamodb: { readUnits: number; writeUnits: number; tableWriteUnits: number; indexWriteUnits: number };
  /** Every DynamoDB write of the operation, priced (table and GSI units). */
  writes: WriteUnits[];
  /** Bytes of the functions' own JSON log lines during the operation (what CloudWatch Logs ingests). */
  logBytes: number;
  snsPublishes: number;
  sqsSends: number;
  sesEmails: number;
  /** Messages that reached an SQS-triggered function (its event source mapping's receives). */
  sqsDeliveries: number;
  /**
   * Not part of every order (a checkout with a promotion code, a return): priced on its own, so the
   * cost per order stays that of the plain flow and these are what they add.
   */
  extra?: boolean;
}

export interface LatencyFigure {
  orders: number;
  concurrency: number;
  confirmedMs: Percentiles;
  emailMs: Percentiles;
  /** Orders that did not reach CONFIRMED or the email within the time limit. */
  missing: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ThroughputFigure {
  windowSeconds: number;
  concurrency: number;
  accepted: number;
  failed: number;
  /** The failed checkouts by answer: an HTTP status and problem title, or the client's own error. */
  failures: Record<string, number>;
  /** Checkouts answered 409 (cart emptied by a confirmed order) that were retried after an add to cart. */
  cartRefills: number;
  /**
   * Checkouts refused by the shop's abuse limits (409, by problem type: `checkout-in-flight` while the
   * customer's previous order still settles, `open-orders-limit`): expected refusals, not failures.
   */
  limitRefusals: Record<string, number>;
  /** Turns skipped because the customer already had the most open orders allowed (never shipped here). */
  customersAtLimit: number;
  acceptedPerSecond: number;
  /** Orders of the window that were CONFIRMED (seen at the emulator) by the end of the drain. */
  confirmed: number;
  /** Seconds from the window's start to the last of those confirmations. */
  drainedAfterSeconds: number;
  confirmedPerSecond: number;
  checkoutLatencyMs: Percentiles;
}

export interface ShopFigures {
  startupMs: number;
  operations: OperationFigure[];
  /** One order at a time: the floor of the path, with nothing else in the shop. */
  latencyAlone: LatencyFigure;
  latency: LatencyFigure;
  throughput: ThroughputFigure;
}

export interface ShopBenchOptions {
  latencyOrders?: number;
  latencyConcurrency?: number;
  throughputSeconds?: number;
  throughputConcurrency?: number;
  log?: (line: string) => void;
  /** Aborting stops the local shop (also after it started). */
  signal?: AbortSignal;
}

const invocationLine = /^\[([\w-]+)\] \(λ: ([\w-]+)\) RequestId: \S+\s+Duration: ([\d.]+) ms/;
/**
 * The shop's open orders per customer (stages.yml `maxOpenOrdersPerCustomer`): the bench never ships,
 * so a customer who placed this many is not asked again, as a real one would be refused.
 */
const MAX_OPEN_ORDERS_PER_CUSTOMER = 5;
/** The problem type's last segment: `conflict` (empty cart) or a limit (`checkout-in-flight`, ...). */
const problemKind = (body: Record<string, unknown>) =>
  String(body.type ?? '')
    .split('/')
    .pop() ?? '';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

class ShopClient {
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async expect(
    status: number,
    method: string,
    path: string,
    options: Parameters<ShopClient['call']>[2] = {},
  ) {
    const answer = await this.call(method, path, options);
    if (answer.status !== status)
      throw new Error(
        `${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body;
  }

  /** Signs a new customer up and logs in; answers the access token and email address. */
  async customer(tag: string): Promise<{ email: string; token: string }> {
    const email = `bench-${tag}-${randomUUID().slice(0, 8)}@example.com`;
    const password = 'Bench-pass-1';
    await this.expect(201, 'POST', '/auth/signup', { body: { email, password, name: `Bench ${tag}` } });
    const login = await this.expect(200, 'POST', '/auth/login', { body: { email, password } });
    return { email, token: String(login.accessToken) };
  }
}

const address = { line1: '1 Bench Street', city: 'Springfield', postalCode: '12345', country: 'US' };

/** The latest point of shop activity: the last AWS call at the emulator or the last invocation report. */
function lastActivity(proxy: CountingProxy, invocations: Invocation[]): number {
  return Math.max(proxy.lastCallAt, invocations[invocations.length - 1]?.at ?? 0);
}

/** Waits until nothing has happened for `quietMs` (and `until`, if given, holds), at most `timeoutMs`. */
async function settle(
  proxy: CountingProxy,
  invocations: Invocation[],
  options: { quietMs?: number; timeoutMs?: number; until?: () => boolean } = {},
) {
  const quietMs = options.quietMs ?? 1500;
  const deadline = performance.now() + (options.timeoutMs ?? 30_000);
  while (performance.now() < deadline) {
    const quiet = performance.now() - lastActivity(proxy, invocations) >= quietMs;
    if (quiet && (options.until?.() ?? true)) return true;
    await sleep(100);
  }
  return false;
}

/** Every table of the services as the local stage names it, with its key and GSIs (serverless.yml). */
export function localTables(): Map<string, { keys: string[]; indexes: TableIndex[] }> {
  type Index = {
    IndexName: string;
    KeySchema: Array<{ AttributeName: string }>;
    Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] };
  };
  const tables = new Map<string, { keys: string[]; indexes: TableIndex[] }>();
  for (const service of serviceNames()) {
    const resources = ((readService(service) as { resources?: { Resources?: Record<string, unknown> } })
      .resources?.Resources ?? {}) as Record<
      string,
      {
        Type?: string;
        Properties?: {
          TableName?: string;
          KeySchema?: Array<{ AttributeName: string }>;
          GlobalSecondaryIndexes?: Index[];
        };
      }
    >;
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::DynamoDB::Table' || typeof resource.Properties?.TableName !== 'string')
        continue;
      const name = resource.Properties.TableName.replace(/\$\{sls:stage\}/, 'local');
      tables.set(name, {
        keys: (resource.Properties.KeySchema ?? []).map((key) => key.AttributeName),
        indexes: (resource.Properties.GlobalSecondaryIndexes ?? []).map((index) => ({
          name: index.IndexName,
          keys: index.KeySchema.map((key) => key.AttributeName),
          projection: (index.Projection?.ProjectionType ?? 'ALL') as TableIndex['projection'],
          ...(index.Projection?.NonKeyAttributes ? { include: index.Projection.NonKeyAttributes } : {}),
        })),
      });
    }
  }
  return tables;
}

function summarize(
  operation: string,
  httpRequests: number,
  calls: AwsCall[],
  invocations: Invocation[],
  sqsFunctions: Set<string>,
  writesOf: (call: AwsCall) => WriteUnits[],
): Omit<OperationFigure, 'logBytes'> {
  const counted = calls.filter((call) => call.api !== 'jwks');
  const byKey = new Map<string, CallCount>();
  for (const call of counted) {
    const key = `${call.service}|${call.api}|${call.action}`;
    const entry = byKey.get(key) ?? { service: call.service, api: call.api, action: call.action, count: 0 };
    entry.count++;
    byKey.set(key, entry);
  }
  const byFunction = new Map<string, Invocation[]>();
  for (const invocation of invocations) {
    const key = `${invocation.service}/${invocation.functionName}`;
    byFunction.set(key, [...(byFunction.get(key) ?? []), invocation]);
  }
  const units = counted.map(requestUnits);
  const writes = counted.flatMap(writesOf);
  const tableWriteUnits = writes.reduce((sum, write) => sum + write.units, 0);
  const indexWriteUnits = writes.reduce((sum, write) => sum + write.indexUnits, 0);
  const count = (api: string, actions: string[]) =>
    counted.filter((call) => call.api === api && actions.includes(call.action)).length;
  return {
    operation,
    httpRequests,
    awsCalls: [...byKey.values()].sort((a, b) => a.service.localeCompare(b.service) || b.count - a.count),
    totalAwsCalls: counted.length,
    invocations: [...byFunction.entries()].map(([key, list]) => {
      const [service, functionName] = key.split('/') as [string, string];
      return {
        service,
        functionName,
        count: list.length,
        medianMs: percentiles(list.map((i) => i.durationMs)).p50,
      };
    }),
    dynamodb: {
      readUnits: units.reduce((sum, unit) => sum + unit.rru, 0),
      writeUnits: tableWriteUnits + indexWriteUnits,
      tableWriteUnits,
      indexWriteUnits,
    },
    writes,
    snsPublishes: count('sns', ['Publish', 'PublishBatch']),
    sqsSends: count('sqs', ['SendMessage', 'SendMessageBatch']),
    sesEmails: count('ses', ['SendEmail', 'SendRawEmail']) + count('email', ['SendEmail']),
    sqsDeliveries: invocations.filter((i) => sqsFunctions.has(`${i.service}/${i.functionName}`)).length,
  };
}

/** Where an order's CONFIRMED write and its email show at the emulator (ms, performance.now()). */
function orderMilestones(calls: AwsCall[], orderId: string) {
  const confirmed = calls.find(
    (call) =>
      call.service === 'orders' &&
      call.api === 'dynamodb' &&
      call.status === 200 &&
      call.requestBody.includes('"CONFIRMED"') &&
      call.requestBody.includes(orderId),
  );
  const email = calls.find(
    (call) =>
      call.api === 'ses' &&
      call.status === 200 &&
      [...new URLSearchParams(call.requestBody).values()].some((value) => value.includes(orderId)),
  );
  return { confirmedAt: confirmed?.at, emailAt: email?.at };
}

/**
 * Starts the whole shop locally with a counting proxy in front of the emulator, then measures AWS calls
 * per business operation, checkout-to-confirmation latency and sustained checkouts per second.
 */
export async function measureShop(
  sqsFunctions: Set<string>,
  options: ShopBenchOptions = {},
): Promise<ShopFigures> {
  const log = options.log ?? (() => undefined);
  const proxy = startCountingProxy();
  // Every call is priced as it happens, so an update's item size is known from earlier reads and puts.
  const priceWrites = writeUnitsCounter(localTables());
  const priced = new WeakMap<AwsCall, WriteUnits[]>();
  proxy.onCall((call) => priced.set(call, priceWrites(call)));
  const writesOf = (call: AwsCall) => priced.get(call) ?? [];
  const invocations: Invocation[] = [];
  const shopLog: string[] = [];
  // The functions' JSON log lines (`[service] {...}`), as CloudWatch Logs would ingest them.
  const logged = { bytes: 0 };
  let shop: LocalShop | undefined;
  try {
    shop = await startLocalShop({
      port: 0,
      ...(options.signal ? { signal: options.signal } : {}),
      awsEndpointFor: (service, emulator) => proxy.endpointFor(service, emulator),
      log: (line) => {
        const match = invocationLine.exec(line);
        if (match)
          invocations.push({
            service: match[1] as string,
            functionName: match[2] as string,
            durationMs: Number(match[3]),
            at: performance.now(),
          });
        else shopLog.push(line);
        if (/^\[[\w-]+\] \{/.test(line))
          logged.bytes += Buffer.byteLength(line.replace(/^\[[\w-]+\] /, '')) + 1;
        if (shopLog.length > 200) shopLog.shift();
      },
    });
    log(`shop ready in ${(shop.startupMs / 1000).toFixed(1)} s at ${shop.baseUrl}`);
    const client = new ShopClient(shop.baseUrl);

    // A product with plenty of stock, so every benchmark order can be CONFIRMED.
    const admin = await client.expect(200, 'POST', '/auth/login', {
      body: { email: 'admin@example.com', password: process.env.LOCAL_ADMIN_PASSWORD ?? 'Admin-pass-1' },
    });
    const product = await client.expect(201, 'POST', '/products', {
      token: String(admin.accessToken),
      body: {
        name: 'Bench widget',
        description: 'For the benchmarks.',
        category: 'toys',
        price: 1999,
        stock: 1_000_000,
      },
    });
    const productId = String(product.productId);

    const latencyOrders = options.latencyOrders ?? 120;
    const aloneOrders = Math.max(5, Math.round(latencyOrders / 4));
    const throughputConcurrency = options.throughputConcurrency ?? 8;
    // Enough customers for the throughput window that one rarely checks out again while an earlier
    // order of theirs is still settling (its confirmation would take the refilled line out of the cart).
    const customers = await mapLimit(
      Array.from({ length: aloneOrders + latencyOrders + throughputConcurrency * 8 + 3 }, (_, i) => i),
      6,
      (i) => client.customer(String(i)),
    );
    log(`${customers.length} customers signed up`);

    // The carts' product read model fills from ProductChanged: wait until the product can be added.
    const addToCart = async (token: string) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await client.call('PUT', `/cart/items/${productId}`, { token, body: { quantity: 1 } });
        if (answer.status === 200) return;
        if (answer.status !== 404 || attempt > 100) throw new Error(`add to cart: ${answer.status}`);
        await sleep(200);
      }
    };
    const checkout = (token: string) =>
      client.call('POST', '/cart/checkout', {
        token,
        headers: { 'idempotency-key': randomUUID() },
        body: { shippingAddress: address },
      });

    // Warm-up: one whole order, so the counted ones run on warm functions (no TypeScript load, JWKS cached).
    const [warm, counted, withCode, ...rest] = customers as [
      (typeof customers)[0],
      (typeof customers)[0],
      (typeof customers)[0],
      ...typeof customers,
    ];
    await client.expect(200, 'GET', `/products/${productId}`);
    await addToCart(warm.token);
    const warmOrder = await checkout(warm.token);
    await settle(proxy, invocations, {
      timeoutMs: 60_000,
      until: () => orderMilestones(proxy.calls, String(warmOrder.body.orderId)).emailAt !== undefined,
    });
    log('warm-up order done');

    // AWS calls per operation: counted between quiet points, nothing else running.
    const operations: OperationFigure[] = [];
    const measureOperation = async (
      name: string,
      act: () => Promise<unknown>,
      until?: () => boolean,
      extra = false,
    ) => {
      await settle(proxy, invocations, { quietMs: 1500, timeoutMs: 30_000 });
      proxy.reset();
      const from = invocations.length;
      const logFrom = logged.bytes;
      // An act may say how many HTTP requests it made (default one).
      const result = await act();
      const requests = typeof result === 'number' ? result : 1;
      const settled = await settle(proxy, invocations, {
        quietMs: 1500,
        timeoutMs: 60_000,
        ...(until ? { until } : {}),
      });
      if (!settled) log(`${name}: the shop did not settle in time; counts may be partial`);
      operations.push({
        ...summarize(name, requests, proxy.calls, invocations.slice(from), sqsFunctions, writesOf),
        logBytes: logged.bytes - logFrom,
        ...(extra ? { extra: true } : {}),
      });
      if (process.env.BENCH_DUMP_CALLS)
        (await import('node:fs')).writeFileSync(
          `${process.env.BENCH_DUMP_CALLS}-${operations.length}.json`,
          JSON.stringify(proxy.calls, null, 1),
        );
    };
    await measureOperation('get product', () => client.expect(200, 'GET', `/products/${productId}`));
    await measureOperation('add to cart', () => addToCart(counted.token));
    let countedOrderId = '';
    await measureOperation(
      'checkout → CONFIRMED + email',
      async () => {
        const answer = await checkout(counted.token);
        if (answer.status !== 202)
          throw new Error(`checkout: ${answer.status} ${JSON.stringify(answer.body)}`);
        countedOrderId = String(answer.body.orderId);
      },
      () => orderMilestones(proxy.calls, countedOrderId).emailAt !== undefined,
    );
    const countedOrder = await client.expect(200, 'GET', `/orders/${countedOrderId}`, {
      token: counted.token,
    });
    if (countedOrder.status !== 'CONFIRMED') throw new Error(`the counted order is ${countedOrder.status}`);

    // What a promotion code adds to a checkout (the seeded WELCOME10, applied before counting): its use
    // counted at confirmation, the PromotionChanged to carts' copy.
    await addToCart(withCode.token);
    await client.expect(200, 'PUT', '/cart/promotion', {
      token: withCode.token,
      body: { code: 'WELCOME10' },
    });
    let codeOrderId = '';
    await measureOperation(
      'checkout with a code → CONFIRMED + email',
      async () => {
        const answer = await checkout(withCode.token);
        if (answer.status !== 202)
          throw new Error(`checkout: ${answer.status} ${JSON.stringify(answer.body)}`);
        codeOrderId = String(answer.body.orderId);
      },
      () => orderMilestones(proxy.calls, codeOrderId).emailAt !== undefined,
      true,
    );
    const codeOrder = await client.expect(200, 'GET', `/orders/${codeOrderId}`, { token: withCode.token });
    if (codeOrder.status !== 'CONFIRMED' || !(Number(codeOrder.discountTotal) > 0))
      throw new Error(`the order with a code is ${codeOrder.status}, discount ${codeOrder.discountTotal}`);

    // A return of the counted order once delivered: requested, received (restock, refund), two emails.
    const adminToken = String(admin.accessToken);
    for (const step of ['ship', 'deliver'])
      await client.expect(200, 'POST', `/orders/${countedOrderId}/${step}`, { token: adminToken });
    const emailsSent = () =>
      proxy.calls.filter(
        (call) => call.service === 'notifications' && ['SendEmail', 'SendRawEmail'].includes(call.action),
      ).length;
    await measureOperation(
      'return → REFUNDED + 2 emails',
      async () => {
        const asked = await client.expect(201, 'POST', `/orders/${countedOrderId}/returns`, {
          token: counted.token,
          body: { lines: [{ variantId: productId, quantity: 1 }], reason: 'Bench return' },
        });
        await client.expect(200, 'POST', `/orders/${countedOrderId}/returns/${asked.returnId}/receive`, {
          token: adminToken,
        });
        return 2;
      },
      () => emailsSent() >= 2,
      true,
    );
    log('AWS calls per operation counted');

    // Latency: checkout 202 → CONFIRMED written → email sent, as seen at the emulator (no polling load);
    // first one order at a time, then several in flight.
    const aloneCustomers = rest.slice(0, aloneOrders);
    const latencyCustomers = rest.slice(aloneOrders, aloneOrders + latencyOrders);
    const throughputCustomers = rest.slice(aloneOrders + latencyOrders);
    await mapLimit(rest, 6, (customer) => addToCart(customer.token));
    const measureLatency = async (buyers: typeof customers, concurrency: number): Promise<LatencyFigure> => {
      await settle(proxy, invocations, { quietMs: 1500, timeoutMs: 60_000 });
      proxy.reset();
      const placed: Array<{ orderId: string; acceptedAt: number }> = [];
      await mapLimit(buyers, concurrency, async (customer) => {
        const answer = await checkout(customer.token);
        if (answer.status !== 202) throw new Error(`checkout: ${answer.status}`);
        const acceptedAt = performance.now();
        const orderId = String(answer.body.orderId);
        placed.push({ orderId, acceptedAt });
        // Bounded concurrency of orders in flight: the next checkout waits for this one's email.
        const deadline = performance.now() + 30_000;
        while (performance.now() < deadline && orderMilestones(proxy.calls, orderId).emailAt === undefined)
          await sleep(20);
      });
      const confirmedMs: number[] = [];
      const emailMs: number[] = [];
      for (const order of placed) {
        const { confirmedAt, emailAt } = orderMilestones(proxy.calls, order.orderId);
        if (confirmedAt !== undefined) confirmedMs.push(Math.max(0, confirmedAt - order.acceptedAt));
        if (emailAt !== undefined) emailMs.push(Math.max(0, emailAt - order.acceptedAt));
      }
      log(`latency: ${placed.length} orders, ${concurrency} in flight`);
      return {
        orders: placed.length,
        concurrency,
        confirmedMs: percentiles(confirmedMs),
        emailMs: percentiles(emailMs),
        missing: placed.length - Math.min(confirmedMs.length, emailMs.length),
      };
    };
    const latencyAlone = await measureLatency(aloneCustomers, 1);
    const latency = await measureLatency(latencyCustomers, options.latencyConcurrency ?? 4);

    // Throughput: closed-loop checkouts through the base URL for a bounded window.
    await settle(proxy, invocations, { quietMs: 1500, timeoutMs: 60_000 });
    proxy.reset();
    const windowSeconds = options.throughputSeconds ?? 20;
    const started = performance.now();
    const windowEnds = started + windowSeconds * 1000;
    const accepted: string[] = [];
    const checkoutMs: number[] = [];
    let failed = 0;
    const failures: Record<string, number> = {};
    let refills = 0;
    const limitRefusals: Record<string, number> = {};
    let customersAtLimit = 0;
    // Orders placed per customer in the window: each stays open (CONFIRMED, not shipped).
    const placedBy = new Map<number, number>();
    // Customers take turns in order, one checkout at a time each; one at the open-orders limit is passed over.
    let cursor = 0;
    const busy = new Set<number>();
    const nextCustomer = (): number | undefined => {
      for (let tried = 0; tried < throughputCustomers.length; tried++) {
        const index = cursor++ % throughputCustomers.length;
        if (busy.has(index)) continue;
        if ((placedBy.get(index) ?? 0) < MAX_OPEN_ORDERS_PER_CUSTOMER) return index;
        customersAtLimit++;
      }
      return undefined;
    };
    await Promise.all(
      Array.from({ length: throughputConcurrency }, async () => {
        while (performance.now() < windowEnds) {
          const index = nextCustomer();
          // Every customer is at the limit (or busy): nobody left who may order.
          if (index === undefined) break;
          busy.add(index);
          const customer = throughputCustomers[index];
          const token = (customer as { token: string }).token;
          const sent = performance.now();
          const unanswered = (error: Error) => ({
            status: 0,
            body: { title: error.message } as Record<string, unknown>,
          });
          let answer = await checkout(token).catch(unanswered);
          checkoutMs.push(performance.now() - sent);
          if (answer.status === 409 && problemKind(answer.body) === 'conflict') {
            // An earlier order of this customer was confirmed and emptied the cart: fill it and go again.
            refills++;
            await addToCart(token);
            const again = performance.now();
            answer = await checkout(token).catch(unanswered);
            checkoutMs.push(performance.now() - again);
          }
          if (answer.status === 202) {
            accepted.push(String(answer.body.orderId));
            placedBy.set(index, (placedBy.get(index) ?? 0) + 1);
          } else if (answer.status === 409 && problemKind(answer.body) !== 'conflict') {
            // The shop's limits refused this customer for now (an order still settling): the next turn
            // asks another customer, as the limits intend.
            const kind = problemKind(answer.body);
            limitRefusals[kind] = (limitRefusals[kind] ?? 0) + 1;
          } else {
            failed++;
            const why = `${answer.status} ${String(answer.body.title ?? '')}`.trim();
            failures[why] = (failures[why] ?? 0) + 1;
          }
          busy.delete(index);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await settle(proxy, invocations, { quietMs: 2000, timeoutMs: 120_000 });
    const confirmations = accepted
      .map((orderId) => orderMilestones(proxy.calls, orderId).confirmedAt)
      .filter((at): at is number => at !== undefined);
    const drainedAfterSeconds = (Math.max(started, ...confirmations) - started) / 1000;
    const throughput: ThroughputFigure = {
      windowSeconds: Number(elapsed.toFixed(2)),
      concurrency: throughputConcurrency,
      accepted: accepted.length,
      failed,
      failures,
      cartRefills: refills,
      limitRefusals,
      customersAtLimit,
      acceptedPerSecond: accepted.length / elapsed,
      confirmed: confirmations.length,
      drainedAfterSeconds,
      confirmedPerSecond: confirmations.length / Math.max(drainedAfterSeconds, elapsed),
      checkoutLatencyMs: percentiles(checkoutMs),
    };
    log(`throughput: ${accepted.length} checkouts in ${elapsed.toFixed(1)} s`);
    return { startupMs: shop.startupMs, operations, latencyAlone, latency, throughput };
  } catch (error) {
    log(`last shop log lines:\n${shopLog.slice(-30).join('\n')}`);
    throw error;
  } finally {
    await shop?.stop();
    await proxy.close();
  }
}
