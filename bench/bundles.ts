import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'bench', '.out');

export interface PackageShare {
  /** npm package (`@aws-lambda-powertools/logger`), workspace package (`@shop/events`) or `(service)`. */
  name: string;
  bytes: number;
}

export interface BundleFigure {
  service: string;
  functionName: string;
  /** `sqs`, `stream`, `http` or `other`, from the function's events. */
  trigger: string;
  memorySize: number;
  bytes: number;
  /** Packages that take the most bytes of the minified output, largest first. */
  topPackages: PackageShare[];
  /** What-if: size with `@aws-lambda-powertools/*` bundled, as before the Powertools layer (0 when not measured). */
  bytesWithoutLayer: number;

  /** Imports left to the runtime (node:*, `@aws-sdk/*`) or the Powertools layer, from the metafile. */
  externalImports: string[];
  /** Median cold import in ms; null when the bundle failed to import (see `error`). */
  initMs: number | null;
  /** What-ifs (null when not measured): with NODE_OPTIONS=--enable-source-maps, as deployed before; */
  initWithSourceMapsMs: number | null;
  /** with the tracer (X-Ray SDK) imported at init, as before its lazy path; */
  initWithEagerTracerMs: number | null;
  /** with Powertools bundled instead of taken from the layer. */
  initWithoutLayerMs: number | null;
  /** Resident set and V8 heap in MB after the import (median), the footprint before any request. */
  rssMb: number | null;
  heapMb: number | null;
  initRatio: number | null;
  /** The same cold import over the SDK-only baseline's, imported in turn with it (measureInitAgainst). */
  initOverSdkBaseline: number | null;
  error?: string;
}

export interface BaselineFigure {
  bytes: number;
  initMs: number;
}

export interface BundleResults {
  runs: number;
  /** A handler returning a constant: a Node process doing almost nothing. */
  baseline: BaselineFigure;
  /** A handler that only imports the DynamoDB document client, as most functions do (SDK from the runtime). */
  sdkBaseline: BaselineFigure;
  functions: BundleFigure[];
}

// CloudFormation short tags only need to parse here; their values are never evaluated.
const cloudFormationTags = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'ImportValue'].map(
  (tag) => ({
    tag: `!${tag}`,
    resolve: () => 'bench',
  }),
);

interface FunctionDefinition {
  handler: string;
  memorySize?: number | string;
  environment?: Record<string, unknown> | string;
  events?: Array<Record<string, unknown>>;
}

interface ServiceDefinition {
  provider?: { environment?: Record<string, unknown>; memorySize?: number | string };
  custom?: Record<string, unknown>;
  functions?: Record<string, FunctionDefinition>;
}

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { customTags: cloudFormationTags }) as T;
}

/** The deployed services: every `services/<name>` with a serverless.yml, alphabetically. */
export function serviceNames(): string[] {
  return readdirSync(join(root, 'services'))
    .filter((name) => existsSync(join(root, 'services', name, 'serverless.yml')))
    .sort();
}

/** A service's serverless.yml, with `${self:custom.x}` environments resolved (the one indirection used). */
export function readService(service: string): ServiceDefinition {
  return readYaml<ServiceDefinition>(join(root, 'services', service, 'serverless.yml'));
}

/**
 * A function's memory in MB on `stage` (prod by default: the cost figures are for production), resolving
 * `${self:custom.stage.memorySize}` through the root stages.yml; Lambda's framework default is 1024.
 */
export function memoryOf(definition: ServiceDefinition, functionName: string, stage = 'prod'): number {
  const declared = definition.functions?.[functionName]?.memorySize ?? definition.provider?.memorySize;
  if (typeof declared === 'number') return declared;
  const setting = /^\$\{self:custom\.stage\.(\w+)\}$/.exec(String(declared ?? ''))?.[1];
  const stagesFile = join(root, 'stages.yml');
  if (setting && existsSync(stagesFile)) {
    const stages = parse(readFileSync(stagesFile, 'utf8'), { merge: true }) as Record<
      string,
      Record<string, unknown>
    >;
    const value = (stages[stage] ?? stages.default)?.[setting];
    if (typeof value === 'number') return value;
  }
  return 1024;
}

/** The esbuild options the services deploy with (serverless.esbuild.yml), so sizes are the real ones. */
export function deployedBuildOptions(): BuildOptions & { metafile: true } {
  const options = readYaml<{
    minify: boolean;
    format: 'esm';
    platform: 'node';
    target: string;
    exclude: string[];
    external?: string[];
    banner: { js: string };
    alias?: Record<string, string>;
    mainFields: string[];
    sourcemap?: 'linked' | 'external' | 'inline' | boolean;
  }>(join(root, 'serverless.esbuild.yml'));
  return {
    bundle: true,
    minify: options.minify,
    format: options.format,
    platform: options.platform,
    target: options.target,
    external: [...options.exclude, ...(options.external ?? [])],
    banner: options.banner,
    ...(options.alias ? { alias: options.alias } : {}),
    mainFields: options.mainFields,
    ...(options.sourcemap === undefined ? {} : { sourcemap: options.sourcemap }),
    metafile: true,
    write: true,
    logLevel: 'silent',
  };
}

function customValue(definition: ServiceDefinition, reference: string): unknown {
  const path = /^\$\{self:custom\.([\w.]+)\}$/.exec(reference)?.[1];
  if (!path) return undefined;
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], {
    ...definition.custom,
  });
}

/** A stage setting of stages.yml (prod: what is deployed and costed). */
function stageSetting(setting: string, stage = 'prod'): unknown {
  const stages = parse(readFileSync(join(root, 'stages.yml'), 'utf8'), { merge: true }) as Record<
    string,
    Record<string, unknown>
  >;
  return (stages[stage] ?? stages.default)?.[setting];
}

// A value of the right shape for each variable, so config validation at import time passes.
function stubValue(name: string, declared: unknown): string {
  if (typeof declared === 'number') return String(declared);
  const setting = /^\$\{self:custom\.stage\.(\w+)\}$/.exec(String(declared))?.[1];
  const value = setting ? stageSetting(setting) : undefined;
  if (typeof value === 'number' || (typeof value === 'string' && !value.includes('${'))) return String(value);
  if (typeof declared === 'string' && !declared.includes('${') && declared !== 'bench') return declared;
  if (name === 'SES_SENDER' || name.endsWith('_EMAIL')) return 'shop@example.com';
  if (name === 'SIGN_UP_CONFIRMATION') return 'email';
  if (name === 'STAGE') return 'prod';
  if (name.endsWith('_ARN')) return 'arn:aws:sns:us-east-1:123456789012:bench';
  if (name.endsWith('_URL')) return 'https://sqs.us-east-1.amazonaws.com/123456789012/bench';
  if (name === 'USER_POOL_ID') return 'us-east-1_bench';
  return 'bench';
}

function environmentOf(definition: ServiceDefinition, functionName: string): Record<string, string> {
  const own = definition.functions?.[functionName]?.environment;
  const resolved = typeof own === 'string' ? customValue(definition, own) : own;
  const declared: Record<string, unknown> = {
    ...definition.provider?.environment,
    ...(typeof resolved === 'object' && resolved !== null ? (resolved as Record<string, unknown>) : {}),
  };
  return Object.fromEntries(
    Object.entries(declared)
      .filter(([name]) => name !== 'NODE_OPTIONS')
      .map(([name, value]) => [name, stubValue(name, value)]),
  );
}

function triggerOf(fn: FunctionDefinition): string {
  const kinds = (fn.events ?? []).flatMap((event) => Object.keys(event));
  if (kinds.includes('sqs')) return 'sqs';
  if (kinds.includes('stream')) return 'stream';
  if (kinds.includes('httpApi') || kinds.includes('http')) return 'http';
  return 'other';
}

/** The package an input file of the metafile belongs to. */
function packageOf(input: string): string {
  const inNodeModules = input.lastIndexOf('node_modules/');
  if (inNodeModules >= 0) {
    const [scope, name] = input.slice(inNodeModules + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? input);
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(input)?.[1];
  if (workspace) return `@shop/${workspace}`;
  return '(service)';
}

/** Bytes of the minified output by package, largest first. */
export function packageShares(metafile: Metafile): PackageShare[] {
  const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function outputBytes(metafile: Metafile): number {
  return Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1].bytes ?? 0;
}

/**
 * The imports a bundle leaves to the runtime or the layer (node:*, `@aws-sdk/*`, `@aws-lambda-powertools/*`):
 * its ES imports, and the layer packages it loads by `require` (`requireFromLayer` of @shop/aws, which
 * esbuild does not see as an import: each is named by a string literal, found in the output).
 */
export function externalImportsOf(metafile: Metafile): string[] {
  // The output's own imports: what the bundle still imports after tree shaking (inputs list more).
  const [file, output] = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs')) ?? [];
  const imports = (output?.imports ?? []).filter((item) => item.external).map((item) => item.path);
  const required = file
    ? [...readFileSync(resolve(file), 'utf8').matchAll(/["'`](@aws-lambda-powertools\/[\w./-]+)["'`]/g)].map(
        (match) => match[1] as string,
      )
    : [];
  return [...new Set([...imports, ...required])].sort();
}

/** What-if for the figures: the tracer imported at init again (a static import in place of the lazy one). */
const eagerTracer: Plugin = {
  name: 'eager-tracer',
  setup(build) {
    build.onLoad({ filter: /packages\/aws\/src\/tracing\.ts$/ }, async (args) => ({
      contents: readFileSync(args.path, 'utf8')
        .replace(
          "import type { Tracer } from '@aws-lambda-powertools/tracer';",
          "import { Tracer } from '@aws-lambda-powertools/tracer';",
        )
        .replace("import('@aws-lambda-powertools/tracer')", 'Promise.resolve({ Tracer })'),
      loader: 'ts',
    }));
  },
};

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/**
 * Milliseconds to import a bundle in a fresh Node process (the cold init of a Lambda module), median of
 * runs. Excluded like in Lambda: Node's own start-up, which the runtime pays before it loads the handler.
 */
export interface InitFigure {
  /** CPU milliseconds (user + system) of the import. */
  ms: number;
  /** Wall milliseconds of the same import (noisy on a shared machine). */
  wallMs: number;
  rssMb: number;
  heapMb: number;
}

/** One cold import of a bundle in a fresh Node process: its time, and the footprint after it. */
/**
 * Runs an ES module script in a fresh Node process with the Lambda environment stubbed (the
 * function's own variables, a region, a function name) and answers what it printed as JSON.
 */
function inFreshLambdaNode<T>(script: string, env: Record<string, string>): T {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      // Lambda proper, so tracing is possible, as in AWS (nothing traces before an invocation).
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    },
    encoding: 'utf8',
    cwd: root,
  });
  if (result.status !== 0) {
    const message = /Error: [^\n]*(\n {2}[^\n]*)*/.exec(result.stderr)?.[0] ?? result.stderr.slice(-400);
    throw new Error(message.trim());
  }
  return JSON.parse(result.stdout) as T;
}

function importOnce(file: string, env: Record<string, string>): InitFigure {
  // CPU time (user + system) of the import, not wall time: init is CPU-bound, and on a shared machine
  // the wall time mostly measures the other processes (medians of the two, measured side by side under
  // a load of 7 on 2 cores: wall 120-163 ms and noise of +-30 ms; CPU 80-100 ms, +-2 ms).
  const script = [
    'const t = performance.now(); const cpu = process.cpuUsage();',
    `await import(${JSON.stringify(`file://${file}`)});`,
    'const used = process.cpuUsage(cpu); const wallMs = performance.now() - t;',
    'const { rss, heapUsed } = process.memoryUsage();',
    'process.stdout.write(JSON.stringify({ ms: (used.user + used.system) / 1000, wallMs, rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 }));',
  ].join(' ');
  return inFreshLambdaNode<InitFigure>(script, env);
}

/**
 * The SDK client packages a bundle really loads during its init (its import, top-level awaits
 * included), whether by an import statement or by an `import()` it awaits there: what the init figure
 * pays for. Seen by a resolve hook in the same fresh, Lambda-like process as the init figure.
 */
export function sdkClientsLoadedAtInit(file: string, env: Record<string, string>): string[] {
  const script = [
    "import { registerHooks } from 'node:module'; const seen = new Set();",
    'registerHooks({ resolve(specifier, context, next) { seen.add(specifier); return next(specifier, context); } });',
    `await import(${JSON.stringify(`file://${file}`)});`,
    "process.stdout.write(JSON.stringify([...seen].filter((s) => s.startsWith('@aws-sdk/client-')).sort()));",
  ].join(' ');
  return inFreshLambdaNode<string[]>(script, env);
}

const medianFigure = (samples: InitFigure[]): InitFigure => ({
  ms: median(samples.map((sample) => sample.ms)),
  wallMs: median(samples.map((sample) => sample.wallMs)),
  rssMb: median(samples.map((sample) => sample.rssMb)),
  heapMb: median(samples.map((sample) => sample.heapMb)),
});

/**
 * Milliseconds to import a bundle in a fresh Node process (the cold init of a Lambda module), median of
 * runs. Excluded like in Lambda: Node's own start-up, which the runtime pays before it loads the handler.
 */
export function measureInit(file: string, env: Record<string, string>, runs: number): InitFigure {
  // The first import of a file also pays for reading it from disk; Lambda's would too, but the disk cache
  // of a shared machine makes that part noise. One discarded run, then `runs` measured ones.
  importOnce(file, env);
  return medianFigure(Array.from({ length: runs }, () => importOnce(file, env)));
}

/**
 * The bundle's cold init against a baseline's, imported in turn (baseline, bundle, baseline, ...), so
 * that a machine getting busier or quieter moves both alike; medians of `runs` each.
 */
export function measureInitAgainst(
  file: string,
  env: Record<string, string>,
  baselineFile: string,
  runs: number,
): InitFigure & { baselineMs: number; ratio: number } {
  importOnce(baselineFile, {});
  importOnce(file, env);
  const own: InitFigure[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < runs; run++) {
    baseline.push(importOnce(baselineFile, {}).ms);
    own.push(importOnce(file, env));
  }
  const figure = medianFigure(own);
  const baselineMs = median(baseline);
  return { ...figure, baselineMs, ratio: figure.ms / baselineMs };
}

async function baselineOf(name: string, source: string) {
  const options = deployedBuildOptions();
  const sourceFile = join(outDir, `${name}.ts`);
  writeFileSync(sourceFile, source);
  const outfile = join(outDir, `${name}.mjs`);
  const result = await build({ ...options, entryPoints: [sourceFile], outfile });
  return { bytes: outputBytes(result.metafile), outfile };
}

export interface BundleOptions {
  runs?: number;
  /** Only these `service/function` names (all when absent). */
  only?: (service: string, functionName: string) => boolean;
  /** Also build and time the what-ifs (Powertools bundled, tracer at init, source maps on); default true. */
  whatIf?: boolean;
  log?: (line: string) => void;
}

/** One function of one service, as deployed. */
export interface FunctionEntry {
  service: string;
  functionName: string;
  definition: ServiceDefinition;
  fn: FunctionDefinition;
  entry: string;
}

/** Every function of every service, with its handler's source file. */
export function functionEntries(): FunctionEntry[] {
  return serviceNames().flatMap((service) => {
    const definition = readService(service);
    return Object.entries(definition.functions ?? {}).map(([functionName, fn]) => ({
      service,
      functionName,
      definition,
      fn,
      entry: join(root, 'services', service, `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts`),
    }));
  });
}

/** The environment a function's bundle is imported with (its declared variables, stubbed by shape). */
export const initEnvironment = (item: FunctionEntry) => environmentOf(item.definition, item.functionName);

/** Builds one function's bundle with the deployed options into bench/.out/<variant>/<service>/<function>.mjs. */
export async function bundleFunction(item: FunctionEntry, variant = '', extra: BuildOptions = {}) {
  const options = deployedBuildOptions();
  const outfile = join(outDir, variant, item.service, `${item.functionName}.mjs`);
  const result = await build({ ...options, ...extra, entryPoints: [item.entry], outfile });
  const metafile = result.metafile as Metafile;
  return { outfile, metafile, bytes: outputBytes(metafile) };
}

/** The two baselines, built: a handler returning a constant, and one that only creates the DynamoDB client. */
export async function buildBaselines() {
  mkdirSync(outDir, { recursive: true });
  const hello = await baselineOf(
    'hello',
    'export const handler = async () => ({ statusCode: 200, body: "hello" });\n',
  );
  const sdkOnly = await baselineOf(
    'hello-sdk',
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export const handler = async () => ({ statusCode: 200, body: typeof documents });',
      '',
    ].join('\n'),
  );
  return { hello, sdkOnly };
}

/** Bundles every function of every service like a deploy does and measures size, composition and cold init. */
export async function measureBundles(options: BundleOptions = {}): Promise<BundleResults> {
  const runs = options.runs ?? 7;
  const whatIf = options.whatIf ?? true;
  const log = options.log ?? (() => undefined);
  rmSync(outDir, { recursive: true, force: true });
  const { hello, sdkOnly } = await buildBaselines();
  // Baselines are measured before and after the functions and averaged, so a machine that gets busier
  // or quieter during the run moves both sides of each ratio alike.
  const baselineBefore = [measureInit(hello.outfile, {}, runs), measureInit(sdkOnly.outfile, {}, runs)];

  const functions: BundleFigure[] = [];
  for (const item of functionEntries()) {
    const { service, functionName, definition, fn } = item;
    if (options.only && !options.only(service, functionName)) continue;
    const deployed = await bundleFunction(item);
    const env = initEnvironment(item);
    const figure: BundleFigure = {
      service,
      functionName,
      trigger: triggerOf(fn),
      memorySize: memoryOf(definition, functionName),
      bytes: deployed.bytes,
      bytesWithoutLayer: 0,
      externalImports: externalImportsOf(deployed.metafile),
      topPackages: packageShares(deployed.metafile).slice(0, 3),
      initMs: null,
      initWithSourceMapsMs: null,
      initWithEagerTracerMs: null,
      initWithoutLayerMs: null,
      rssMb: null,
      heapMb: null,
      initRatio: null,
      initOverSdkBaseline: null,
    };
    try {
      const init = measureInitAgainst(deployed.outfile, env, sdkOnly.outfile, runs);
      figure.initMs = init.ms;
      figure.initOverSdkBaseline = init.ratio;
      figure.rssMb = init.rssMb;
      figure.heapMb = init.heapMb;
      if (whatIf) {
        const external = (deployedBuildOptions().external ?? []).filter(
          (name) => name !== '@aws-lambda-powertools/*',
        );
        const bundled = await bundleFunction(item, 'no-layer', { external });
        figure.bytesWithoutLayer = bundled.bytes;
        figure.initWithoutLayerMs = measureInit(bundled.outfile, env, runs).ms;
        const eager = await bundleFunction(item, 'eager-tracer', { plugins: [eagerTracer] });
        figure.initWithEagerTracerMs = measureInit(eager.outfile, env, runs).ms;
        figure.initWithSourceMapsMs = measureInit(
          deployed.outfile,
          { ...env, NODE_OPTIONS: '--enable-source-maps' },
          runs,
        ).ms;
      }
    } catch (error) {
      figure.error = (error as Error).message;
    }
    log(`bundle ${service}/${functionName}: ${(figure.bytes / 1024).toFixed(1)} KB`);
    functions.push(figure);
  }
  const baseline = {
    bytes: hello.bytes,
    initMs: ((baselineBefore[0]?.ms as number) + measureInit(hello.outfile, {}, runs).ms) / 2,
  };
  const sdkBaseline = {
    bytes: sdkOnly.bytes,
    initMs: ((baselineBefore[1]?.ms as number) + measureInit(sdkOnly.outfile, {}, runs).ms) / 2,
  };
  // initOverSdkBaseline is each function's own paired figure (measureInitAgainst); the hello-world ratio
  // is against the run's average.
  for (const figure of functions) {
    if (figure.initMs === null) continue;
    figure.initRatio = figure.initMs / baseline.initMs;
  }
  return { runs, baseline, sdkBaseline, functions };
}

/** Where a bundle's bytes come from, for a look at one function: `node bench/bundles.ts service/function`. */
if (import.meta.main) {
  const [target] = process.argv.slice(2);
  const [service, functionName] = (target ?? 'products/getProduct').split('/');
  const fn = readService(service as string).functions?.[functionName as string];
  if (!fn) throw new Error(`no function ${target}`);
  const entry = join(
    root,
    'services',
    service as string,
    `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts`,
  );
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    ...deployedBuildOptions(),
    entryPoints: [entry],
    outfile: join(outDir, 'inspect.mjs'),
  });
  const output = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1];
  const files = Object.entries(output?.inputs ?? {})
    .map(([input, { bytesInOutput }]) => [relative(root, resolve(root, input)), bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);
  console.log(`total ${outputBytes(result.metafile)} bytes`);
  for (const share of packageShares(result.metafile))
    console.log(`${String(share.bytes).padStart(8)} ${share.name}`);
  console.log('\nlargest files:');
  for (const [file, bytes] of files.slice(0, 25)) console.log(`${String(bytes).padStart(8)} ${file}`);
}
