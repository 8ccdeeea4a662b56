import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnTemplate, type PackagedService, packageServices } from '@shop/local-platform';
import { deployInputVariables, exampleDeployInputs } from './stage-checks.ts';

/** This checkout's root (holds serverless-compose.yml). */
export const repositoryRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface PackagedTemplates {
  services: Array<PackagedService & { template: CfnTemplate }>;
  /** Removes the temporary directory. */
  remove(): void;
}

/**
 * Packages every compose service for `stage` into a temporary directory, templates only (no
 * bundling: IAM, routes and resources do not depend on the code). Cross-service params are
 * compose placeholders, as in `npm run package`; the deploy inputs (SHOP_*) are `inputs` (default:
 * exampleDeployInputs), whatever this shell has set, so the checks read the same values everywhere.
 */
export async function packageTemplates(
  stage: string,
  options: { root?: string; inputs?: Record<string, string> } = {},
): Promise<PackagedTemplates> {
  const { root = repositoryRoot, inputs = exampleDeployInputs } = options;
  // Only the given deploy inputs, never this shell's.
  const inputNames = new Set<string>(Object.values(deployInputVariables));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !inputNames.has(name)),
  ) as NodeJS.ProcessEnv;
  const dir = mkdtempSync(join(tmpdir(), `shop-${stage}-templates-`));
  const packaged = await packageServices({
    root,
    stage,
    dirFor: (service) => join(dir, service.name),
    templateOnlyIn: dir,
    // The web stack is deployed on its own, after the API; its template is checked with the rest.
    standalone: ['services/web'],
    env: { ...env, ...inputs },
  });
  return {
    services: packaged.map((item) => ({ ...item, template: JSON.parse(item.templateText) as CfnTemplate })),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
