import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Plugin } from 'esbuild';
import { bundleFunction, functionEntries, initEnvironment } from './bundles.ts';

/**
 * Where one function's cold init goes, module by module: `node bench/init-profile.ts carts/getCart
 * [--runs 7]`. The function is bundled as deployed with a CPU-time mark at the top of every module
 * (esbuild emits each module's top-level code in evaluation order, after its dependencies), imported
 * in fresh Node processes, and each module is given the CPU time from its mark to the next one: its
 * own top-level code (schemas built at import, clients, `require` of a layer package). `(start)` is
 * everything before the bundle's first module runs: Node linking the bundle and the packages it imports
 * as ES modules (the AWS SDK), which is most of the SDK-only baseline too. Medians per module.
 */
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '7' }, top: { type: 'string', default: '20' } },
});
const name = positionals[0] ?? 'products/getProduct';
const item = functionEntries().find((entry) => `${entry.service}/${entry.functionName}` === name);
if (!item) throw new Error(`no function ${name}`);

const root = `${process.cwd()}/`;
const shortName = (path: string) => {
  const inModules = path.lastIndexOf('node_modules/');
  return inModules >= 0 ? path.slice(inModules + 'node_modules/'.length) : relative(root, path);
};
const MARK = 'globalThis.__shopInitMark';
const marks: Plugin = {
  name: 'init-marks',
  setup(build) {
    build.onLoad({ filter: /\.(ts|js|mjs|cjs)$/ }, (load) => {
      const text = readFileSync(load.path, 'utf8');
      if (text.startsWith('#!')) return undefined;
      return {
        contents: `${MARK}(${JSON.stringify(shortName(load.path))});\n${text}`,
        loader: load.path.endsWith('.ts') ? 'ts' : 'js',
      };
    });
  },
};
const { outfile } = await bundleFunction(item, 'init-profile', { plugins: [marks] });

const script = [
  `${MARK} = (name) => { const { user, system } = process.cpuUsage(); (globalThis.__shopInitMarks ??= []).push([name, user + system]); };`,
  `${MARK}('(start)');`,
  `await import(${JSON.stringify(`file://${outfile}`)});`,
  `${MARK}('(end)');`,
  'process.stdout.write(JSON.stringify(globalThis.__shopInitMarks));',
].join(' ');
const samples = new Map<string, number[]>();
const runs = Number(args.runs);
for (let run = 0; run < runs; run++) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      ...initEnvironment(item),
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr.slice(-600));
  const points = JSON.parse(result.stdout) as Array<[string, number]>;
  const own = new Map<string, number>();
  for (let index = 0; index < points.length - 1; index++) {
    const [module, at] = points[index] as [string, number];
    own.set(module, (own.get(module) ?? 0) + (points[index + 1] as [string, number])[1] - at);
  }
  for (const [module, micros] of own) samples.set(module, [...(samples.get(module) ?? []), micros]);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const rows = [...samples]
  .map(([module, values]) => [module, median(values)] as const)
  .sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, micros]) => sum + micros, 0);
console.log(`${name}: ${(total / 1000).toFixed(1)} ms of CPU (sum of medians of ${runs}), largest first`);
for (const [module, micros] of rows.slice(0, Number(args.top)))
  console.log(`${(micros / 1000).toFixed(2).padStart(8)}  ${module}`);
