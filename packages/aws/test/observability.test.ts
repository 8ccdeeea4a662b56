import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('the tracer', () => {
  it('is off outside Lambda, so local runs need no X-Ray daemon', async () => {
    const { tracer } = await import('../src/observability.ts');
    expect(tracer.isTracingEnabled()).toBe(false);
  });

  it('is off against the emulator even when the environment looks like Lambda', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'shop-test');
    vi.stubEnv('IS_OFFLINE', 'true');
    const { tracer } = await import('../src/observability.ts');
    expect(tracer.isTracingEnabled()).toBe(false);
  });

  it('is on in Lambda proper', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'shop-test');
    vi.stubEnv('IS_OFFLINE', '');
    vi.stubEnv('AWS_ENDPOINT_URL', '');
    const { tracer } = await import('../src/observability.ts');
    expect(tracer.isTracingEnabled()).toBe(true);
  });
});

describe('the correlation id search', () => {
  it('finds the value at a dotted path, as the JMESPath search did', async () => {
    const { searchCorrelationId } = await import('../src/observability.ts');
    const event = { requestContext: { requestId: 'req-1' }, headers: { 'x-correlation-id': 'c-1' } };
    expect(searchCorrelationId('requestContext.requestId', event)).toBe('req-1');
    expect(searchCorrelationId('headers."x-correlation-id"', event)).toBe('c-1');
  });

  it('finds nothing on a missing path or an expression that is not a plain path', async () => {
    const { searchCorrelationId } = await import('../src/observability.ts');
    const event = { requestContext: { requestId: 'req-1' } };
    expect(searchCorrelationId('requestContext.missing.deeper', event)).toBeUndefined();
    expect(searchCorrelationId('requestContext.requestId[0]', event)).toBeUndefined();
    expect(searchCorrelationId('requestContext.requestId', null)).toBeUndefined();
  });

  it('puts the request id of an HTTP event into the log lines as correlation_id', async () => {
    const { logger } = await import('../src/observability.ts');
    logger.setCorrelationId({ requestContext: { requestId: 'req-7' } }, 'requestContext.requestId');
    expect(logger.getCorrelationId()).toBe('req-7');
  });
});
