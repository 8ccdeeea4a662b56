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
