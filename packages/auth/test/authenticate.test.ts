import { ForbiddenError, UnauthorizedError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import {
  administers,
  authConfig,
  createAuthenticator,
  jwksEndpoint,
  principalFromClaims,
  requireRole,
  requireStoreAdmin,
  storeAdminGroup,
} from '../src/index.ts';
import { createTokenFactory, tamperPayload, unsignedCopy } from './token-factory.ts';

// Unit tests: a key pair of our own stands in for the pool's keys, so no network is touched.
const userPoolId = 'us-east-1_UnitTestPool';
const clientId = 'unit-test-client';
const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
const tokens = createTokenFactory();
const authenticate = createAuthenticator({ userPoolId, clientId, jwks: tokens.jwks });
const now = () => Math.floor(Date.now() / 1000);

const accessClaims = (changes: Record<string, unknown> = {}) => ({
  iss: issuer,
  sub: 'user-1',
  client_id: clientId,
  token_use: 'access',
  username: 'ada@example.com',
  'cognito:groups': ['admin'],
  iat: now(),
  exp: now() + 3600,
  ...changes,
});

async function failureOf(header: string | undefined): Promise<UnauthorizedError> {
  const error = await authenticate(header).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return error as UnauthorizedError;
}

describe('createAuthenticator', () => {
  it('accepts a valid access token and answers the caller with roles from groups', async () => {
    const principal = await authenticate(`Bearer ${tokens.sign(accessClaims())}`);
    expect(principal).toEqual({
      userId: 'user-1',
      username: 'ada@example.com',
      groups: ['admin'],
      roles: ['customer', 'admin'],
    });
  });

  it('makes every user without the admin group a plain customer', async () => {
    const principal = await authenticate(
      `bearer ${tokens.sign(accessClaims({ 'cognito:groups': undefined }))}`,
    );
    expect(principal.roles).toEqual(['customer']);
  });

  const valid = tokens.sign(accessClaims());
  // The third column is the verifier's own reason (the error's cause), so each row fails for the reason it names.
  const rejected: Array<[string, string | undefined, string | undefined]> = [
    ['a missing header', undefined, undefined],
    ['an empty header', '', undefined],
    ['another scheme', `Basic ${valid}`, undefined],
    ['a token that is no JWT', 'Bearer not-a-token', undefined],
    [
      'an expired token',
      `Bearer ${tokens.sign(accessClaims({ iat: now() - 7200, exp: now() - 3600 }))}`,
      'JwtExpiredError',
    ],
    [
      'an ID token',
      `Bearer ${tokens.sign(accessClaims({ token_use: 'id', aud: clientId, client_id: undefined }))}`,
      'CognitoJwtInvalidTokenUseError',
    ],
    [
      'a token of another app client',
      `Bearer ${tokens.sign(accessClaims({ client_id: 'other-client' }))}`,
      'CognitoJwtInvalidClientIdError',
    ],
    [
      'a token of another user pool',
      `Bearer ${tokens.sign(accessClaims({ iss: `${issuer}x` }))}`,
      'ParameterValidationError',
    ],
    [
      'a token with a tampered payload',
      `Bearer ${tamperPayload(valid, { sub: 'someone-else' })}`,
      'JwtInvalidSignatureError',
    ],
    [
      'a token signed by another key',
      `Bearer ${createTokenFactory().sign(accessClaims())}`,
      'JwtInvalidSignatureError',
    ],
    ['an unsigned alg:none token', `Bearer ${unsignedCopy(valid)}`, 'JwtParseError'],
    [
      'an alg:none token with a signature',
      `Bearer ${unsignedCopy(valid)}${valid.split('.')[2]}`,
      'JwtInvalidSignatureAlgorithmError',
    ],
  ];

  it.each(rejected)('rejects %s with the one generic 401', async (_, header, reason) => {
    const error = await failureOf(header);
    expect(error.status).toBe(401);
    expect(error.detail).toBe(new UnauthorizedError().detail);
    expect((error.cause as Error | undefined)?.constructor.name).toBe(reason);
  });
});

describe('requireRole', () => {
  it('lets an admin through and forbids a customer', () => {
    const admin = principalFromClaims({ sub: 'a', username: 'a', 'cognito:groups': ['admin'] });
    const customer = principalFromClaims({ sub: 'c', username: 'c' });
    expect(() => requireRole(admin, 'admin')).not.toThrow();
    expect(() => requireRole(customer, 'customer')).not.toThrow();
    expect(() => requireRole(customer, 'admin')).toThrow(ForbiddenError);
  });
});

describe('admin sessions', () => {
  const issuedAgo = (seconds: number, groups?: string[]) =>
    `Bearer ${tokens.sign(accessClaims({ iat: now() - seconds, exp: now() - seconds + 3600, 'cognito:groups': groups }))}`;

  it('accepts an admin token younger than 15 minutes', async () => {
    expect((await authenticate(issuedAgo(14 * 60, ['admin']))).roles).toEqual(['customer', 'admin']);
    expect((await authenticate(issuedAgo(15 * 60 - 5, ['admin']))).roles).toContain('admin');
  });

  it('refuses an older admin token with a 401 that says to refresh', async () => {
    const error = await failureOf(issuedAgo(15 * 60 + 2, ['admin']));
    expect(error.detail).toBe('Admin sessions last 15 minutes; refresh the token.');
    expect((error.cause as Error).name).toBe('AdminSessionExpiredError');
  });

  it('refuses an admin token without iat, whose age cannot be known', async () => {
    const error = await failureOf(`Bearer ${tokens.sign(accessClaims({ iat: undefined }))}`);
    expect(error.detail).toMatch(/^Admin sessions last/);
  });

  it("keeps Cognito's lifetime for customer tokens", async () => {
    expect((await authenticate(issuedAgo(50 * 60))).roles).toEqual(['customer']);
    expect((await authenticate(issuedAgo(50 * 60, ['other-group']))).roles).toEqual(['customer']);
  });

  it("gives a store's admins the same short session", async () => {
    const group = storeAdminGroup('berlin');
    expect((await authenticate(issuedAgo(14 * 60, [group]))).groups).toEqual(['store-admin-berlin']);
    expect((await failureOf(issuedAgo(15 * 60 + 2, [group]))).detail).toMatch(/^Admin sessions last/);
  });

  it('takes the admin session length from the option', async () => {
    const strict = createAuthenticator({ userPoolId, clientId, jwks: tokens.jwks, adminMaxAgeSeconds: 90 });
    await expect(strict(issuedAgo(60, ['admin']))).resolves.toMatchObject({ roles: ['customer', 'admin'] });
    await expect(strict(issuedAgo(120, ['admin']))).rejects.toMatchObject({
      status: 401,
      detail: 'Admin sessions last 90 seconds; refresh the token.',
    });
  });
});

describe('authConfig', () => {
  const pool = { USER_POOL_ID: userPoolId, USER_POOL_CLIENT_ID: clientId };

  it('gives admin sessions 15 minutes unless ADMIN_TOKEN_MAX_AGE_SECONDS says otherwise', () => {
    expect(authConfig(pool).ADMIN_TOKEN_MAX_AGE_SECONDS).toBe(900);
    expect(authConfig({ ...pool, ADMIN_TOKEN_MAX_AGE_SECONDS: '300' }).ADMIN_TOKEN_MAX_AGE_SECONDS).toBe(300);
  });

  it.each(['0', '-5', 'soon', '1.5', '100000'])('refuses ADMIN_TOKEN_MAX_AGE_SECONDS=%s', (value) => {
    expect(() => authConfig({ ...pool, ADMIN_TOKEN_MAX_AGE_SECONDS: value })).toThrow(
      /ADMIN_TOKEN_MAX_AGE_SECONDS: invalid/,
    );
  });
});

describe('jwksEndpoint', () => {
  const endpoint = 'http://127.0.0.1:5000';

  it('trusts the emulator only in the local stage with its endpoint set', () => {
    expect(jwksEndpoint({ STAGE: 'local', AWS_ENDPOINT_URL: endpoint })).toBe(endpoint);
  });

  it.each([
    ['dev', endpoint],
    ['prod', endpoint],
    ['alice', endpoint],
    [undefined, endpoint],
    ['local', undefined],
  ])('takes the keys from Cognito in AWS in stage %s with endpoint %s', (STAGE, AWS_ENDPOINT_URL) => {
    expect(jwksEndpoint({ STAGE, AWS_ENDPOINT_URL })).toBeUndefined();
  });
});

describe('store admins', () => {
  const principal = (groups: string[]) => principalFromClaims(accessClaims({ 'cognito:groups': groups }));

  it('lets the admin group administer every store and a store group only its own', () => {
    expect(administers(principal(['admin']), 'berlin')).toBe(true);
    expect(administers(principal(['store-admin-berlin']), 'berlin')).toBe(true);
    expect(administers(principal(['store-admin-berlin']), 'main')).toBe(false);
    // A group whose name merely starts like another store's is not that store's.
    expect(administers(principal(['store-admin-berlin-east']), 'berlin')).toBe(false);
    expect(administers(principal([]), 'main')).toBe(false);
  });

  it('forbids a store admin in another store, and never makes them a platform admin', () => {
    const berlinAdmin = principal(['store-admin-berlin']);
    expect(() => requireStoreAdmin(berlinAdmin, 'main')).toThrow(ForbiddenError);
    expect(() => requireStoreAdmin(berlinAdmin, 'berlin')).not.toThrow();
    expect(() => requireRole(berlinAdmin, 'admin')).toThrow(ForbiddenError);
  });
});
