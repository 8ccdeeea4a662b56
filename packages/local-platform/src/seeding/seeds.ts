import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What `services/<svc>/seed/local.ts` receives. */
export interface SeedContext {
  stage: 'local';
  /** Emulator endpoint, region and fake keys. */
  env: Record<string, string>;
  /** The service's stack outputs, evaluated against the emulator. */
  outputs: Record<string, string>;
  /** Physical name (the `Ref` value) of each resource, by logical id. */
  resources: Record<string, string>;
}

/** Runs a service's local seed if it has one; returns the lines it reports, or undefined. */
export async function runSeed(serviceDir: string, context: SeedContext): Promise<string[] | undefined> {
  const file = join(serviceDir, 'seed', 'local.ts');
  if (!existsSync(file)) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { default?: (context: SeedContext) => unknown };
  if (typeof module.default !== 'function') throw new Error(`${file} has no default export seed(context)`);
  const result = await module.default(context);
  if (result === undefined || result === null) return [];
  return (Array.isArray(result) ? result.map(String) : String(result).split('\n')).filter((line) =>
    line.trim(),
  );
}
