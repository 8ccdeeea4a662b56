import { captureOutput } from '@shop/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { redactError, redactSecrets } from '../src/redaction.ts';

const sesMessage =
  'Email address is not verified. The following identities failed the check in region US-EAST-1: someone@example.com';
const jwt =
  'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ1MSIsInRva2VuX3VzZSI6ImFjY2VzcyJ9.bm90LWEtcmVhbC1zaWduYXR1cmU';

/** An error as the AWS SDK throws it when SES refuses a recipient. */
function sesRejection() {
  return Object.assign(new Error(sesMessage), {
    name: 'MessageRejected',
    Code: 'MessageRejected',
    Type: 'Sender',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    Error: { Type: 'Sender', Code: 'MessageRejected', Message: sesMessage },
  });
}

describe('redactSecrets', () => {
  it.each([
    [
      sesMessage,
      'Email address is not verified. The following identities failed the check in region US-EAST-1: [email]',
    ],
    ['to First.Last+shop@mail.example.co.uk, cc a_b@x-y.io', 'to [email], cc [email]'],
    [`token ${jwt} refused`, 'token [token] refused'],
    ['Authorization: Bearer opaque-refresh.value/123=', 'Authorization: Bearer [token]'],
    [`bearer ${jwt}`, 'bearer [token]'],
  ])('hides what names or authenticates a person: %s', (text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  it.each([
    'at file:///var/task/node_modules/@aws-sdk/client-ses/dist-cjs/index.js:12:3',
    'aws-jwt-verify@5.2.1 and @middy/core',
    'arn:aws:ses:us-east-1:123456789012:identity/shop.example',
    'order o-123 of user 8d6c-41 failed: ConditionalCheckFailedException',
  ])('leaves code locations, package versions, ARNs and ids alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactError', () => {
  it('redacts the message and stack of an error and its causes in place, keeping name and code', () => {
    const error = new Error(`send to someone@example.com failed`, { cause: sesRejection() });
    redactError(error);
    expect(error.message).toBe('send to [email] failed');
    expect(error.stack).not.toContain('someone@example.com');
    const cause = error.cause as ReturnType<typeof sesRejection>;
    expect(cause.message).not.toContain('someone@example.com');
    expect(cause).toMatchObject({
      name: 'MessageRejected',
      Code: 'MessageRejected',
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
      Error: { Code: 'MessageRejected', Message: expect.stringMatching(/: \[email\]$/) },
    });
  });
});

describe('the shared logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function freshLogger() {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    vi.resetModules();
    return (await import('../src/observability.ts')).logger;
  }

  it('logs an SES rejection without the recipient, still with its name and code', async () => {
    const logger = await freshLogger();
    const lines = captureOutput();
    const failure = Object.assign(
      new Error('SES refused the email: MessageRejected', { cause: sesRejection() }),
      {
        name: 'EmailNotSentError',
      },
    );

    logger.error('Event handling failed', { eventId: 'e-1', error: failure });

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('someone@example.com');
    const line = JSON.parse(lines[0] as string);
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'Event handling failed',
      eventId: 'e-1',
      error: {
        name: 'EmailNotSentError',
        message: 'SES refused the email: MessageRejected',
        cause: {
          name: 'MessageRejected',
          Code: 'MessageRejected',
          message: expect.stringContaining('[email]'),
        },
      },
    });
  });

  it('redacts addresses and tokens in messages and attributes too', async () => {
    const logger = await freshLogger();
    const lines = captureOutput();

    logger.warn(`lookup for someone@example.com`, {
      header: `Bearer ${jwt}`,
      nested: { to: ['a@b.example'] },
    });

    const line = JSON.parse(lines[0] as string);
    expect(line).toMatchObject({
      message: 'lookup for [email]',
      header: 'Bearer [token]',
      nested: { to: ['[email]'] },
    });
  });
});
