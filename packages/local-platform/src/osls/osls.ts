import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnGroup } from '../processes.ts';

/** The preload that adapts osls to the local run (see preload.ts). */
export const localPreload = fileURLToPath(new URL('./preload.ts', import.meta.url));

/** Path of the osls CLI entry point (the `serverless` alias of osls in devDependencies). */
export function oslsBin(root: string): string {
  return createRequire(join(root, 'package.json')).resolve('serverless/bin/serverless.js');
}

/**
 * Environment for osls runs that never touch AWS. Without credentials osls probes the EC2 metadata
 * endpoint for minutes before giving up, so disable that and default to obviously fake keys.
 */
export function offlineOslsEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: base.AWS_ACCESS_KEY_ID ?? 'offline',
    AWS_SECRET_ACCESS_KEY: base.AWS_SECRET_ACCESS_KEY ?? 'offline',
    AWS_REGION: base.AWS_REGION ?? 'us-east-1',
    SLS_INTERACTIVE_SETUP_ENABLE: 'false',
    SLS_DEPRECATION_NOTIFICATION_MODE: 'warn',
    FORCE_COLOR: '0',
  };
}

/** Runs one osls command to completion; rejects with its output when it fails. */
export async function runOsls(
  root: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: string[] },
): Promise<string> {
  const run = spawnGroup(process.execPath, [...(options.nodeArgs ?? []), oslsBin(root), ...args], {
    cwd: options.cwd,
    env: options.env ?? offlineOslsEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  run.child.stdout?.on('data', collect);
  run.child.stderr?.on('data', collect);
  const timer = setTimeout(() => void run.stop(), options.timeoutMs ?? 180_000);
  const code = await run.exited;
  clearTimeout(timer);
  // esbuild's service process can outlive osls; never leave it behind.
  await run.stop(0);
  if (code !== 0) {
    throw new Error(
      `osls ${args.join(' ')} (in ${options.cwd}) failed with ${code}:\n${output.slice(-4000)}`,
    );
  }
  return output;
}

/** Packages one service for `stage` into `outDir` (absolute), with `--param` arguments. */
export async function packageService(
  root: string,
  servicePath: string,
  stage: string,
  outDir: string,
  params: string[],
  env?: NodeJS.ProcessEnv,
  templateOnlyArtifact?: string,
): Promise<void> {
  await runOsls(root, ['package', '--stage', stage, '--package', outDir, ...params], {
    cwd: join(root, servicePath),
    ...(templateOnlyArtifact
      ? {
          nodeArgs: ['--import', localPreload],
          env: {
            ...(env ?? offlineOslsEnvironment()),
            SHOP_LOCAL_TEMPLATE_ONLY_ARTIFACT: templateOnlyArtifact,
          },
        }
      : env
        ? { env }
        : {}),
  });
}
