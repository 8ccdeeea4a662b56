import { toProblem, UnauthorizedError } from '@shop/errors';
import { type TestUserPool, testUserPool, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
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
  // `authenticate` reads these once, as a Lambda would at cold start.
  Object.assign(process.env, { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId });
});

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
