import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  offlineOslsEnvironment,
  packageService,
  paramArguments,
  placeholderFor,
  readCompose,
  runOsls,
} from '@shop/local-platform';
import { afterAll, describe, expect, it } from 'vitest';
import { deployInputVariables, localStageFindings, stageSettingFindings } from '../src/stage-checks.ts';
import { repositoryRoot } from '../src/templates.ts';

// A deployed stage's settings as stages.yml resolves them with every deploy input set.
const prod = {
  region: 'eu-west-1',
  corsAllowedOrigins: ['https://shop.example'],
  alarmEmail: 'oncall@shop.example',
  alarmEmailRequired: true,
  sesSender: 'orders@mail.shop.example',
  sesIdentity: 'mail.shop.example',
  cognitoEmailSendingAccount: 'DEVELOPER',
  wafAuthRequestsPerIp: 500,
  wafCheckoutRequestsPerIp: 150,
};

describe("a stage's settings", () => {
  it('pass when every deploy input is set', () => {
    expect(stageSettingFindings('prod', prod)).toEqual([]);
    expect(
      stageSettingFindings('alice', {
        ...prod,
        corsAllowedOrigins: ['http://localhost:5173'],
        alarmEmail: '',
        alarmEmailRequired: false,
        sesIdentity: '',
        sesSender: 'shop-alice@example.com',
        cognitoEmailSendingAccount: 'COGNITO_DEFAULT',
      }),
    ).toEqual([]);
  });

  it('name every missing deploy input, and where to set it', () => {
    const findings = stageSettingFindings('prod', {
      ...prod,
      corsAllowedOrigins: [''],
      alarmEmail: '',
      sesSender: '',
      sesIdentity: '',
    });
    expect(findings).toHaveLength(4);
    expect(findings.join('\n')).toMatch(/corsAllowedOrigins is empty.*SHOP_STOREFRONT_URL/);
    expect(findings.join('\n')).toMatch(/alarmEmail is empty.*SHOP_ALARM_EMAIL/);
    expect(findings.join('\n')).toMatch(/sesSender is empty.*SHOP_SES_SENDER.*no default/);
    expect(findings.join('\n')).toMatch(/sesIdentity is empty.*DEVELOPER.*SHOP_SES_IDENTITY/);
  });

  it('allow any origin ("*") on the local stage only', () => {
    expect(stageSettingFindings('local', { ...prod, corsAllowedOrigins: ['*'] })).toEqual([]);
    expect(stageSettingFindings('prod', { ...prod, corsAllowedOrigins: ['*'] })).toEqual([
      expect.stringMatching(/any origin .*only the local stage/),
    ]);
    expect(stageSettingFindings('dev', { ...prod, corsAllowedOrigins: [] })).toEqual([
      expect.stringMatching(/corsAllowedOrigins is empty/),
    ]);
  });

  it('refuse origins a browser never sends, and plain http off this machine', () => {
    const findings = stageSettingFindings('prod', {
      ...prod,
      corsAllowedOrigins: [
        'https://shop.example/',
        'http://shop.example',
        'shop.example',
        'http://127.0.0.1:5173',
      ],
    });
    expect(findings).toEqual([
      expect.stringMatching(/"https:\/\/shop.example\/" is not an origin/),
      expect.stringMatching(/"http:\/\/shop.example" must use https/),
      expect.stringMatching(/"shop.example" is not a URL/),
    ]);
  });

  it('refuse a sender the identity does not send for, and a WAF limit AWS would refuse', () => {
    expect(stageSettingFindings('prod', { ...prod, sesSender: 'orders@elsewhere.example' })).toEqual([
      expect.stringMatching(/is not sent through sesIdentity "mail.shop.example"/),
    ]);
    expect(stageSettingFindings('prod', { ...prod, sesIdentity: 'orders@mail.shop.example' })).toEqual([]);
    expect(stageSettingFindings('prod', { ...prod, wafAuthRequestsPerIp: 5, region: 'Europe' })).toEqual([
      expect.stringMatching(/region "Europe" is not an AWS region/),
      expect.stringMatching(/wafAuthRequestsPerIp must be a whole number from 10/),
    ]);
  });
});

describe('the local stage', () => {
  it('is allowed against an emulator on this machine only', () => {
    expect(localStageFindings('local', { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' })).toEqual([]);
    expect(localStageFindings('local', { AWS_ENDPOINT_URL: 'http://localhost:4566' })).toEqual([]);
    expect(localStageFindings('local', {})).toEqual([expect.stringMatching(/AWS_ENDPOINT_URL is not set/)]);
    expect(
      localStageFindings('local', { AWS_ENDPOINT_URL: 'https://dynamodb.us-east-1.amazonaws.com' }),
    ).toEqual([expect.stringMatching(/is not on this machine/)]);
    expect(
      localStageFindings('local', {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      }),
    ).toEqual([expect.stringMatching(/ignore the emulator/)]);
    expect(localStageFindings('prod', {})).toEqual([]);
  });
});

// The plugin in the real framework: osls refuses before it packages or deploys anything.
describe('osls with @shop/ops/osls-stage-checks', () => {
  const work = mkdtempSync(join(tmpdir(), 'shop-stage-checks-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // Templates only: an empty zip stands in for the bundles (as the local run does).
  const artifact = join(work, 'placeholder.zip');
  writeFileSync(artifact, Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)]));
  const notifications = readCompose(repositoryRoot).find((service) => service.name === 'notifications');
  if (!notifications) throw new Error('compose has no notifications service');
  const params = paramArguments(notifications, (name, output) => placeholderFor(name, output));
  const cwd = join(repositoryRoot, notifications.path);
  const withoutEndpoint = () => {
    const { AWS_ENDPOINT_URL: _endpoint, ...env } = offlineOslsEnvironment();
    return env;
  };

  it('refuses to deploy the local stage to a real account', async () => {
    const run = runOsls(repositoryRoot, ['deploy', '--stage', 'local', ...params], {
      cwd,
      env: withoutEndpoint(),
      timeoutMs: 120_000,
    });
    await expect(run).rejects.toThrow(
      /the local stage is only for the emulator, and AWS_ENDPOINT_URL is not set/,
    );
  }, 150_000);

  it('refuses to package prod without its deploy inputs', async () => {
    const env = withoutEndpoint();
    for (const name of Object.values(deployInputVariables)) delete env[name];
    await expect(
      packageService(repositoryRoot, notifications.path, 'prod', join(work, 'prod'), params, env, artifact),
    ).rejects.toThrow(/cannot be packaged for the prod stage:[\s\S]*sesSender is empty/);
  }, 150_000);

  it('packages the local stage against an emulator on this machine', async () => {
    const env = { ...withoutEndpoint(), AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' };
    await packageService(
      repositoryRoot,
      notifications.path,
      'local',
      join(work, 'local'),
      params,
      env,
      artifact,
    );
    expect(existsSync(join(work, 'local', 'cloudformation-template-update-stack.json'))).toBe(true);
  }, 150_000);

  it('packages the web stack for prod before any deploy input exists, but never the local stage off the emulator', async () => {
    const env = withoutEndpoint();
    for (const name of Object.values(deployInputVariables)) delete env[name];
    await packageService(repositoryRoot, 'services/web', 'prod', join(work, 'web-prod'), [], env, artifact);
    await expect(
      packageService(repositoryRoot, 'services/web', 'local', join(work, 'web-local'), [], env, artifact),
    ).rejects.toThrow(/shop-web cannot be packaged for the local stage/);
  }, 150_000);
});
