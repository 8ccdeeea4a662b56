import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readCompose } from '@shop/local-platform';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from '../src/templates.ts';

// osls compose's own CLI parsing, as its runComponents does it before anything else: minimist, the
// service and method, then its option validation (which rejects --param and --region).
const composeRequire = createRequire(join(repositoryRoot, 'node_modules/@osls/compose/package.json'));
const minimist = composeRequire('minimist') as (argv: string[], options: object) => Record<string, unknown>;
const validateOptions = composeRequire('./src/validate-options.js') as (
  options: Record<string, unknown>,
  method: string,
) => void;
const globalCommands = ['deploy', 'remove', 'info', 'logs', 'outputs', 'refresh-outputs', 'package'];
const composeServices = readCompose(repositoryRoot).map((service) => service.name);

function composeAccepts(argv: string[]): { service?: string; method: string; stage?: unknown } {
  const options = minimist(argv, { string: ['stage'] });
  let method = (options._ as string[]).join(':');
  let service: string | undefined;
  if (options.service) {
    service = String(options.service);
    delete options.service;
  } else if (method.includes(':')) {
    [service, method] = [method.split(':')[0] as string, method.split(':').slice(1).join(':')];
  }
  delete options._;
  validateOptions(options, method);
  if (!service && !globalCommands.includes(method)) throw new Error(`"${method}" is no compose command`);
  if (service && !composeServices.includes(service)) throw new Error(`no compose service "${service}"`);
  return { ...(service ? { service } : {}), method, stage: options.stage };
}

/** `npx serverless` invocations of some shell text, with the directory each runs in. */
function serverlessCommands(shell: string, cwd = '.'): Array<{ cwd: string; argv: string[]; line: string }> {
  const commands: Array<{ cwd: string; argv: string[]; line: string }> = [];
  for (const rawLine of shell.split('\n')) {
    const line = rawLine.replace(/\s+#\s.*$/, '').trim();
    let dir = cwd;
    for (const segment of line.split('&&').map((part) => part.trim())) {
      const tokens = segment.split(/\s+/).map((token) => token.replace(/^"(.*)"$/, '$1'));
      if (tokens[0] === 'cd') dir = join(dir, tokens[1] as string);
      const start = tokens.findIndex((token) => !/^[A-Z_]+=/.test(token));
      if (tokens[start] === 'npx' && tokens[start + 1] === 'serverless')
        commands.push({ cwd: dir, argv: tokens.slice(start + 2), line });
    }
  }
  return commands;
}

const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
const readmeCommands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
  serverlessCommands(block[1] as string),
);
const workflow = parse(readFileSync(join(repositoryRoot, '.github/workflows/deploy.yml'), 'utf8')) as {
  jobs: Record<string, { steps?: Array<{ run?: string; 'working-directory'?: string }> }>;
};
const workflowSteps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const atRoot = (command: { cwd: string }) => command.cwd === '.';

describe("the README's deploy commands", () => {
  it("all pass osls compose's own option parsing", () => {
    const compose = readmeCommands.filter(atRoot);
    expect(compose.map((command) => composeAccepts(command.argv).method)).toEqual(
      expect.arrayContaining(['deploy', 'info', 'outputs', 'refresh-outputs', 'remove']),
    );
    for (const command of compose) expect(() => composeAccepts(command.argv), command.line).not.toThrow();
    // One service alone, and prod with its inputs from the environment.
    expect(compose.map((command) => composeAccepts(command.argv))).toEqual(
      expect.arrayContaining([
        { service: 'products', method: 'deploy', stage: 'dev' },
        { method: 'deploy', stage: 'prod' },
      ]),
    );
  });

  it('run plain osls only where there is no compose file (the web stack)', () => {
    const plain = readmeCommands.filter((command) => !atRoot(command));
    expect(plain.map((command) => command.cwd)).toContain('services/web');
    for (const command of plain)
      expect(existsSync(join(repositoryRoot, command.cwd, 'serverless-compose.yml'))).toBe(false);
  });

  it('would be refused with --param or --region, as osls compose refuses them', () => {
    expect(() =>
      composeAccepts(['deploy', '--stage', 'prod', '--param', 'alarmEmail=oncall@example.com']),
    ).toThrow(/"--param" option is not supported/);
    expect(() => composeAccepts(['deploy', '--stage', 'prod', '--region', 'eu-west-1'])).toThrow(
      /"--region" is an osls-specific option/,
    );
    expect(() =>
      composeAccepts(['logs', '--service', 'orders', '--function', 'checkout', '--stage', 'dev']),
    ).toThrow(/Unrecognized CLI options: "--function"/);
  });
});

describe('the deploy workflow', () => {
  it("deploys the API with compose, then the storefront's stack, then the storefront", () => {
    const index = (predicate: (step: { run?: string; 'working-directory'?: string }) => boolean) =>
      workflowSteps.findIndex(predicate);
    const api = index(
      (step) => /npx serverless deploy --stage/.test(step.run ?? '') && !step['working-directory'],
    );
    const webStack = index(
      (step) => step['working-directory'] === 'services/web' && /npx serverless deploy/.test(step.run ?? ''),
    );
    const storefront = index((step) => /npm run deploy:web/.test(step.run ?? ''));
    expect(api).toBeGreaterThan(-1);
    expect(webStack).toBeGreaterThan(api);
    expect(storefront).toBeGreaterThan(webStack);
    const commands = workflowSteps.flatMap((step) =>
      serverlessCommands(step.run ?? '', step['working-directory'] ?? '.'),
    );
    for (const command of commands.filter(atRoot))
      expect(() => composeAccepts(command.argv), command.line).not.toThrow();
  });
});
