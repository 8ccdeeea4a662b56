import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Where a service param comes from: another service's stack output, or a literal. */
export type ParamSource =
  | { kind: 'output'; service: string; output: string }
  | { kind: 'literal'; value: string };

export interface ComposeService {
  name: string;
  /** Directory relative to the repository root. */
  path: string;
  params: Record<string, ParamSource>;
  /** Services whose outputs this one reads. */
  dependsOn: string[];
}

const outputReference = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/;

/** Reads serverless-compose.yml: services, their paths and params, as a dependency graph. */
export function readCompose(root: string, file = 'serverless-compose.yml'): ComposeService[] {
  const document = parse(readFileSync(join(root, file), 'utf8')) as {
    services?: Record<
      string,
      { path: string; params?: Record<string, unknown>; dependsOn?: string | string[] }
    >;
  };
  return parseComposeServices(document.services ?? {});
}

/** The pure part of {@link readCompose}, for tests. */
export function parseComposeServices(
  services: Record<string, { path: string; params?: Record<string, unknown>; dependsOn?: string | string[] }>,
): ComposeService[] {
  const parsed = Object.entries(services).map(([name, definition]) => {
    const params: Record<string, ParamSource> = {};
    const dependsOn = new Set<string>([definition.dependsOn ?? []].flat());
    for (const [param, value] of Object.entries(definition.params ?? {})) {
      const match = typeof value === 'string' ? outputReference.exec(value) : null;
      if (match) {
        const [, service, output] = match as unknown as [string, string, string];
        params[param] = { kind: 'output', service, output };
        dependsOn.add(service);
      } else {
        params[param] = { kind: 'literal', value: String(value) };
      }
    }
    return { name, path: definition.path, params, dependsOn: [...dependsOn] };
  });
  const names = new Set(parsed.map((service) => service.name));
  for (const service of parsed) {
    const missing = service.dependsOn.filter((name) => !names.has(name));
    if (missing.length > 0)
      throw new Error(`compose: ${service.name} depends on unknown ${missing.join(', ')}`);
  }
  return parsed;
}

/** Services sorted so that every service comes after the ones it depends on; throws on a cycle. */
export function deploymentOrder(services: ComposeService[]): ComposeService[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  const ordered: ComposeService[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (service: ComposeService, trail: string[]) => {
    if (state.get(service.name) === 'done') return;
    if (state.get(service.name) === 'visiting') {
      throw new Error(`compose: dependency cycle ${[...trail, service.name].join(' -> ')}`);
    }
    state.set(service.name, 'visiting');
    for (const dependency of service.dependsOn)
      visit(byName.get(dependency) as ComposeService, [...trail, service.name]);
    state.set(service.name, 'done');
    ordered.push(service);
  };
  for (const service of services) visit(service, []);
  return ordered;
}

/**
 * The stand-in for `${service.Output}` when packaging without a deployment: osls compose can only
 * resolve it from a deployed stack. ARN-shaped for ARN outputs, so templates stay well-formed.
 */
export function placeholderFor(service: string, output: string, region = 'us-east-1'): string {
  const name = `compose-placeholder-${service}-${output}`;
  if (/TopicArn$/.test(output)) return `arn:aws:sns:${region}:000000000000:${name}`;
  if (/QueueArn$/.test(output)) return `arn:aws:sqs:${region}:000000000000:${name}`;
  if (/Arn$/.test(output)) return `arn:aws:${service}:${region}:000000000000:${name}`;
  if (/QueueUrl$/.test(output)) return `https://sqs.${region}.amazonaws.com/000000000000/${name}`;
  return name;
}

/** `--param name=value` arguments for a service, with outputs taken from `outputValue`. */
export function paramArguments(
  service: ComposeService,
  outputValue: (service: string, output: string) => string,
): string[] {
  return Object.entries(service.params).flatMap(([name, source]) => [
    '--param',
    `${name}=${source.kind === 'output' ? outputValue(source.service, source.output) : source.value}`,
  ]);
}

/** Every `${service.Output}` that names an output the service's template does not declare. */
export function missingOutputs(
  services: ComposeService[],
  declaredOutputs: (service: string) => string[] | undefined,
): string[] {
  return services.flatMap((service) =>
    Object.entries(service.params).flatMap(([param, source]) => {
      if (source.kind !== 'output') return [];
      const declared = declaredOutputs(source.service);
      return declared && !declared.includes(source.output)
        ? [
            `${service.name}.${param}: \${${source.service}.${source.output}} (${source.service} declares no ${source.output})`,
          ]
        : [];
    }),
  );
}

/**
 * Whether a service's serverless.yml declares functions. One that does not (the edge: CloudFront and
 * WAF only) has nothing to run locally. CloudFormation's short tags are left unresolved: only the
 * top-level keys matter here.
 */
export function declaresFunctions(root: string, service: ComposeService): boolean {
  const definition = parse(readFileSync(join(root, service.path, 'serverless.yml'), 'utf8'), {
    logLevel: 'error',
  }) as { functions?: Record<string, unknown> } | null;
  return Object.keys(definition?.functions ?? {}).length > 0;
}
