import type * as PowertoolsLogger from '@aws-lambda-powertools/logger';
import type * as PowertoolsLoggerMiddleware from '@aws-lambda-powertools/logger/middleware';
import type * as PowertoolsMetrics from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';
import { requireFromLayer } from './layer.ts';
import { redactingReplacer } from './redaction.ts';
import { sourceMappedStack } from './source-maps.ts';
import { invocationSampled, loadedTracer, loadTracer, tracingPossible } from './tracing.ts';

// The layer's CommonJS builds: half the cold-start CPU of its ES modules (layer.ts).
const { Logger } = requireFromLayer('@aws-lambda-powertools/logger') as typeof PowertoolsLogger;
const { injectLambdaContext } = requireFromLayer(
  '@aws-lambda-powertools/logger/middleware',
) as typeof PowertoolsLoggerMiddleware;
const { Metrics } = requireFromLayer('@aws-lambda-powertools/metrics') as typeof PowertoolsMetrics;

// Created once per container and imported everywhere, so every log line and metric shares one context.
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'shop';

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

/**
 * The structured JSON logger of this function. Every string it writes is redacted (email addresses,
 * bearer and JWT-looking tokens), error messages, stacks and causes included; error stacks name the
 * TypeScript sources (`sourceMappedStack`), without `--enable-source-maps`.
 */
export const logger = new Logger({
  serviceName,
  correlationIdSearchFn: searchCorrelationId,
  jsonReplacerFn: (key, value) =>
    redactingReplacer(key, key === 'stack' && typeof value === 'string' ? sourceMappedStack(value) : value),
});

/** CloudWatch EMF metrics of this function; namespace from POWERTOOLS_METRICS_NAMESPACE, else `shop`. */
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'shop',
});

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

type Segment = ReturnType<Tracer['getSegment']> & {};

/**
 * The tracer for this invocation: the loaded one, else loaded now if X-Ray sampled the invocation (in
 * Lambda proper only), else none: an unsampled invocation records nothing, so it need not load X-Ray.
 */
async function tracerFor(): Promise<Tracer | undefined> {
  const loaded = loadedTracer();
  if (loaded) return loaded;
  if (!tracingPossible() || !invocationSampled()) return undefined;
  return loadTracer();
}

type TracedRequest = { internal: Record<string, unknown>; response?: unknown };

// Per request, so that concurrent invocations in one execution environment keep their own segments.
const SEGMENTS = 'shop.tracer.segments';

// The container's first invocation. Kept here, not by the tracer: it may be loaded for a later one.
let firstInvocation = true;

/**
 * Middy middleware: one X-Ray subsegment around the handler, annotated with the cold start and the
 * service, flagged error/fault/throttle by the answer's status. Unlike Powertools' `captureLambdaHandler`,
 * it never records the handler's response or error as metadata, whatever the environment says: an answer
 * may hold tokens (POST /auth/login) and an error message may name a customer.
 */
export const traceInvocation = (given?: Tracer): MiddlewareObj => {
  const close = (request: TracedRequest, failed: boolean) => {
    const segments = request.internal[SEGMENTS] as
      | { parent: Segment; handler: Segment; target: Tracer }
      | undefined;
    if (!segments) return;
    delete request.internal[SEGMENTS];
    const status = (request.response as { statusCode?: unknown } | undefined)?.statusCode;
    if (status === 429) segments.handler.addThrottleFlag();
    if (typeof status === 'number' && status >= 500) segments.handler.addFaultFlag();
    else if (typeof status === 'number' && status >= 400) segments.handler.addErrorFlag();
    else if (failed) segments.handler.addFaultFlag();
    try {
      segments.handler.close();
    } catch (error) {
      // A segment that cannot be serialized loses its data, never the invocation.
      logger.warn('The handler trace segment could not be closed', { error: error as Error });
    }
    segments.target.setSegment(segments.parent);
  };
  return {
    before: async (middyRequest) => {
      const request = middyRequest as TracedRequest;
      const coldStart = firstInvocation;
      firstInvocation = false;
      const target = given ?? (await tracerFor());
      if (!target?.isTracingEnabled()) return;
      const parent = target.getSegment();
      if (!parent) return;
      const handler = parent.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
      request.internal[SEGMENTS] = { parent, handler, target };
      target.setSegment(handler);
      target.putAnnotation('ColdStart', coldStart);
      target.addServiceNameAnnotation();
    },
    after: (request) => close(request as TracedRequest, false),
    onError: (request) => close(request as TracedRequest, true),
  };
};

/**
 * The Powertools middlewares every function wears, outermost first: logger context (Lambda context and
 * correlation id; the event itself is never logged, it may hold a password), X-Ray tracing of the
 * handler, metrics flush. Use with `middy(...).use(observeInvocation())`.
 */
export const observeInvocation = (options: { correlationIdPath?: string } = {}): MiddlewareObj[] => [
  injectLambdaContext(logger, { resetKeys: true, ...options, logEvent: false }) as MiddlewareObj,
  traceInvocation(),
  publishMetrics(),
];
