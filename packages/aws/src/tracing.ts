import type * as PowertoolsEnv from '@aws-lambda-powertools/commons/utils/env';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { requireFromLayer } from './layer.ts';

// The CommonJS build, which the logger has loaded already (layer.ts).
const { isRequestXRaySampled } = requireFromLayer(
  '@aws-lambda-powertools/commons/utils/env',
) as typeof PowertoolsEnv;

/** What `awsClient` hands to the tracer: any SDK v3 client. */
type Client = { middlewareStack: unknown };

/**
 * Whether this container can trace at all: in Lambda proper (AWS_EXECUTION_ENV, not SAM or Amplify's
 * mocks), not against the emulator or serverless-offline (no X-Ray daemon there), and not switched off
 * by POWERTOOLS_TRACE_ENABLED=false. The same rules as the Powertools tracer's own, read without it.
 */
export function tracingPossible(): boolean {
  const env = process.env;
  if (env.AWS_ENDPOINT_URL || env.IS_OFFLINE || env.AWS_SAM_LOCAL) return false;
  if ((env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false') return false;
  return Boolean(env.AWS_EXECUTION_ENV) && env.AWS_EXECUTION_ENV !== 'AWS_Lambda_amplify-mock';
}

/** Whether X-Ray sampled the current invocation (`Sampled=1` in its trace header). */
export const invocationSampled = (): boolean => isRequestXRaySampled();

let loaded: Tracer | undefined;
let loading: Promise<Tracer> | undefined;
// Clients made before the tracer was loaded; each is captured once it is.
const waiting = new Set<Client>();

/**
 * The Powertools tracer (with the X-Ray SDK, semver and cls-hooked under it: ~40 ms of a cold start
 * measured in bench/README.md), imported on first call only. `traceInvocation` calls it for the first
 * invocation X-Ray samples, so a container that serves only unsampled requests (X-Ray's default rule
 * samples 1 a second and 5% beyond) never loads it, and none pays for it at init.
 */
export function loadTracer(): Promise<Tracer> {
  loading ??= import('@aws-lambda-powertools/tracer').then(({ Tracer }) => {
    const tracer = new Tracer({
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'shop',
      ...(tracingPossible() ? {} : { enabled: false }),
    });
    for (const client of waiting) tracer.captureAWSv3Client(client);
    waiting.clear();
    loaded = tracer;
    return tracer;
  });
  return loading;
}

/** The tracer if `loadTracer` has loaded it, else undefined (nothing is traced yet). */
export const loadedTracer = (): Tracer | undefined => loaded;

/**
 * Has an SDK client's calls traced: now if the tracer is loaded, else as soon as it is (its X-Ray
 * middleware is added to the client's stack, which every later call reads). Nothing where tracing is
 * impossible.
 */
export function traceClient<T extends Client>(client: T): T {
  if (loaded) return loaded.captureAWSv3Client(client);
  if (tracingPossible()) waiting.add(client);
  return client;
}
