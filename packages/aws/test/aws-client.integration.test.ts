import { randomUUID } from 'node:crypto';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { useEmulator } from '@shop/testing';
import AWSXRay from 'aws-xray-sdk-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// Against moto: SES refuses a sender it has not verified and names the address in its error, as AWS
// names an unverified recipient.
let unverified: string;

beforeAll(() => {
  useEmulator();
  unverified = `unverified.${randomUUID().slice(0, 8)}@example.com`;
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const refusedEmail = () =>
  new SendEmailCommand({
    Source: unverified,
    Destination: { ToAddresses: ['customer@example.com'] },
    Message: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'Hello' } } },
  });

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & { $metadata?: { httpStatusCode?: number } };
}

describe('awsClient', () => {
  it('hands on an SES refusal without the address it names, keeping its name and status', async () => {
    // Prepare: the same call through a bare client does name the address.
    const bare = await failureOf(new SESClient({}).send(refusedEmail()));
    expect(bare.message).toContain(unverified);
    const { awsClient } = await import('../src/aws-client.ts');

    const error = await failureOf(awsClient(new SESClient({})).send(refusedEmail()));

    expect(error.name).toBe('MessageRejected');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe(bare.message.replace(unverified, '[email]'));
    expect(error.stack).not.toContain(unverified);
    // Its other fields too (the SDK repeats SES's message under `Error.Message`).
    expect(JSON.stringify(bare)).toContain(unverified);
    expect(JSON.stringify(error)).not.toContain(unverified);
  });

  it('redacts the error before X-Ray records it as the SES subsegment exception', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'shop-notifications-test-send');
    vi.stubEnv('IS_OFFLINE', '');
    // The emulator stays the endpoint of the client itself; only the tracer sees Lambda proper.
    const endpoint = process.env.AWS_ENDPOINT_URL;
    vi.stubEnv('AWS_ENDPOINT_URL', '');
    vi.resetModules();
    const { loadTracer } = await import('../src/tracing.ts');
    const { awsClient } = await import('../src/aws-client.ts');
    // Made before the tracer loads, as a function's shared client is: X-Ray joins it on loading.
    const client = awsClient(new SESClient({ endpoint }));
    expect((await loadTracer()).isTracingEnabled()).toBe(true);
    const segment = new AWSXRay.Segment('test');

    const error = await AWSXRay.getNamespace().runPromise(async () => {
      AWSXRay.setSegment(segment);
      return failureOf(client.send(refusedEmail()));
    });

    expect(error.name).toBe('MessageRejected');
    const [ses] = segment.subsegments ?? [];
    expect(ses?.name).toBe('SES');
    const recorded = JSON.stringify(ses);
    expect(recorded).toContain('MessageRejected');
    expect(recorded).toContain('[email]');
    expect(recorded).not.toContain(unverified);
  });
});
