import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  type ComposeService,
  deploymentOrder,
  emulatorEnvironment,
  localPreload,
  offlineOslsEnvironment,
  paramArguments,
  readCompose,
  runOsls,
} from '@shop/local-platform';

export interface DeployedStack {
  service: ComposeService;
  stackName: string;
  outputs: Record<string, string>;
  /** Resources of the deployed (transformed) template, and what the stack reports for each. */
  templateResources: Record<string, string>;
  stackResources: StackResourceSummary[];
  /** Resources left out because the emulator's CloudFormation cannot create their type. */
  dropped: Array<{ logicalId: string; type: string }>;
  deployMs: number;
}

/**
 * Deploys every compose service with `osls deploy` to the emulator at `endpoint`, in compose order,
 * each with the real outputs of the stacks before it as `--param` (as osls compose does), and with
 * the types moto cannot create dropped (see @shop/local-platform's emulator-deploy.ts). Code is a
 * placeholder zip: moto runs no Lambda code, and bundling is checked by `npm run package:check`.
 */
export async function deployAll(options: {
  root: string;
  endpoint: string;
  stage: string;
  log?: (line: string) => void;
}): Promise<{ stacks: DeployedStack[]; remove(): Promise<number> }> {
  const { root, endpoint, stage } = options;
  const log = options.log ?? (() => undefined);
  const work = mkdtempSync(join(tmpdir(), 'shop-smoke-'));
  const artifact = join(work, 'placeholder.zip');
  writeFileSync(artifact, Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)]));
  const cloudformation = new CloudFormationClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const services = deploymentOrder(readCompose(root));
  const stacks: DeployedStack[] = [];
  const envFor = (report: string) => ({
    ...offlineOslsEnvironment({ ...process.env, ...emulatorEnvironment(endpoint) }),
    SHOP_LOCAL_TEMPLATE_ONLY_ARTIFACT: artifact,
    SHOP_EMULATOR_DEPLOY: report,
  });
  const paramsFor = (service: ComposeService) =>
    paramArguments(service, (name, output) => {
      const value = stacks.find((stack) => stack.service.name === name)?.outputs[output];
      if (value === undefined)
        throw new Error(`${service.name} needs ${name}.${output}, which is not deployed`);
      return value;
    });

  const deployOne = async (service: ComposeService) => {
    const started = Date.now();
    const report = join(work, `${service.name}.json`);
    // Packaged into this run's own directory, then deployed from it: the service's .serverless/ may
    // be in use by another packaging at the same time.
    const packageDir = join(work, service.name);
    const run = (command: string) =>
      runOsls(root, [command, '--stage', stage, '--package', packageDir, ...paramsFor(service)], {
        cwd: join(root, service.path),
        env: envFor(report),
        nodeArgs: ['--import', localPreload],
        timeoutMs: 240_000,
      });
    await run('package');
    // Deploying from a package directory wants the service's artifact in it.
    copyFileSync(artifact, join(packageDir, `shop-${service.name}.zip`));
    await run('deploy');
    const stackName = `shop-${service.name}-${stage}`;
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = Object.fromEntries(
      (Stacks?.[0]?.Outputs ?? []).map((output) => [
        output.OutputKey as string,
        output.OutputValue as string,
      ]),
    );
    const { TemplateBody } = await cloudformation.send(new GetTemplateCommand({ StackName: stackName }));
    const template = JSON.parse(TemplateBody as string) as { Resources: Record<string, { Type: string }> };
    const stackResources: StackResourceSummary[] = [];
    let NextToken: string | undefined;
    do {
      const page = await cloudformation.send(
        new ListStackResourcesCommand({ StackName: stackName, NextToken }),
      );
      stackResources.push(...(page.StackResourceSummaries ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    const deployMs = Date.now() - started;
    stacks.push({
      service,
      stackName,
      outputs,
      templateResources: Object.fromEntries(
        Object.entries(template.Resources).map(([id, r]) => [id, r.Type]),
      ),
      stackResources,
      dropped: (JSON.parse(readFileSync(report, 'utf8')) as DeployedStack).dropped,
      deployMs,
    });
    log(`deployed ${stackName} in ${(deployMs / 1000).toFixed(1)} s`);
  };
  // Compose order, and side by side whatever depends only on stacks already deployed.
  const waves: ComposeService[][] = [];
  for (const service of services) {
    const after = Math.max(
      -1,
      ...service.dependsOn.map((name) => waves.findIndex((wave) => wave.some((s) => s.name === name))),
    );
    waves[after + 1] = [...(waves[after + 1] ?? []), service];
  }
  for (const wave of waves) await Promise.all(wave.map(deployOne));

  return {
    stacks,
    /** Removes every stack; answers the milliseconds it took. */
    remove: async () => {
      const started = Date.now();
      try {
        // No stack refers to another's resources (outputs travel as plain params), so all at once.
        await Promise.all(
          stacks.map(async (stack) => {
            await runOsls(root, ['remove', '--stage', stage, ...paramsFor(stack.service)], {
              cwd: join(root, stack.service.path),
              env: envFor(join(work, `${stack.service.name}-remove.json`)),
              nodeArgs: ['--import', localPreload],
              timeoutMs: 120_000,
            });
            log(`removed ${stack.stackName}`);
          }),
        );
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      return Date.now() - started;
    },
  };
}

/**
 * Runs the real osls compose CLI (`npx serverless <args>` at the root) against the emulator, as the
 * README's commands run: compose spawns `serverless` from PATH, so this checkout's bin comes first,
 * and the emulator preload reaches every osls process it starts through NODE_OPTIONS.
 */
export async function runComposeAgainstEmulator(options: {
  root: string;
  endpoint: string;
  args: string[];
  timeoutMs?: number;
}): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'shop-compose-'));
  const artifact = join(work, 'placeholder.zip');
  writeFileSync(artifact, Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)]));
  try {
    return await runOsls(options.root, options.args, {
      cwd: options.root,
      env: {
        ...offlineOslsEnvironment({ ...process.env, ...emulatorEnvironment(options.endpoint) }),
        PATH: `${join(options.root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
        NODE_OPTIONS: `--import ${localPreload}`,
        SHOP_LOCAL_TEMPLATE_ONLY_ARTIFACT: artifact,
        SHOP_EMULATOR_DEPLOY: join(work, 'report.json'),
      },
      timeoutMs: options.timeoutMs ?? 240_000,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
