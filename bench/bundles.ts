import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'bench', '.out');

export interface BundleFigure {
  service: string;
  functionName: string;
  bytes: number;
  initMs: number;
  initRatio: number;
}

// CloudFormation short tags only need to parse here; their values are never evaluated.
const cloudFormationTags = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'ImportValue'].map(
  (tag) => ({
    tag: `!${tag}`,
    resolve: () => 'bench',
  }),
);

interface ServiceDefinition {
  provider?: { environment?: Record<string, unknown> };
  functions?: Record<string, { handler: string; environment?: Record<string, unknown> }>;
}

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { customTags: cloudFormationTags }) as T;
}

// The same esbuild options the services deploy with (serverless.esbuild.yml), so sizes are the real ones.
function deployedBuildOptions() {
  const options = readYaml<{
    minify: boolean;
    format: 'esm';
    platform: 'node';
    target: string;
    exclude: string[];
    banner: { js: string };
    mainFields: string[];
  }>(join(root, 'serverless.esbuild.yml'));
  return {
    bundle: true,
    minify: options.minify,
    format: options.format,
    platform: options.platform,
    target: options.target,
    external: options.exclude,
    banner: options.banner,
    mainFields: options.mainFields,
    metafile: true,
    write: true,
    logLevel: 'silent' as const,
  };
}

// A value of the right shape for each variable, so config validation at import time passes.
function stubValue(name: string): string {
  if (name.endsWith('_ARN')) return 'arn:aws:sns:us-east-1:123456789012:bench';
  if (name.endsWith('_URL')) return 'https://sqs.us-east-1.amazonaws.com/123456789012/bench';
  if (name === 'USER_POOL_ID') return 'us-east-1_bench';
  return 'bench';
}

function environmentOf(definition: ServiceDefinition, functionName: string): Record<string, string> {
  const names = [
    ...Object.keys(definition.provider?.environment ?? {}),
    ...Object.keys(definition.functions?.[functionName]?.environment ?? {}),
  ];
  return Object.fromEntries(
    names.filter((name) => name !== 'NODE_OPTIONS').map((name) => [name, stubValue(name)]),
  );
}

/** Milliseconds to import a bundle in a fresh Node process (the cold init of a Lambda module), median of runs. */
function measureInit(file: string, env: Record<string, string>, runs: number): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...env, AWS_REGION: 'us-east-1' },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`importing ${file} failed:\n${result.stderr}`);
    samples.push(Number(result.stdout));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

/** Bundles every function of every service like a deploy does and measures size and cold init. */
export async function measureBundles(
  runs = 7,
): Promise<{ baseline: { bytes: number; initMs: number }; functions: BundleFigure[] }> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const options = deployedBuildOptions();

  const helloSource = join(outDir, 'hello.ts');
  writeFileSync(helloSource, 'export const handler = async () => ({ statusCode: 200, body: "hello" });\n');
  const helloOut = join(outDir, 'hello.mjs');
  const hello = await build({ ...options, entryPoints: [helloSource], outfile: helloOut });
  const baseline = {
    bytes: Object.values(hello.metafile.outputs)[0]?.bytes ?? 0,
    initMs: measureInit(helloOut, {}, runs),
  };

  const functions: BundleFigure[] = [];
  for (const service of readdirSync(join(root, 'services')).sort()) {
    const definition = readYaml<ServiceDefinition>(join(root, 'services', service, 'serverless.yml'));
    for (const [functionName, { handler }] of Object.entries(definition.functions ?? {})) {
      const entry = join(root, 'services', service, `${handler.slice(0, handler.lastIndexOf('.'))}.ts`);
      const outfile = join(outDir, service, `${functionName}.mjs`);
      const result = await build({ ...options, entryPoints: [entry], outfile });
      const bytes =
        result.metafile.outputs[
          Object.keys(result.metafile.outputs).find((name) => name.endsWith('.mjs')) ?? ''
        ]?.bytes ?? 0;
      const initMs = measureInit(outfile, environmentOf(definition, functionName), runs);
      functions.push({ service, functionName, bytes, initMs, initRatio: initMs / baseline.initMs });
    }
  }
  return { baseline, functions };
}
