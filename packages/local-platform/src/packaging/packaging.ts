import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { offlineOslsEnvironment, packageService } from '../osls/osls.ts';
import { mapLimit } from '../processes.ts';
import {
  type ComposeService,
  deploymentOrder,
  missingOutputs,
  paramArguments,
  placeholderFor,
  readCompose,
} from './compose.ts';

export interface PackagedService {
  service: ComposeService;
  /** Absolute directory with the CloudFormation templates and artifacts. */
  dir: string;
  stackName: string;
  templateFile: string;
  templateText: string;
}

export interface PackageOptions {
  root: string;
  stage: string;
  /** The region of the placeholder ARNs; the stacks' own is the stage's (stages.yml). */
  region?: string;
  /** Where each service's package goes; default: osls's own `<service>/.serverless`. */
  dirFor?: (service: ComposeService) => string;
  concurrency?: number;
  log?: (line: string) => void;
  /** Told as each service is packaged, with the milliseconds `osls package` took (instead of a log line). */
  onPackaged?: (item: PackagedService, ms: number) => void;
  /**
   * Only the CloudFormation templates are wanted (the local run): skip bundling and zipping; the
   * value is a directory for the placeholder artifact. Never for packages meant for AWS.
   */
  templateOnlyIn?: string;
  /** The osls processes' environment (default: this process's); never real AWS credentials are needed. */
  env?: NodeJS.ProcessEnv;
  /** Which compose services to package (default: all); one left out must be no other's dependency. */
  include?: (service: ComposeService) => boolean;
  /**
   * Services outside compose (paths, e.g. services/web: deployed on its own, after the API), packaged
   * too after the compose services; they take no params.
   */
  standalone?: string[];
}

/**
 * Packages every compose service for `stage` without AWS, in dependency order, a few at a time.
 * A cross-service `${svc.Output}` param gets a placeholder (see placeholderFor): osls compose can
 * only resolve it from a deployed stack, and no service then waits for another.
 */
export async function packageServices(options: PackageOptions): Promise<PackagedService[]> {
  const { root, stage } = options;
  const log = options.log ?? (() => undefined);
  const services = deploymentOrder(readCompose(root));
  const present = services.filter((service) => existsSync(join(root, service.path, 'serverless.yml')));
  const excluded = present.filter((service) => options.include && !options.include(service));
  for (const service of excluded) {
    const dependants = present.filter((candidate) => candidate.dependsOn.includes(service.name));
    if (dependants.some((dependant) => !excluded.includes(dependant)))
      throw new Error(
        `${service.name} cannot be left out: ${dependants.map((d) => d.name).join(', ')} need it`,
      );
    log(`leaving out ${service.name}`);
  }
  for (const service of services.filter((candidate) => !present.includes(candidate))) {
    const dependants = present.filter((candidate) => candidate.dependsOn.includes(service.name));
    if (dependants.length > 0) {
      throw new Error(
        `${service.path}/serverless.yml is missing, and ${dependants.map((d) => d.name).join(', ')} need it`,
      );
    }
    log(`skipping ${service.name}: ${service.path}/serverless.yml does not exist yet`);
  }
  const env = offlineOslsEnvironment(options.env);
  let placeholderArtifact: string | undefined;
  if (options.templateOnlyIn) {
    mkdirSync(options.templateOnlyIn, { recursive: true });
    placeholderArtifact = join(options.templateOnlyIn, 'template-only-placeholder.zip');
    // An empty zip archive: just the end-of-central-directory record.
    writeFileSync(placeholderArtifact, Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)]));
  }
  const standalone = (options.standalone ?? []).map(
    (path): ComposeService => ({ name: basename(path), path, params: {}, dependsOn: [] }),
  );
  const packaged = await mapLimit(
    [...present.filter((service) => !excluded.includes(service)), ...standalone],
    options.concurrency ?? 2,
    async (service) => {
      const started = Date.now();
      const dir = options.dirFor?.(service) ?? join(root, service.path, '.serverless');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const params = paramArguments(service, (name, output) => placeholderFor(name, output, options.region));
      await packageService(root, service.path, stage, dir, params, env, placeholderArtifact);
      const state = JSON.parse(readFileSync(join(dir, 'serverless-state.json'), 'utf8')) as {
        service: { service: string };
      };
      const templateFile = join(dir, 'cloudformation-template-update-stack.json');
      const item: PackagedService = {
        service,
        dir,
        stackName: `${state.service.service}-${stage}`,
        templateFile,
        templateText: readFileSync(templateFile, 'utf8'),
      };
      if (options.onPackaged) options.onPackaged(item, Date.now() - started);
      else log(`packaged ${service.name} for ${stage} into ${dir}`);
      return item;
    },
  );
  // Compose would fail at deploy time on a param that names no output; fail now instead.
  const outputs = new Map(
    packaged.map((item) => [
      item.service.name,
      Object.keys((JSON.parse(item.templateText) as { Outputs?: object }).Outputs ?? {}),
    ]),
  );
  const missing = missingOutputs(present, (name) => outputs.get(name));
  if (missing.length > 0)
    throw new Error(`serverless-compose.yml names outputs that do not exist:\n  ${missing.join('\n  ')}`);
  return packaged;
}
