import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleFunction,
  deployedBuildOptions,
  functionEntries,
  initEnvironment,
  sdkClientsLoadedAtInit,
} from '../../../bench/bundles.ts';

// What a bundle imports at init (ES import statements) and what it leaves to first use (`import()`).
function importsOf(metafile: Metafile) {
  const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1];
  const external = (output?.imports ?? []).filter((item) => item.external);
  return {
    atInit: external.filter((item) => item.kind === 'import-statement').map((item) => item.path),
    onFirstUse: external.filter((item) => item.kind === 'dynamic-import').map((item) => item.path),
  };
}

describe('node:http in a bundle', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shop-node-http-'));
    writeFileSync(
      join(dir, 'entry.ts'),
      "import { STATUS_CODES } from 'node:http';\nconsole.log(STATUS_CODES[418]);\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const bundle = async (options: { alias: boolean }) => {
    const deployed = deployedBuildOptions();
    const outfile = join(dir, options.alias ? 'with-alias.mjs' : 'without-alias.mjs');
    const result = await build({
      ...deployed,
      ...(options.alias ? {} : { alias: {} }),
      entryPoints: [join(dir, 'entry.ts')],
      outfile,
    });
    return { outfile, imports: importsOf(result.metafile) };
  };

  it('is taken by require as deployed (no ES import, whose facade loads undici), and still works', async () => {
    const { outfile, imports } = await bundle({ alias: true });
    expect(imports.atInit).not.toContain('node:http');
    expect(imports.atInit).not.toContain('http');
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe("I'm a Teapot");
  });

  it('would be an ES import without the alias of serverless.esbuild.yml', async () => {
    const { imports } = await bundle({ alias: false });
    expect(imports.atInit).toContain('node:http');
  });
});

describe('the SDK clients a function loads at init', () => {
  const sdkOf = async (name: string) => {
    const item = functionEntries().find((entry) => `${entry.service}/${entry.functionName}` === name);
    if (!item) throw new Error(`no function ${name}`);
    const { metafile } = await bundleFunction(item, 'cold-init-test');
    const { atInit, onFirstUse } = importsOf(metafile);
    const sdk = (paths: string[]) =>
      [...new Set(paths.filter((path) => path.startsWith('@aws-sdk/client-')))].sort();
    return { atInit: sdk(atInit), onFirstUse: sdk(onFirstUse) };
  };

  it('are only DynamoDB on paths that publish, send or email nothing', async () => {
    for (const name of [
      'products/getProduct',
      'orders/getOrder',
      'notifications/listNotifications',
      'reviews/listReviews',
      'reviews/postReview',
      'users/relayOutbox',
      'users/listUsers',
    ])
      expect((await sdkOf(name)).atInit, name).toEqual(['@aws-sdk/client-dynamodb']);
  }, 60_000);

  it('leave SNS, SQS and SES to the first publish, send or email', async () => {
    expect((await sdkOf('orders/handleCheckoutRequests')).onFirstUse).toEqual([
      '@aws-sdk/client-sns',
      '@aws-sdk/client-sqs',
    ]);
    expect((await sdkOf('notifications/sendNotifications')).onFirstUse).toEqual(['@aws-sdk/client-ses']);
    // A review's rating change goes to products' queue: SQS on the first send, never at init.
    expect((await sdkOf('reviews/postReview')).onFirstUse).toEqual(['@aws-sdk/client-sqs']);
  }, 60_000);

  // Loaded while the module initializes (an import statement, or an `import()` awaited at top level),
  // so the init figure pays for it, and not where only a rare path calls Cognito.
  const loadedAtInit = async (name: string) => {
    const item = functionEntries().find((entry) => `${entry.service}/${entry.functionName}` === name);
    if (!item) throw new Error(`no function ${name}`);
    const { outfile } = await bundleFunction(item, 'cold-init-test');
    return sdkClientsLoadedAtInit(outfile, initEnvironment(item));
  };
  const COGNITO = '@aws-sdk/client-cognito-identity-provider';

  it('keep Cognito at init where every request calls it', async () => {
    for (const name of ['users/logIn', 'users/signUp', 'stores/createStore', 'stores/grantStoreAdmin'])
      expect(await loadedAtInit(name), name).toContain(COGNITO);
  }, 60_000);

  it('leave Cognito to first use where only a rare path or no path calls it', async () => {
    for (const name of ['users/getMe', 'users/updateMe', 'stores/listStores', 'stores/updateStore'])
      expect(await loadedAtInit(name), name).not.toContain(COGNITO);
  }, 60_000);
});
