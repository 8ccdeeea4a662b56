// `npm run backfill:stores -- --stage <stage>`: the one-off migration of a stage deployed before
// stores. Writes the store `main` (stores), then gives every record written before stores its store,
// `main`, and the keys of the store-scoped indexes (products, carts, orders, notifications). Each
// service's part is its `src/migrations/main-store.ts` (`backfillMainStore`); every part is
// idempotent, so the command may be run again (an interrupted run, a second deploy) and changes
// nothing the second time. Against the emulator when AWS_ENDPOINT_URL is set; else the stage's AWS
// account and region (the usual AWS_PROFILE / AWS_REGION), with data permissions the CI deploy role
// deliberately lacks. README: "Migrating a deployed stage to stores".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The services with a part in the migration, in the order they run: `main` itself first. */
export const BACKFILLED_SERVICES = ['stores', 'products', 'carts', 'orders', 'notifications'] as const;

export type BackfillResult = { service: string; table: string; scanned: number; updated: number };

type Backfill = (options: {
  stage: string;
  client?: DynamoDBDocumentClient;
}) => Promise<{ table: string; scanned: number; updated: number }[]>;

const root = new URL('..', import.meta.url).pathname;

/** Where a service's part of the migration lives. */
export const backfillModule = (service: string, from = root) =>
  join(from, 'services', service, 'src', 'migrations', 'main-store.ts');

/**
 * Runs every service's backfill for the stage, in order. Every module is looked for first: if one is
 * missing or exports no `backfillMainStore`, it fails before anything is written, naming it.
 */
export async function backfillStores(options: {
  stage: string;
  client?: DynamoDBDocumentClient;
  services?: readonly string[];
  root?: string;
  log?: (line: string) => void;
}): Promise<BackfillResult[]> {
  const services = options.services ?? BACKFILLED_SERVICES;
  const backfills: Array<[string, Backfill]> = [];
  const missing: string[] = [];
  for (const service of services) {
    const file = backfillModule(service, options.root);
    if (!existsSync(file)) {
      missing.push(`${service} (no ${file})`);
      continue;
    }
    const module = (await import(pathToFileURL(file).href)) as { backfillMainStore?: unknown };
    if (typeof module.backfillMainStore !== 'function')
      missing.push(`${service} (${file} exports no backfillMainStore)`);
    else backfills.push([service, module.backfillMainStore as Backfill]);
  }
  if (missing.length > 0)
    throw new Error(
      `Nothing was changed: no backfill for ${missing.join(', ')}. Every service's part must exist.`,
    );
  const results: BackfillResult[] = [];
  for (const [service, backfill] of backfills) {
    for (const result of await backfill({
      stage: options.stage,
      ...(options.client ? { client: options.client } : {}),
    })) {
      results.push({ service, ...result });
      options.log?.(`${service}: ${result.table}: ${result.scanned} read, ${result.updated} updated`);
    }
  }
  return results;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { stage: { type: 'string' } } });
  if (!values.stage) {
    console.error('usage: npm run backfill:stores -- --stage <stage>');
    process.exit(2);
  }
  try {
    const results = await backfillStores({ stage: values.stage, log: (line) => console.log(line) });
    const updated = results.reduce((sum, result) => sum + result.updated, 0);
    console.log(
      `done: ${updated} records given their store on ${values.stage}; run again, it changes nothing`,
    );
  } catch (error) {
    console.error(`backfill:stores failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
