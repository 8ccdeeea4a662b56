/**
 * Preloaded (`node --import`) into the osls processes of the local run; it only acts when the
 * platform sets one of its variables, so the framework itself stays untouched.
 *
 * SHOP_LOCAL_FUNCTION_ENVIRONMENT (offline start): serverless-offline gives handlers
 * `provider.environment` and the function's `environment` with CloudFormation intrinsics left as
 * objects, so `PRODUCTS_TABLE: !Ref ProductsTable` reaches the handler as "[object Object]". A plugin
 * replaces each function's environment with the one the packaged template declares for it, evaluated
 * against the emulator (the values AWS would set). serverless-offline still adds the `AWS_*`
 * variables of this process (endpoint, region, fake keys) and the Lambda runtime ones. It also leaves
 * serverless-offline-sqs out when a service lists it: that plugin deletes every message whatever the
 * handler reports (see event-sources/queue-poller.ts), and the platform's own poller feeds the
 * queues; two consumers would race for every message.
 *
 * SHOP_LOCAL_WITHOUT_PLUGINS (offline start, comma-separated): plugins to leave out, by default
 * serverless-esbuild: serverless-offline loads TypeScript handlers itself (tsx) from the sources,
 * so the local run does not bundle every function before it can answer (bundling is checked by
 * `npm run package:check`, which builds the real artifacts).
 *
 * SHOP_LOCAL_TEMPLATE_ONLY_ARTIFACT (package): the local run needs only the CloudFormation template,
 * and serverless-offline bundles the code itself; so skip serverless-esbuild and point the package at
 * a tiny placeholder zip instead of bundling and zipping everything twice.
 *
 * SHOP_EMULATOR_DEPLOY (deploy, remove; the value is a file for the report): `osls deploy` against the
 * emulator. Drops the resource types moto's CloudFormation cannot create (emulator/emulator-deploy.ts),
 * writes what it dropped to the file, and deploys with `deploymentMethod: direct` (moto's change sets
 * are not complete enough for osls).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { dropUndeployableResources } from '../emulator/emulator-deploy.ts';

interface FunctionDefinition {
  name: string;
  environment?: Record<string, unknown>;
}

interface Serverless {
  service: {
    provider: {
      environment?: Record<string, unknown>;
      deploymentMethod?: string;
      httpApi?: { id?: unknown };
      compiledCloudFormationTemplate: Parameters<typeof dropUndeployableResources>[0];
    };
    package?: { artifact?: string };
    getAllFunctions(): string[];
    getFunction(key: string): FunctionDefinition;
  };
}

const environmentFile = process.env.SHOP_LOCAL_FUNCTION_ENVIRONMENT;
const templateOnlyArtifact = process.env.SHOP_LOCAL_TEMPLATE_ONLY_ARTIFACT;
const emulatorDeployReport = process.env.SHOP_EMULATOR_DEPLOY;
const withoutPlugins = (process.env.SHOP_LOCAL_WITHOUT_PLUGINS ?? '').split(',').filter(Boolean);

class LocalFunctionEnvironment {
  hooks: Record<string, () => void>;
  constructor(serverless: Serverless) {
    this.hooks = { 'before:offline:start:init': () => applyEnvironment(serverless) };
  }
}

class TemplateOnlyPackage {
  hooks: Record<string, () => void>;
  constructor(serverless: Serverless) {
    this.hooks = {
      'before:package:createDeploymentArtifacts': () => {
        serverless.service.package = { ...serverless.service.package, artifact: templateOnlyArtifact };
      },
    };
  }
}

class EmulatorDeploy {
  hooks: Record<string, () => void>;
  constructor(serverless: Serverless) {
    serverless.service.provider.deploymentMethod = 'direct';
    this.hooks = {
      'before:aws:package:finalize:saveServiceState': () => {
        const dropped = dropUndeployableResources(serverless.service.provider.compiledCloudFormationTemplate);
        if (emulatorDeployReport) writeFileSync(emulatorDeployReport, JSON.stringify({ dropped }, null, 2));
      },
      // After the deployment, osls's summary looks a shared HTTP API (`provider.httpApi.id`) up in API
      // Gateway, which moto's CloudFormation never created: summarize without it.
      'before:aws:info:gatherData': () => {
        const { provider } = serverless.service;
        if (provider.httpApi) provider.httpApi = { ...provider.httpApi, id: undefined };
      },
    };
  }
}

function applyEnvironment(serverless: Serverless): void {
  if (!environmentFile) return;
  const environments = JSON.parse(readFileSync(environmentFile, 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  const { service } = serverless;
  for (const key of service.getAllFunctions()) {
    const definition = service.getFunction(key);
    const environment = environments[definition.name];
    if (!environment)
      throw new Error(`local platform: no template environment for function ${definition.name}`);
    // The template's variables already merge provider and function environment.
    definition.environment = environment;
  }
  service.provider.environment = {};
}

if (environmentFile || templateOnlyArtifact || emulatorDeployReport) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const PluginManager = require('serverless/lib/classes/plugin-manager.js') as {
    prototype: { loadAllPlugins(plugins: unknown): Promise<void>; addPlugin(plugin: unknown): void };
  };
  const left = new Set([
    'serverless-offline-sqs',
    ...withoutPlugins,
    ...(templateOnlyArtifact ? ['serverless-esbuild'] : []),
  ]);
  const without = (plugins: unknown): unknown => {
    if (Array.isArray(plugins)) return plugins.filter((name) => !left.has(String(name)));
    if (plugins && typeof plugins === 'object' && Array.isArray((plugins as { modules?: unknown }).modules)) {
      const list = plugins as { modules: unknown[] };
      return { ...list, modules: list.modules.filter((name) => !left.has(String(name))) };
    }
    return plugins;
  };
  const loadAllPlugins = PluginManager.prototype.loadAllPlugins;
  PluginManager.prototype.loadAllPlugins = async function (this: typeof PluginManager.prototype, plugins) {
    await loadAllPlugins.call(this, without(plugins));
    if (environmentFile) this.addPlugin(LocalFunctionEnvironment);
    if (templateOnlyArtifact) this.addPlugin(TemplateOnlyPackage);
    if (emulatorDeployReport) this.addPlugin(EmulatorDeploy);
  };
}
