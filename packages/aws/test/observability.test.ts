import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The X-Ray SDK's middlewares on a client's stack. */
const xrayMiddlewares = (client: DynamoDBClient) =>
  client.middlewareStack.identify().filter((name) => /xray/i.test(name));

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_LAMBDA_FUNCTION_NAME: 'shop-test' };
const stubLambda = () => {
  for (const [name, value] of Object.entries(LAMBDA)) vi.stubEnv(name, value);
  vi.stubEnv('IS_OFFLINE', '');
  vi.stubEnv('AWS_ENDPOINT_URL', '');
};
const traceHeader = (sampled: 0 | 1) =>
  `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=${sampled}`;
const middyRequest = () => ({ event: {}, context: {}, response: undefined, error: undefined, internal: {} });

describe('the tracer', () => {
  it('is off outside Lambda, so local runs need no X-Ray daemon', async () => {
    const { tracingPossible, loadTracer } = await import('../src/tracing.ts');
    expect(tracingPossible()).toBe(false);
    expect((await loadTracer()).isTracingEnabled()).toBe(false);
  });

  it('is off against the emulator even when the environment looks like Lambda', async () => {
    for (const [name, value] of Object.entries(LAMBDA)) vi.stubEnv(name, value);
    vi.stubEnv('IS_OFFLINE', 'true');
    const { tracingPossible, loadTracer } = await import('../src/tracing.ts');
    expect(tracingPossible()).toBe(false);
    expect((await loadTracer()).isTracingEnabled()).toBe(false);
  });

  it('is off when POWERTOOLS_TRACE_ENABLED says false', async () => {
    stubLambda();
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    const { tracingPossible } = await import('../src/tracing.ts');
    expect(tracingPossible()).toBe(false);
  });

  it('is on in Lambda proper', async () => {
    stubLambda();
    const { tracingPossible, loadTracer } = await import('../src/tracing.ts');
    expect(tracingPossible()).toBe(true);
    expect((await loadTracer()).isTracingEnabled()).toBe(true);
  });
});

describe('the lazy tracing path', () => {
  it('loads no tracer at import, nor for an invocation X-Ray did not sample', async () => {
    stubLambda();
    vi.stubEnv('_X_AMZN_TRACE_ID', traceHeader(0));
    const { traceInvocation } = await import('../src/observability.ts');
    const { loadedTracer } = await import('../src/tracing.ts');
    expect(loadedTracer()).toBeUndefined();

    const request = middyRequest();
    await traceInvocation().before?.(request as never);

    expect(loadedTracer()).toBeUndefined();
    expect(request.internal).toEqual({});
  });

  it('loads the tracer for the first sampled invocation and opens its subsegment', async () => {
    stubLambda();
    vi.stubEnv('_X_AMZN_TRACE_ID', traceHeader(1));
    const { traceInvocation } = await import('../src/observability.ts');
    const { loadedTracer } = await import('../src/tracing.ts');
    const trace = traceInvocation();
    // The container's first invocation is unsampled: nothing loads, but it was the cold start.
    vi.stubEnv('_X_AMZN_TRACE_ID', traceHeader(0));
    await trace.before?.(middyRequest() as never);
    vi.stubEnv('_X_AMZN_TRACE_ID', traceHeader(1));
    const tracer = await (await import('../src/tracing.ts')).loadTracer();
    const { recordTraces } = await import('@shop/testing');
    const recording = recordTraces(tracer);

    const request = middyRequest();
    await trace.before?.(request as never);
    await trace.after?.(request as never);

    expect(loadedTracer()).toBe(tracer);
    expect(recording.facade.subsegments).toHaveLength(1);
    expect(recording.calls).toContainEqual(
      expect.objectContaining({ method: 'addAnnotation', args: ['ColdStart', false] }),
    );
    expect(recording.calls.at(-1)).toMatchObject({ method: 'close' });
  });

  it('captures a client made before the tracer loaded once it loads, and later ones at once', async () => {
    stubLambda();
    const { traceClient, loadTracer } = await import('../src/tracing.ts');
    const early = traceClient(new DynamoDBClient({ region: 'us-east-1' }));
    expect(xrayMiddlewares(early)).toEqual([]);

    await loadTracer();
    const late = traceClient(new DynamoDBClient({ region: 'us-east-1' }));

    expect(xrayMiddlewares(early)).toHaveLength(1);
    expect(xrayMiddlewares(late)).toHaveLength(1);
  });

  it('adds nothing to a client where tracing is impossible', async () => {
    vi.stubEnv('IS_OFFLINE', 'true');
    const { traceClient, loadTracer } = await import('../src/tracing.ts');
    const client = traceClient(new DynamoDBClient({ region: 'us-east-1' }));
    await loadTracer();
    expect(xrayMiddlewares(client)).toEqual([]);
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
