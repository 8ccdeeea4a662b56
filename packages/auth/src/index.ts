import { defineConfig } from '@shop/config';
import { ForbiddenError, UnauthorizedError } from '@shop/errors';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { type Jwks, SimpleJwksCache } from 'aws-jwt-verify/jwk';
import * as z from 'zod';

export type Role = 'customer' | 'admin';

/** Who is calling, as read from a verified Cognito access token. */
export type Principal = {
  userId: string;
  username: string;
  groups: string[];
  roles: Role[];
};

/** Verifies an `Authorization` header and answers the caller, or throws `UnauthorizedError`. */
export type Authenticate = (authorizationHeader: string | undefined) => Promise<Principal>;

/** The Cognito group whose members are shop admins. */
export const ADMIN_GROUP = 'admin';

/** Reads the user pool from the environment once per cold start. */
export const authConfig = defineConfig(
  z.object({
    USER_POOL_ID: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'Must be a Cognito user pool id'),
    USER_POOL_CLIENT_ID: z.string().min(1),
    // Set only against the emulator; then the JWKS is fetched from it instead of from AWS.
    AWS_ENDPOINT_URL: z.url().optional(),
  }),
);

export type AuthenticatorOptions = {
  userPoolId: string;
  clientId: string;
  /** The emulator's base URL: the pool's JWKS is fetched from `${endpoint}/${userPoolId}/.well-known/jwks.json`. */
  endpoint?: string;
  /** A JWKS to trust instead of fetching one (tests); nothing is ever fetched then. */
  jwks?: Jwks;
};

// One generic answer for every failure, so a caller learns nothing about why a token was refused.
const unauthorized = (cause?: unknown) => new UnauthorizedError(undefined, { cause });

// Cognito's issuer is https://cognito-idp.<region>.amazonaws.com/<poolId>; moto issues exactly that
// too, so the verifier's issuer check stays on; only where the keys come from changes.
const emulatorFetcher = (endpoint: string): Fetcher => ({
  async fetch(uri) {
    const poolPath = new URL(uri).pathname;
    const response = await fetch(new URL(poolPath, endpoint));
    if (!response.ok) throw new Error(`JWKS fetch from the emulator failed: ${response.status}`);
    return response.arrayBuffer();
  },
});

const noFetcher: Fetcher = {
  fetch: async (uri) => {
    throw new Error(`No JWKS fetch allowed (${uri})`);
  },
};

function createVerifier({ userPoolId, clientId, endpoint, jwks }: AuthenticatorOptions) {
  const fetcher = jwks ? noFetcher : endpoint ? emulatorFetcher(endpoint) : undefined;
  const verifier = CognitoJwtVerifier.create(
    { userPoolId, clientId, tokenUse: 'access' },
    fetcher ? { jwksCache: new SimpleJwksCache({ fetcher }) } : undefined,
  );
  if (jwks) verifier.cacheJwks(jwks);
  return verifier;
}

/** Reads the bearer token out of an `Authorization` header, or undefined when there is none. */
export function bearerToken(authorizationHeader: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(
    authorizationHeader ?? '',
  );
  return match?.[1];
}

/** Turns verified access-token claims into the caller: everyone is a customer, the `admin` group adds admin. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const groupsClaim = claims['cognito:groups'];
  const groups = Array.isArray(groupsClaim)
    ? groupsClaim.filter((g): g is string => typeof g === 'string')
    : [];
  const roles: Role[] = groups.includes(ADMIN_GROUP) ? ['customer', 'admin'] : ['customer'];
  if (typeof claims.sub !== 'string' || typeof claims.username !== 'string') throw unauthorized();
  return { userId: claims.sub, username: claims.username, groups, roles };
}

/** Creates an authenticator for one user pool and app client, accepting only their access tokens. */
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const verifier = createVerifier(options);
  return async (authorizationHeader) => {
    const token = bearerToken(authorizationHeader);
    if (!token) throw unauthorized();
    let claims: Record<string, unknown>;
    try {
      claims = await verifier.verify(token);
    } catch (error) {
      throw unauthorized(error);
    }
    return principalFromClaims(claims);
  };
}

// Verifiers hold the JWKS cache, so keep one per pool and client for the life of the Lambda container.
const authenticators = new Map<string, Authenticate>();

/** Verifies the `Authorization: Bearer <access token>` header against the configured user pool. */
export const authenticate: Authenticate = (authorizationHeader) => {
  const config = authConfig();
  const key = `${config.USER_POOL_ID}|${config.USER_POOL_CLIENT_ID}|${config.AWS_ENDPOINT_URL ?? ''}`;
  let authenticator = authenticators.get(key);
  if (!authenticator) {
    authenticator = createAuthenticator({
      userPoolId: config.USER_POOL_ID,
      clientId: config.USER_POOL_CLIENT_ID,
      endpoint: config.AWS_ENDPOINT_URL,
    });
    authenticators.set(key, authenticator);
  }
  return authenticator(authorizationHeader);
};

/** Whether the caller holds the role. */
export const hasRole = (principal: Principal, role: Role): boolean => principal.roles.includes(role);

/** Throws `ForbiddenError` unless the caller holds the role. */
export function requireRole(principal: Principal, role: Role): void {
  if (!hasRole(principal, role)) throw new ForbiddenError();
}
