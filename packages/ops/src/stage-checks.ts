/**
 * What a stage's settings (stages.yml, as one service resolved them) must hold before anything is
 * packaged or deployed for it. Each finding names the setting, why it matters and where to set it,
 * so a first deploy stops at the first service instead of tripping half-way through the stacks.
 */
export interface StageSettings {
  region?: unknown;
  corsAllowedOrigins?: unknown;
  alarmEmail?: unknown;
  alarmEmailRequired?: unknown;
  sesSender?: unknown;
  sesIdentity?: unknown;
  cognitoEmailSendingAccount?: unknown;
  wafAuthRequestsPerIp?: unknown;
  wafCheckoutRequestsPerIp?: unknown;
}

/** The environment variable behind each deploy input of stages.yml. */
export const deployInputVariables = {
  region: 'SHOP_REGION',
  corsAllowedOrigins: 'SHOP_STOREFRONT_URL',
  alarmEmail: 'SHOP_ALARM_EMAIL',
  sesSender: 'SHOP_SES_SENDER',
  sesIdentity: 'SHOP_SES_IDENTITY',
} as const;

/**
 * Values for every deploy input, for packaging templates to check them (tests, `npm run package:check`)
 * without an account's real settings. `.example` is reserved: nothing real can ever answer there.
 */
export const exampleDeployInputs: Readonly<Record<string, string>> = {
  SHOP_STOREFRONT_URL: 'https://shop.example',
  SHOP_ALARM_EMAIL: 'oncall@shop.example',
  SHOP_SES_SENDER: 'orders@mail.shop.example',
  SHOP_SES_IDENTITY: 'mail.shop.example',
};

const emailAddress = /^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const regionName = /^[a-z]{2}(-[a-z]+)+-\d$/;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
const isLoopback = (hostname: string) => loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const where = (setting: keyof typeof deployInputVariables) =>
  `set ${deployInputVariables[setting]} or ${setting} in stages.yml`;

/** Why an origin is not one a browser sends (`scheme://host[:port]`, https except on loopback). */
function originProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'is not a URL';
  }
  if (url.origin !== origin) return `is not an origin (scheme://host[:port], no path): ${url.origin}?`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  return 'must use https (plain http only for localhost)';
}

/** Everything wrong with a stage's settings; empty when it may be packaged. */
export function stageSettingFindings(stage: string, settings: StageSettings): string[] {
  const findings: string[] = [];
  const region = text(settings.region);
  if (!regionName.test(region)) findings.push(`region "${region}" is not an AWS region (${where('region')})`);

  const origins = settings.corsAllowedOrigins;
  if (!Array.isArray(origins) || origins.length === 0 || origins.some((origin) => text(origin) === '')) {
    findings.push(
      `corsAllowedOrigins is empty: the storefront could not call the API (${where('corsAllowedOrigins')}; the storefront's address is the shop-web-${stage} stack's WebUrl)`,
    );
  } else if (origins.includes('*')) {
    if (stage !== 'local' || origins.length > 1)
      findings.push(
        'corsAllowedOrigins allows any origin ("*"): only the local stage may; list the storefront\'s origin instead',
      );
  } else {
    for (const origin of origins) {
      const problem = originProblem(String(origin));
      if (problem) findings.push(`corsAllowedOrigins: "${origin}" ${problem}`);
    }
  }

  const alarmEmail = text(settings.alarmEmail);
  if (alarmEmail === '' && settings.alarmEmailRequired === true)
    findings.push(
      `alarmEmail is empty: the ${stage} stage's alarms would reach no one (${where('alarmEmail')})`,
    );
  if (alarmEmail !== '' && !emailAddress.test(alarmEmail))
    findings.push(`alarmEmail "${alarmEmail}" is not an email address`);

  const sender = text(settings.sesSender);
  if (sender === '')
    findings.push(
      `sesSender is empty: the ${stage} stage has no address to send email from (${where('sesSender')}; it has no default)`,
    );
  else if (!emailAddress.test(sender)) findings.push(`sesSender "${sender}" is not an email address`);

  const identity = text(settings.sesIdentity);
  if (identity !== '' && sender !== '' && identity !== sender && !sender.endsWith(`@${identity}`))
    findings.push(
      `sesSender "${sender}" is not sent through sesIdentity "${identity}": the identity must be that address or its domain`,
    );
  const account = settings.cognitoEmailSendingAccount;
  if (account !== 'COGNITO_DEFAULT' && account !== 'DEVELOPER')
    findings.push(
      `cognitoEmailSendingAccount must be COGNITO_DEFAULT or DEVELOPER, not "${String(account)}"`,
    );
  if (account === 'DEVELOPER' && identity === '')
    findings.push(
      `sesIdentity is empty: Cognito sends through SES on ${stage} (DEVELOPER) and needs an identity verified before the user pool is created (${where('sesIdentity')})`,
    );

  for (const key of ['wafAuthRequestsPerIp', 'wafCheckoutRequestsPerIp'] as const) {
    const limit = settings[key];
    // AWS WAF's bounds for a rate-based rule's limit (requests per evaluation window).
    if (!Number.isInteger(limit) || (limit as number) < 10 || (limit as number) > 2_000_000_000)
      findings.push(`${key} must be a whole number from 10 to 2,000,000,000, not ${String(limit)}`);
  }
  return findings;
}

/**
 * The local stage's templates are made for the emulator: sign-up confirms without an email, CORS
 * allows any origin, the sign-up function may confirm accounts. So packaging or deploying `local`
 * is refused unless every AWS call goes to an emulator on this machine (AWS_ENDPOINT_URL on loopback).
 */
export function localStageFindings(stage: string, env: NodeJS.ProcessEnv): string[] {
  if (stage !== 'local') return [];
  const endpoint = env.AWS_ENDPOINT_URL ?? '';
  const refuse = (why: string) => [
    `the local stage is only for the emulator, and ${why}: deploy a real account with --stage dev (or your own stage name)`,
  ];
  if (endpoint === '') return refuse('AWS_ENDPOINT_URL is not set');
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return refuse(`AWS_ENDPOINT_URL "${endpoint}" is not a URL`);
  }
  if (!isLoopback(hostname)) return refuse(`AWS_ENDPOINT_URL "${endpoint}" is not on this machine`);
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? ''))
    return refuse('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS makes the SDK ignore the emulator');
  return [];
}
