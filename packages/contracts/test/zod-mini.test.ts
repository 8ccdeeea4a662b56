import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { deployedBuildOptions } from '../../../bench/bundles.ts';

// Every schema a function carries is built with zod/mini: classic zod's methods (and with them its
// JSON Schema code, ~18 KB) are not tree-shakable, and cost each bundle ~60 KB (bench/README.md).

const root = resolve(import.meta.dirname, '../../..');

/** The .ts files under a directory, tests and generated output left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !/[/\\](node_modules|test|e2e|\.serverless)[/\\]/.test(file));
}

// What a function's bundle can hold: a service's own code and the shared packages it imports.
const deployed = [
  ...['auth', 'config', 'contracts', 'events', 'middleware', 'validation'].map((name) =>
    join(root, 'packages', name, 'src'),
  ),
  ...readdirSync(join(root, 'services'))
    .filter((name) => name !== 'web' && existsSync(join(root, 'services', name, 'src')))
    .map((name) => join(root, 'services', name, 'src')),
];

describe('zod in the deployed code', () => {
  it('is imported as zod/mini (or a zod locale) everywhere a function bundle reaches', () => {
    const classic = deployed
      .flatMap(sources)
      .filter((file) => /from\s+['"]zod(\/v4)?(\/v4\/classic)?['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(classic).toEqual([]);
  });

  it('bundles without classic zod or its JSON Schema generator', async () => {
    // Every export of every shared package at once: more than any one function takes.
    const contents = ['auth', 'config', 'contracts', 'events', 'middleware', 'validation']
      .map((name) => `export * from '@shop/${name}';`)
      .join('\n');
    const result = await build({
      ...deployedBuildOptions(),
      stdin: { contents, resolveDir: root, sourcefile: 'shared.ts', loader: 'ts' },
      write: false,
      outfile: join(root, 'bench', '.out', 'zod-mini-check.mjs'),
    });
    // A module esbuild read but shook out entirely is in the metafile with 0 bytes in the output.
    const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint);
    const zodFiles = Object.entries(output?.inputs ?? {})
      .filter(([input, { bytesInOutput }]) => input.includes('node_modules/zod/') && bytesInOutput > 0)
      .map(([input]) => input);
    expect(zodFiles.some((input) => input.includes('zod/v4/mini/'))).toBe(true);
    expect(zodFiles.filter((input) => /zod\/v4\/classic\/|json-schema|zod\/v3\//.test(input))).toEqual([]);
  });
});
