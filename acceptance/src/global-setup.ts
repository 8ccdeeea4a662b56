import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalShop } from '@shop/local-platform';
import type { TestProject } from 'vitest/node';
import type { ShopUnderTest } from './shop-under-test.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    shop: ShopUnderTest;
  }
}

/**
 * Starts the whole local shop once for the acceptance project (emulator, every service, gateway,
 * seeds) and stops it after the last file. `ACCEPTANCE_SHOP=<file>` reuses a running shop described
 * by a JSON file of the same shape instead (handy while writing tests; the pause test needs its pid).
 */
export default async function setup(project: TestProject) {
  const reuse = process.env.ACCEPTANCE_SHOP;
  if (reuse) {
    project.provide('shop', JSON.parse(readFileSync(reuse, 'utf8')) as ShopUnderTest);
    return;
  }
  // The shop's own log (services, pollers) goes to a file, to keep the test output readable.
  const logFile = join(tmpdir(), `shop-acceptance-${process.pid}.log`);
  writeFileSync(logFile, '');
  // Every AWS call a function makes, checked against its own role by the last test file.
  const awsCallLog = join(tmpdir(), `shop-acceptance-${process.pid}-aws-calls.jsonl`);
  writeFileSync(awsCallLog, '');
  const shop = await startLocalShop({
    port: 0,
    workDir: '.local/acceptance',
    awsCallLog,
    // The five concurrent replays of one Idempotency-Key must reach the checkout function together.
    functionConcurrency: 5,
    log: (line) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`),
  }).catch((error: Error) => {
    console.error(`the local shop did not start; its log: ${logFile}`);
    throw error;
  });
  console.log(
    `acceptance: shop ready on ${shop.baseUrl} in ${(shop.startupMs / 1000).toFixed(1)} s; log: ${logFile}`,
  );
  project.provide('shop', {
    baseUrl: shop.baseUrl,
    emulatorEndpoint: shop.emulatorEndpoint,
    emulatorPid: shop.emulatorPid,
    routes: shop.routes.map(({ method, path, service }) => ({ method, path, service })),
    outputs: Object.fromEntries(Object.entries(shop.stacks).map(([name, stack]) => [name, stack.outputs])),
    iam: {
      awsCallLog,
      functions: Object.assign({}, ...Object.values(shop.stacks).map((stack) => stack.functions)),
    },
  });
  return async () => {
    await shop.stop();
    rmSync(awsCallLog, { force: true });
  };
}
