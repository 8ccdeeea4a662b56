import { join } from 'node:path';
import {
  offlineOslsEnvironment,
  paramArguments,
  placeholderFor,
  readCompose,
  runOsls,
} from '@shop/local-platform';
import { describe, expect, it } from 'vitest';
import {
  deployInputVariables,
  exampleDeployInputs,
  type StageSettings,
  stageSettingFindings,
} from '../src/stage-checks.ts';
import { repositoryRoot } from '../src/templates.ts';

// stages.yml as osls resolves it for one service (products), with and without the deploy inputs.
const products = readCompose(repositoryRoot).find((service) => service.name === 'products');
if (!products) throw new Error('compose has no products service');

async function resolvedSettings(stage: string, inputs: Record<string, string>): Promise<StageSettings> {
  const env = offlineOslsEnvironment();
  for (const name of Object.values(deployInputVariables)) delete env[name];
  const output = await runOsls(
    repositoryRoot,
    [
      'print',
      '--stage',
      stage,
      '--path',
      'custom.stage',
      '--format',
      'json',
      ...paramArguments(products as NonNullable<typeof products>, (name, out) => placeholderFor(name, out)),
    ],
    { cwd: join(repositoryRoot, 'services/products'), env: { ...env, ...inputs }, timeoutMs: 60_000 },
  );
  return JSON.parse(output.slice(output.indexOf('{'))) as StageSettings;
}

describe('stages.yml', () => {
  it('needs no deploy input for the local stage or a personal one, and names each one the shared stages need', async () => {
    const stages = ['local', 'alice', 'dev', 'staging', 'prod'];
    const findings: Record<string, string[]> = {};
    // Two osls processes at a time: this is a 2-core machine.
    for (let start = 0; start < stages.length; start += 2)
      await Promise.all(
        stages.slice(start, start + 2).map(async (stage) => {
          const settings = await resolvedSettings(stage, {});
          findings[stage] = stageSettingFindings(stage, settings).map(
            (finding) => finding.split(' ')[0] as string,
          );
        }),
      );
    expect(findings).toEqual({
      local: [],
      alice: [],
      dev: ['corsAllowedOrigins', 'alarmEmail'],
      staging: ['corsAllowedOrigins', 'alarmEmail', 'sesSender', 'sesIdentity'],
      prod: ['corsAllowedOrigins', 'alarmEmail', 'sesSender', 'sesIdentity'],
    });
  }, 120_000);

  it('takes the deploy inputs from the environment, and gives a personal stage its own sender', async () => {
    const [prod, alice] = await Promise.all([
      resolvedSettings('prod', exampleDeployInputs),
      resolvedSettings('alice', {}),
    ]);
    expect(stageSettingFindings('prod', prod)).toEqual([]);
    expect(prod).toMatchObject({
      corsAllowedOrigins: ['https://shop.example'],
      alarmEmail: 'oncall@shop.example',
      sesSender: 'orders@mail.shop.example',
      sesIdentity: 'mail.shop.example',
      cognitoEmailSendingAccount: 'DEVELOPER',
    });
    // One identity per stage, so two stages in one account never create the same one.
    expect(alice).toMatchObject({
      sesSender: 'shop-alice@example.com',
      sesIdentity: null,
      cognitoEmailSendingAccount: 'COGNITO_DEFAULT',
      corsAllowedOrigins: ['http://localhost:5173'],
    });
  }, 120_000);
});
