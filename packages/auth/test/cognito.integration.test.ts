import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { toProblem, UnauthorizedError } from '@shop/errors';
import { type TestUserPool, testUserPool, useEmulator } from '@shop/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate, createAuthenticator } from '../src/index.ts';
import { tamperPayload, unsignedCopy } from './token-factory.ts';

// Against moto: real Cognito-shaped tokens, signed by moto, verified with the JWKS moto serves.
let endpoint: string;
let pool: TestUserPool;
let otherClientId: string;

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return toProblem(error);
}

beforeAll(async () => {
  endpoint = useEmulator();
  pool = await testUserPool('auth');
  otherClientId = await pool.createClient('other-app');
  await pool.createUser('customer@example.com');
  await pool.createUser('admin@example.com', ['admin']);
  // `authenticate` reads these once, as a Lambda would at cold start (STAGE=local comes with useEmulator).
  Object.assign(process.env, { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const issuedAt = (token: string): number =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).iat as number;

describe('authenticate against the emulated user pool', () => {
  it('accepts a customer access token', async () => {
    const { token: accessToken } = await pool.logIn('customer@example.com');
    const principal = await authenticate(`Bearer ${accessToken}`);
    expect(principal).toMatchObject({ username: 'customer@example.com', groups: [], roles: ['customer'] });
    expect(principal.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives members of the admin group the admin role', async () => {
    const { token: accessToken } = await pool.logIn('admin@example.com');
    const principal = await authenticate(`Bearer ${accessToken}`);
    expect(principal.roles).toEqual(['customer', 'admin']);
  });

  it('refuses every forged, misused or missing token with one identical problem', async () => {
    const { token: accessToken, idToken } = await pool.logIn('customer@example.com');
    const { token: otherClientToken } = await pool.logIn('customer@example.com', otherClientId);
    const problems = await Promise.all(
      [
        `Bearer ${idToken}`,
        `Bearer ${otherClientToken}`,
        `Bearer ${tamperPayload(accessToken, { sub: 'someone-else' })}`,
        `Bearer ${tamperPayload(accessToken, { 'cognito:groups': ['admin'] })}`,
        `Bearer ${unsignedCopy(accessToken)}`,
        `Bearer ${unsignedCopy(accessToken)}${accessToken.split('.')[2]}`,
        accessToken,
        'Bearer',
        undefined,
      ].map((header) => problemOf(authenticate(header))),
    );
    expect(new Set(problems.map((problem) => JSON.stringify(problem))).size).toBe(1);
    expect(problems[0]).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('refuses a token of another user pool, although moto signs every pool with the same key', async () => {
    const { userPoolId: otherPoolId } = await testUserPool('other-pool');
    const otherAuthenticate = createAuthenticator({
      userPoolId: otherPoolId,
      clientId: pool.clientId,
      endpoint,
    });
    const { token: accessToken } = await pool.logIn('customer@example.com');
    const error = await otherAuthenticate(`Bearer ${accessToken}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnauthorizedError);
  });
});

describe('admin sessions with emulator-issued tokens', () => {
  it('refuses an admin token 15 minutes after it was issued, and a fresh one works again', async () => {
    const { token } = await pool.logIn('admin@example.com');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((issuedAt(token) + 14 * 60) * 1000);
    expect((await authenticate(`Bearer ${token}`)).roles).toEqual(['customer', 'admin']);

    vi.setSystemTime((issuedAt(token) + 15 * 60 + 1) * 1000);
    const problem = await problemOf(authenticate(`Bearer ${token}`));
    expect(problem).toMatchObject({
      status: 401,
      detail: 'Admin sessions last 15 minutes; refresh the token.',
    });

    vi.useRealTimers();
    const { token: fresh } = await pool.logIn('admin@example.com');
    expect((await authenticate(`Bearer ${fresh}`)).roles).toContain('admin');
  });

  it("accepts a customer token for Cognito's whole hour", async () => {
    const { token } = await pool.logIn('customer@example.com');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((issuedAt(token) + 59 * 60) * 1000);
    expect((await authenticate(`Bearer ${token}`)).roles).toEqual(['customer']);
  });
});

describe('where the keys come from', () => {
  /** Replaces node's https.request (which aws-jwt-verify fetches AWS's JWKS with) by one that records and fails. */
  async function withoutInternet<T>(run: (requested: string[]) => Promise<T>): Promise<T> {
    const original = https.request;
    const requested: string[] = [];
    https.request = ((uri: unknown) => {
      requested.push(String(uri));
      throw new Error('no internet in tests');
    }) as typeof https.request;
    syncBuiltinESMExports();
    try {
      return await run(requested);
    } finally {
      https.request = original;
      syncBuiltinESMExports();
    }
  }

  it.each(['dev', 'prod'])(
    'in stage %s, asks Cognito in AWS and never the emulator, though AWS_ENDPOINT_URL is set',
    async (stage) => {
      const { token } = await pool.logIn('customer@example.com');
      vi.stubEnv('STAGE', stage);
      vi.resetModules();
      const deployed = await import('../src/index.ts');
      const fetched = vi.spyOn(globalThis, 'fetch');

      const requested = await withoutInternet(async (requested) => {
        // A fresh module graph has its own error classes, so the refusal is known by its name and status.
        await expect(deployed.authenticate(`Bearer ${token}`)).rejects.toMatchObject({
          name: 'UnauthorizedError',
          status: 401,
        });
        return requested;
      });

      expect(requested[0]).toBe(
        `https://cognito-idp.us-east-1.amazonaws.com/${pool.userPoolId}/.well-known/jwks.json`,
      );
      expect(fetched).not.toHaveBeenCalled();
      fetched.mockRestore();
    },
  );

  it('in the local stage, verifies with the keys the emulator serves', async () => {
    const { token } = await pool.logIn('customer@example.com');
    vi.resetModules();
    const local = await import('../src/index.ts');
    const requested = await withoutInternet(async (requested) => {
      await expect(local.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ roles: ['customer'] });
      return requested;
    });
    expect(requested).toEqual([]);
  });
});
