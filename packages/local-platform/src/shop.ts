import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulatorClients } from './emulator/clients.ts';
import { emulatorEnvironment, freePort, type RunningEmulator, startEmulator } from './emulator/emulator.ts';
import { planFeeds, startFeeds } from './event-sources/feeds.ts';
import { type OfflineService, startOffline } from './functions/offline.ts';
import { type Gateway, type GatewayRequest, startGateway } from './gateway/gateway.ts';
import { type GatewayRoute, parseRouteKey, routeKeys } from './gateway/routes.ts';
import { resourceSummary, stepLine } from './logs/log-lines.ts';
import { type ServiceLogs, serviceLogs } from './logs/service-logs.ts';
import { declaresFunctions, paramArguments, placeholderFor, readCompose } from './packaging/compose.ts';
import { type PackagedService, packageServices } from './packaging/packaging.ts';
import { mapLimit } from './processes.ts';
import { provisionedTypes } from './provisioning/resources/registry.ts';
import { type ProvisionedStack, provisionStack } from './provisioning/stack.ts';
import type { CfnTemplate } from './provisioning/template.ts';
import { runSeed } from './seeding/seeds.ts';

export interface LocalShopOptions {
  /** Repository root (holds serverless-compose.yml); defaults to this checkout's. */
  root?: string;
  /** Gateway port; defaults to `PORT`, then 3000. 0 picks a free one. */
  port?: number;
  /** Emulator port; defaults to `EMULATOR_PORT`, then a free one. */
  emulatorPort?: number;
  /** Where packaged templates go, relative to root; keep runs that overlap apart. */
  workDir?: string;
  /** Processes packaging or starting at once; this is a 2-core box. */
  concurrency?: number;
  /**
   * The start-up steps as they finish, problems the platform notices (a poller failing, a service's
   * process exiting) and the services' output (see `logDir`); defaults to the console.
   */
  log?: (line: string) => void;
  /**
   * A directory (relative to root, or absolute) for one log file per service: `<service>.log`, all
   * that its serverless-offline process and functions write. `log` then gets of it only the errors,
   * one line each with the file's name (every line with `verbose`). The files of the last run are
   * removed at the start; these stay after the stop. Default: none, every line goes to `log` as
   * `[service] line` (what tests and benchmarks that read the functions' output want).
   */
  logDir?: string;
  /** With `logDir`: every line to `log` as well, as it comes. */
  verbose?: boolean;
  /** Told of every request the gateway answered (method, path without query values, status, ms). */
  onRequest?: (request: GatewayRequest) => void;
  /** Epoch milliseconds the step times count from (default: the call), e.g. the process's start. */
  startedAt?: number;
  /**
   * Bundle functions with serverless-esbuild as in AWS before serving (slower start; default from
   * `LOCAL_BUNDLE=1`). Otherwise serverless-offline loads the TypeScript handlers directly.
   */
  bundle?: boolean;
  /** Aborting stops whatever has started so far and makes the start-up reject. */
  signal?: AbortSignal;
  /**
   * The AWS endpoint a service's functions call, given the emulator's (e.g. a counting proxy in front of
   * it, for the benchmarks); defaults to the emulator. Provisioning, seeds and local pollers use the emulator.
   */
  awsEndpointFor?: (service: string, emulatorEndpoint: string) => string | Promise<string>;
  /**
   * A file every function appends its AWS calls to (`SHOP_AWS_CALL_LOG`, see `awsClient` of
   * `@shop/middleware`), for checking them against the functions' IAM roles.
   */
  awsCallLog?: string;
  /**
   * Requests one HTTP function serves at once; more wait at the gateway (default `LOCAL_FUNCTION_CONCURRENCY`,
   * then 2). Each concurrent request beyond this would make serverless-offline load the handler in a new
   * worker, which takes seconds here (a burst of 8 checkouts: ~6 s each, against 0.2 s warm).
   */
  functionConcurrency?: number;
}

export interface LocalShop {
  baseUrl: string;
  emulatorEndpoint: string;
  /** The emulator's process id (also the first of `pids`), for tests that pause it (SIGSTOP/SIGCONT). */
  emulatorPid: number;
  /** Lines each seed reported, by service. */
  seeded: Record<string, string[]>;
  routes: GatewayRoute[];
  stacks: Record<string, ProvisionedStack>;
  /** Process-group ids of every child started (moto's is its pid). */
  pids: number[];
  /** Milliseconds from the call to ready. */
  startupMs: number;
  /** With `logDir`: each service's log file, as `log` names it (e.g. `.local/logs/orders.log`). */
  logFiles: Record<string, string>;
  stop(): Promise<void>;
}

const stage = 'local';
const defaultRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** Starts the whole shop on loopback: emulator, resources, seeds, functions, queue pollers, gateway. */
export async function startLocalShop(options: LocalShopOptions = {}): Promise<LocalShop> {
  const started = Date.now();
  const root = options.root ?? defaultRoot;
  const log = options.log ?? ((line: string) => console.log(line));
  const concurrency = options.concurrency ?? 2;
  // One directory per run, so two runs in one checkout never read each other's templates.
  const workRoot = join(root, options.workDir ?? '.local');
  removeAbandonedRuns(workRoot);
  const workDir = join(workRoot, `${stage}-${process.pid}-${started.toString(36)}`);
  const since = options.startedAt ?? started;
  /** One finished step: what happened and, for one that took a while, since when. */
  const step = (text: string, from?: number) =>
    log(stepLine(Date.now() - since, text, from === undefined ? undefined : Date.now() - from));
  const msAgo = (ms: number) => Date.now() - ms;
  const logs: ServiceLogs | undefined = options.logDir
    ? serviceLogs({ dir: resolve(root, options.logDir), log, verbose: options.verbose ?? false })
    : undefined;
  const outputOfService = (service: string) =>
    logs?.output(service) ?? ((line: string) => log(`[${service}] ${line}`));
  const problem = (service: string, text: string) =>
    logs ? logs.problem(service, text) : log(`[${service}] ${text}`);
  const cleanups: Array<() => Promise<void>> = [];
  let stopped = false;
  let stopping: Promise<void> | undefined;
  // One stop for everyone (abort signal, failed start, caller): each waits until all is down.
  const stop = () => {
    stopped = true;
    stopping ??= (async () => {
      // Last started, first stopped: gateway and pollers, then functions, then the emulator.
      while (cleanups.length > 0) {
        const cleanup = cleanups.pop() as () => Promise<void>;
        await cleanup().catch((error: Error) => log(`while stopping: ${error.message}`));
      }
      await logs?.close();
      rmSync(workDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  /** Registers how to undo a start-up step; after a stop, undoes it at once. */
  const track = (cleanup: () => Promise<void>) => {
    if (stopped) void cleanup().catch(() => undefined);
    else cleanups.push(cleanup);
  };
  const checkpoint = () => {
    if (stopped || options.signal?.aborted) throw new Error('local shop start-up was aborted');
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  try {
    // The port is chosen first so the packaging, which runs while the emulator starts, is already
    // pointed at it: the local stage is refused anywhere else (@shop/ops/osls-stage-checks).
    const emulatorPort =
      options.emulatorPort ??
      (process.env.EMULATOR_PORT ? Number(process.env.EMULATOR_PORT) : await freePort());
    const [emulator, packaged] = await Promise.all([
      startEmulator({ port: emulatorPort, detached: true }).then((running: RunningEmulator) => {
        track(() => running.stop());
        step(`emulator (moto) on ${running.endpoint}`, started);
        return running;
      }),
      packageServices({
        root,
        stage,
        concurrency,
        dirFor: (service) => join(workDir, service.name),
        templateOnlyIn: workDir,
        // A service without functions that no other needs (the edge: CloudFront and WAF) has nothing
        // to run here; one that others need (a topic they subscribe to) is provisioned all the same.
        include: (service) =>
          declaresFunctions(root, service) ||
          readCompose(root).some((other) => other.dependsOn.includes(service.name)),
        env: { ...process.env, ...emulatorEnvironment(`http://127.0.0.1:${emulatorPort}`) },
        log: (line) => step(line),
        onPackaged: (item, ms) => step(`packaged ${item.service.name}`, msAgo(ms)),
      }),
    ]);
    checkpoint();
    const env = emulatorEnvironment(emulator.endpoint);
    // After the start, the emulator going away is worth a line: every call will fail from now on.
    emulator.process.once('exit', (code, signal) => {
      if (!stopped) log(`✖ the emulator (moto) exited (${code ?? signal}); stop and start the shop again`);
    });

    const stacks: Record<string, ProvisionedStack> = {};
    for (const item of packaged) {
      const provisioning = Date.now();
      const template = JSON.parse(withRealOutputs(item, stacks)) as CfnTemplate;
      stacks[item.service.name] = await provisionStack(template, item.stackName, {
        endpoint: emulator.endpoint,
      });
      // What the emulator holds now; the types that need nothing locally are left out.
      const created = Object.values(stacks[item.service.name]?.resources ?? {})
        .map((resource) => resource.type)
        .filter((type) => provisionedTypes.has(type));
      step(`provisioned ${item.stackName}: ${resourceSummary(created)}`, provisioning);
      const functions = stacks[item.service.name]?.functions ?? {};
      const environments = Object.fromEntries(
        Object.entries(functions).map(([name, fn]) => [
          name,
          options.awsCallLog ? { ...fn.environment, SHOP_AWS_CALL_LOG: options.awsCallLog } : fn.environment,
        ]),
      );
      writeFileSync(join(item.dir, 'function-environment.json'), JSON.stringify(environments, null, 2));
    }
    checkpoint();

    // Seeds are independent (each sees only its own stack), so they run side by side.
    const seeding = Promise.all(
      packaged.map(async (item) => {
        const stack = stacks[item.service.name] as ProvisionedStack;
        const seedingFrom = Date.now();
        const lines = await runSeed(join(root, item.service.path), {
          stage,
          env: { ...env },
          outputs: { ...stack.outputs },
          resources: Object.fromEntries(
            Object.entries(stack.resources).map(([id, resource]) => [id, resource.ref]),
          ),
        });
        if (lines) step(`seeded ${item.service.name}: ${lines.join('; ') || 'done'}`, seedingFrom);
        return [item.service.name, lines] as const;
      }),
    ).then((results) =>
      Object.fromEntries(
        results.filter((result): result is readonly [string, string[]] => result[1] !== undefined),
      ),
    );
    seeding.catch(() => undefined);

    const runnable = packaged.filter(
      (item) => Object.keys(stacks[item.service.name]?.functions ?? {}).length > 0,
    );
    const offline: OfflineService[] = [];
    await mapLimit(runnable, concurrency, async (item) => {
      const starting = Date.now();
      const [httpPort, lambdaPort, websocketPort, albPort] = await Promise.all(
        [1, 2, 3, 4].map(() => freePort()),
      );
      const service = await startOffline({
        root,
        name: item.service.name,
        cwd: join(root, item.service.path),
        stage,
        httpPort: httpPort as number,
        lambdaPort: lambdaPort as number,
        hasHttpRoutes: routeKeys(JSON.parse(item.templateText) as CfnTemplate).length > 0,
        extraPorts: { websocketPort: websocketPort as number, albPort: albPort as number },
        params: paramArguments(item.service, (name, output) => outputOf(stacks, name, output)),
        env: options.awsEndpointFor
          ? { ...env, AWS_ENDPOINT_URL: await options.awsEndpointFor(item.service.name, emulator.endpoint) }
          : env,
        functionEnvironmentFile: join(item.dir, 'function-environment.json'),
        bundle: options.bundle ?? process.env.LOCAL_BUNDLE === '1',
        output: outputOfService(item.service.name),
        onUnexpectedExit: (code) =>
          problem(
            item.service.name,
            `its serverless-offline process exited (${code}): its routes answer 502 and its queues wait until the shop is started again`,
          ),
      });
      offline.push(service);
      track(() => service.stop());
      const count = Object.keys(stacks[item.service.name]?.functions ?? {}).length;
      step(`started ${item.service.name}: ${count} functions`, starting);
    });

    checkpoint();
    const feeds = planFeeds(offline, stacks);
    const { sqs } = emulatorClients({ endpoint: emulator.endpoint });
    for (const poller of startFeeds(feeds, { endpoint: emulator.endpoint, sqs, log: problem })) {
      track(() => poller.stop());
    }
    const streams = feeds.filter((feed) => feed.trigger.kind === 'dynamodb-stream').length;
    step(`event sources polled: ${feeds.length - streams} queues, ${streams} table streams`);

    const routes: GatewayRoute[] = offline.flatMap((service) => {
      const item = packaged.find((candidate) => candidate.service.name === service.name) as PackagedService;
      return routeKeys(JSON.parse(item.templateText) as CfnTemplate).map((key) => ({
        ...parseRouteKey(key),
        service: service.name,
        port: service.httpPort,
      }));
    });
    const gateway: Gateway = await startGateway({
      port: options.port ?? (process.env.PORT ? Number(process.env.PORT) : 3000),
      routes,
      concurrencyPerRoute: options.functionConcurrency ?? Number(process.env.LOCAL_FUNCTION_CONCURRENCY ?? 2),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
    track(() => gateway.close());
    step(
      `gateway on ${gateway.url}: ${routes.length} routes of ${new Set(routes.map((r) => r.service)).size} services`,
    );
    const seeded = await seeding;
    checkpoint();
    return {
      baseUrl: gateway.url,
      emulatorEndpoint: emulator.endpoint,
      emulatorPid: emulator.process.pid as number,
      seeded,
      routes,
      stacks,
      pids: [emulator.process.pid as number, ...offline.map((service) => service.process.pid)],
      startupMs: Date.now() - started,
      logFiles: logs
        ? Object.fromEntries(offline.map((service) => [service.name, logs.shownFileOf(service.name)]))
        : {},
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Deletes the work directories of runs whose process is gone (killed without a chance to clean up). */
function removeAbandonedRuns(workRoot: string): void {
  if (!existsSync(workRoot)) return;
  for (const entry of readdirSync(workRoot)) {
    const pid = Number(new RegExp(`^${stage}-(\\d+)-`).exec(entry)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(workRoot, entry), { recursive: true, force: true });
    }
  }
}

function outputOf(stacks: Record<string, ProvisionedStack>, service: string, output: string): string {
  const value = stacks[service]?.outputs[output];
  if (value === undefined) throw new Error(`the ${service} stack has no output ${output}`);
  return value;
}

/** The packaged template with each compose placeholder replaced by the real output, as compose does in AWS. */
function withRealOutputs(item: PackagedService, stacks: Record<string, ProvisionedStack>): string {
  let text = item.templateText;
  for (const source of Object.values(item.service.params)) {
    if (source.kind !== 'output') continue;
    const placeholder = JSON.stringify(placeholderFor(source.service, source.output)).slice(1, -1);
    const value = JSON.stringify(outputOf(stacks, source.service, source.output)).slice(1, -1);
    text = text.replaceAll(placeholder, value);
  }
  return text;
}
