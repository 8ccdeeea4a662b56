/**
 * Preloaded (`node --import`) into each `osls offline start` process by the local platform.
 *
 * Why: serverless-offline gives handlers `provider.environment` and the function's `environment`
 * with CloudFormation intrinsics left as objects, so `PRODUCTS_TABLE: !Ref ProductsTable` reaches
 * the handler as "[object Object]". This adds a plugin that replaces each function's environment
 * with the one the packaged template declares for it, evaluated against the emulator (the same
 * values AWS would set). serverless-offline still adds the `AWS_*` variables of this process
 * (endpoint, region, fake keys) and the Lambda runtime ones.
 *
 * It also leaves serverless-offline-sqs out when a service lists it: that plugin deletes every
 * message whatever the handler reports (see queue-poller.ts), and the platform's own poller feeds
 * the queues; two consumers would race for every message.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface FunctionDefinition {
  name: string;
  environment?: Record<string, unknown>;
}

interface Serverless {
  service: {
    provider: { environment?: Record<string, unknown> };
    plugins?: unknown;
    getAllFunctions(): string[];
    getFunction(key: string): FunctionDefinition;
  };
}

const file = process.env.SHOP_LOCAL_FUNCTION_ENVIRONMENT;

class LocalFunctionEnvironment {
  hooks: Record<string, () => void>;
  constructor(serverless: Serverless) {
    this.hooks = { 'before:offline:start:init': () => applyEnvironment(serverless) };
  }
}

function applyEnvironment(serverless: Serverless): void {
  if (!file) return;
  const environments = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
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

if (file) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const PluginManager = require('serverless/lib/classes/plugin-manager.js') as {
    prototype: { loadAllPlugins(plugins: unknown): Promise<void>; addPlugin(plugin: unknown): void };
  };
  const loadAllPlugins = PluginManager.prototype.loadAllPlugins;
  const replaced = new Set(['serverless-offline-sqs']);
  const withoutReplaced = (plugins: unknown): unknown => {
    if (Array.isArray(plugins)) return plugins.filter((name) => !replaced.has(String(name)));
    if (plugins && typeof plugins === 'object' && Array.isArray((plugins as { modules?: unknown }).modules)) {
      const list = plugins as { modules: unknown[] };
      return { ...list, modules: list.modules.filter((name) => !replaced.has(String(name))) };
    }
    return plugins;
  };
  PluginManager.prototype.loadAllPlugins = async function (this: typeof PluginManager.prototype, plugins) {
    await loadAllPlugins.call(this, withoutReplaced(plugins));
    this.addPlugin(LocalFunctionEnvironment);
  };
}
