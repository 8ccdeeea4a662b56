import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

// Created once per container and imported everywhere, so every log line and metric shares one context.
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'shop';

// Against the emulator (or serverless-offline) there is no X-Ray daemon and no trace header: keep tracing off.
const emulated = Boolean(process.env.AWS_ENDPOINT_URL || process.env.IS_OFFLINE);

/**
 * Finds a correlation id at a dotted path such as `requestContext.requestId` (segments may be quoted:
 * `headers."x-correlation-id"`). Stands in for Powertools' JMESPath `search`, which adds ~23 KB to every
 * bundle for the one plain path the shop uses; anything beyond plain paths finds nothing.
 */
export function searchCorrelationId(expression: string, data: unknown): unknown {
  const segments = expression.match(/"[^"]*"|[^.]+/g) ?? [];
  let value: unknown = data;
  for (const segment of segments) {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = segment.startsWith('"') ? segment.slice(1, -1) : segment;
    if (!segment.startsWith('"') && !/^[A-Za-z_][\w]*$/.test(key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The structured JSON logger of this function. */
export const logger = new Logger({ serviceName, correlationIdSearchFn: searchCorrelationId });

/** CloudWatch EMF metrics of this function; namespace from POWERTOOLS_METRICS_NAMESPACE, else `shop`. */
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'shop',
});

/** The X-Ray tracer; wrap SDK clients with `tracer.captureAWSv3Client`. A no-op outside Lambda. */
export const tracer = new Tracer({ serviceName, ...(emulated ? { enabled: false } : {}) });

/**
 * Middy middleware: records the cold start and flushes this invocation's metrics, staying silent when a
 * request added none (Powertools' `logMetrics` would warn on every such request).
 */
export const publishMetrics = (): MiddlewareObj => {
  const flush = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    before: (request) => metrics.captureColdStartMetric(request.context.functionName),
    after: flush,
    onError: flush,
  };
};

/**
 * The Powertools middlewares every function wears, outermost first: logger context (Lambda context and
 * correlation id), X-Ray tracing, metrics flush. Use with `middy(...).use(observeInvocation())`.
 */
export const observeInvocation = (options: { correlationIdPath?: string } = {}): MiddlewareObj[] => [
  injectLambdaContext(logger, { resetKeys: true, ...options }) as MiddlewareObj,
  captureLambdaHandler(tracer) as MiddlewareObj,
  publishMetrics(),
];
