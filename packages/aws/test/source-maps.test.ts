import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The fixture bundled as a function is deployed (minified ESM, a linked source map beside it, Powertools
// left to the layer), then run in a fresh Node process the way Lambda runs it now: without
// --enable-source-maps, the layer's packages found through NODE_PATH (here the repository's).
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shop-source-maps-'));
  bundle = join(dir, 'handler.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', 'failing-handler.ts')],
    outfile: bundle,
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: ['@aws-sdk/*', '@aws-lambda-powertools/*'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loggedStack(nodeOptions: string): string {
  const run = spawnSync(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_PATH: join(import.meta.dirname, '..', '..', '..', 'node_modules'),
      NODE_OPTIONS: nodeOptions,
      POWERTOOLS_SERVICE_NAME: 'fixture',
    },
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  const line = JSON.parse(`${run.stdout}${run.stderr}`.trim().split('\n').at(-1) as string);
  return line.error.stack as string;
}

describe('a logged error of a bundled function', () => {
  it('names the TypeScript file and line it was thrown at, without --enable-source-maps', () => {
    const stack = loggedStack('');
    expect(stack).toContain('the fixture refuses');
    expect(stack).toMatch(/aws\/test\/fixtures\/failing-handler\.ts:5:\d+/);
    expect(stack).not.toMatch(/handler\.mjs:\d+/);
  });

  it('is left to Node where source maps are enabled, which names the same line', () => {
    const stack = loggedStack('--enable-source-maps');
    expect(stack).toMatch(/failing-handler\.ts:5:\d+/);
  });
});
