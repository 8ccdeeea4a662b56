import { randomUUID } from 'node:crypto';
import { captureOutput, recordTraces, serialized } from '@shop/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { httpEvent, lambdaContext } from './fixtures.ts';

// Values only a caller or the identity provider should ever see. The refresh token is opaque (no JWT
// shape), so no pattern could catch it: only never recording the answer keeps it out.
const password = `Pw-${randomUUID()}`;
const email = `ada.${randomUUID().slice(0, 8)}@example.com`;
const jwtLike = (tag: string) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ tag, id: randomUUID() })).toString('base64url')}.c2lnbmF0dXJl`;
const tokens = { accessToken: jwtLike('access'), idToken: jwtLike('id'), refreshToken: randomUUID() };
const secrets = [password, email, tokens.accessToken, tokens.idToken, tokens.refreshToken];

const loginBody = z.strictObject({ email: z.email(), password: z.string().check(z.minLength(1)) });

async function loadChain() {
  // Lambda proper, so the tracer is on; and everything the environment could switch on, switched on.
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'shop-users-test-login');
  vi.stubEnv('_HANDLER', 'src/handlers/auth/login.handler');
  vi.stubEnv('IS_OFFLINE', '');
  vi.stubEnv('AWS_ENDPOINT_URL', '');
  vi.stubEnv('POWERTOOLS_TRACER_CAPTURE_RESPONSE', 'true');
  vi.stubEnv('POWERTOOLS_TRACER_CAPTURE_ERROR', 'true');
  vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  vi.resetModules();
  const tracer = await (await import('@shop/aws')).loadTracer();
  const { httpRoute, json } = await import('../src/index.ts');
  expect(tracer.isTracingEnabled()).toBe(true);
  return { httpRoute, json, tracer };
}

const loginEvent = () =>
  httpEvent({ method: 'POST', json: { email, password }, headers: { 'User-Agent': 'vitest' } });

/** Every secret that appears in the recorded trace calls or the captured output. */
const leaked = (recorded: string[]) =>
  secrets.filter((secret) => recorded.some((text) => text.includes(secret)));

let output: string[];
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('a login answer', () => {
  it('reaches neither the trace nor any log line, and neither does the password it was sent', async () => {
    const { httpRoute, json, tracer } = await loadChain();
    const trace = recordTraces(tracer);
    const login = httpRoute({ body: loginBody }, async () => json(200, { ...tokens, expiresIn: 3600 }));

    const response = await login(loginEvent(), lambdaContext());

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toMatchObject(tokens);
    // The tracer did run: the handler's subsegment was opened and annotated, then closed.
    expect(trace.facade.subsegments).toHaveLength(1);
    expect(trace.calls).toContainEqual(
      expect.objectContaining({ method: 'addAnnotation', args: ['ColdStart', expect.any(Boolean)] }),
    );
    expect(trace.calls.at(-1)).toMatchObject({ method: 'close' });
    expect(leaked(trace.calls.map(serialized))).toEqual([]);
    expect(leaked(output)).toEqual([]);
  });
});

describe('an error carrying a token and an email', () => {
  it('is answered 500, logged without them, and kept out of the trace', async () => {
    const { httpRoute, tracer } = await loadChain();
    const trace = recordTraces(tracer);
    const login = httpRoute({ body: loginBody }, async () => {
      throw new Error(`identity provider refused ${email} holding ${tokens.accessToken}`, {
        cause: new Error(`The following identities failed the check: ${email}`),
      });
    });

    const response = await login(loginEvent(), lambdaContext());

    expect(response.statusCode).toBe(500);
    expect(trace.facade.subsegments).toHaveLength(1);
    // The failure is still visible as a fault on the handler's subsegment, with nothing of the error in it.
    expect(trace.calls).toContainEqual(expect.objectContaining({ method: 'addFaultFlag' }));
    expect(leaked(trace.calls.map(serialized))).toEqual([]);
    const logged = output.filter((line) => line.includes('Unhandled error'));
    expect(logged).toHaveLength(1);
    // Still useful: the message and its cause are there, the address and the token are not.
    expect(logged[0]).toContain('identity provider refused [email] holding [token]');
    expect(logged[0]).toContain('The following identities failed the check: [email]');
    expect(leaked(output)).toEqual([]);
  });
});
