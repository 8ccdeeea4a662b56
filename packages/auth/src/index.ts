import { defineConfig } from '@shop/config';
import { ForbiddenError, UnauthorizedError } from '@shop/errors';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { type Jwks, SimpleJwksCache } from 'aws-jwt-verify/jwk';
import * as z from 'zod/mini';

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

/** The prefix of the Cognito group of each store's admins (`store-admin-<storeId>`). */
export const STORE_ADMIN_GROUP_PREFIX = 'store-admin-';

/** The Cognito group whose members administer that one store (created with the store). */
export const storeAdminGroup = (storeId: string): string => `${STORE_ADMIN_GROUP_PREFIX}${storeId}`;

/** How long an access token of the `admin` group is accepted after it was issued, unless configured. */
export const DEFAULT_ADMIN_TOKEN_MAX_AGE_SECONDS = 15 * 60;

/** Reads the user pool from the environment once per cold start. */
export const authConfig = defineConfig(
  z.object({
    USER_POOL_ID: z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'Must be a Cognito user pool id')),
    USER_POOL_CLIENT_ID: z.string().check(z.minLength(1)),
    // Every service sets it (provider.environment); `local` for npm start and the tests.
    STAGE: z.optional(z.string()),
    // Set against the emulator; trusted as the source of keys only in the local stage (see jwksEndpoint).
    AWS_ENDPOINT_URL: z.optional(z.url()),
    ADMIN_TOKEN_MAX_AGE_SECONDS: z._default(
      z.coerce.number().check(z.int(), z.positive(), z.maximum(24 * 60 * 60)),
      DEFAULT_ADMIN_TOKEN_MAX_AGE_SECONDS,
    ),
  }),
);

/**
 * Where the pool's signing keys come from: the emulator only when the stage is `local` and its endpoint
 * is set; in any other stage Cognito in AWS, whatever AWS_ENDPOINT_URL says, so a deployed function with
 * a stray endpoint never trusts keys from elsewhere.
 */
export function jwksEndpoint(config: { STAGE?: string | undefined; AWS_ENDPOINT_URL?: string | undefined }) {
  return config.STAGE === 'local' && config.AWS_ENDPOINT_URL ? config.AWS_ENDPOINT_URL : undefined;
}

export type AuthenticatorOptions = {
  userPoolId: string;
  clientId: string;
  /** The emulator's base URL: the pool's JWKS is fetched from `${endpoint}/${userPoolId}/.well-known/jwks.json`. */
  endpoint?: string | undefined;
  /** A JWKS to trust instead of fetching one (tests); nothing is ever fetched then. */
  jwks?: Jwks;
  /** Seconds an `admin` access token is accepted after its `iat`; default 15 minutes. */
  adminMaxAgeSeconds?: number;
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

/** The reason, for the logs, that a valid admin token was refused. */
export class AdminSessionExpiredError extends Error {
  constructor(ageSeconds: number | undefined) {
    super(
      ageSeconds === undefined ? 'Admin access token without iat' : `Admin access token ${ageSeconds} s old`,
    );
    this.name = 'AdminSessionExpiredError';
  }
}

const lasting = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`);

/**
 * Admin tokens are the keys to every customer's data: one is accepted only while younger than the
 * admin session (15 minutes unless configured), counted from its `iat`, so the client must refresh it.
 * The 401 says so; customer tokens keep Cognito's lifetime.
 */
function requireFreshAdminSession(principal: Principal, claims: Record<string, unknown>, maxAge: number) {
  // A store's admins hold the keys to that store's customers: the same short session.
  const administersAny = principal.groups.some(
    (group) => group === ADMIN_GROUP || group.startsWith(STORE_ADMIN_GROUP_PREFIX),
  );
  if (!administersAny) return;
  const age = typeof claims.iat === 'number' ? Math.floor(Date.now() / 1000 - claims.iat) : undefined;
  if (age !== undefined && age <= maxAge) return;
  throw new UnauthorizedError(`Admin sessions last ${lasting(maxAge)}; refresh the token.`, {
    cause: new AdminSessionExpiredError(age),
  });
}

/** Creates an authenticator for one user pool and app client, accepting only their access tokens. */
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const verifier = createVerifier(options);
  const adminMaxAge = options.adminMaxAgeSeconds ?? DEFAULT_ADMIN_TOKEN_MAX_AGE_SECONDS;
  return async (authorizationHeader) => {
    const token = bearerToken(authorizationHeader);
    if (!token) throw unauthorized();
    let claims: Record<string, unknown>;
    try {
      claims = await verifier.verify(token);
    } catch (error) {
      throw unauthorized(error);
    }
    const principal = principalFromClaims(claims);
    requireFreshAdminSession(principal, claims, adminMaxAge);
    return principal;
  };
}

// Verifiers hold the JWKS cache, so keep one per pool and client for the life of the Lambda container.
const authenticators = new Map<string, Authenticate>();

/** Verifies the `Authorization: Bearer <access token>` header against the configured user pool. */
export const authenticate: Authenticate = (authorizationHeader) => {
  const config = authConfig();
  const endpoint = jwksEndpoint(config);
  const key = `${config.USER_POOL_ID}|${config.USER_POOL_CLIENT_ID}|${endpoint ?? ''}`;
  let authenticator = authenticators.get(key);
  if (!authenticator) {
    authenticator = createAuthenticator({
      userPoolId: config.USER_POOL_ID,
      clientId: config.USER_POOL_CLIENT_ID,
      endpoint,
      adminMaxAgeSeconds: config.ADMIN_TOKEN_MAX_AGE_SECONDS,
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

/** Whether the caller administers the store: the `admin` group administers every store, a store's group only that one. */
export const administers = (principal: Principal, storeId: string): boolean =>
  principal.groups.includes(ADMIN_GROUP) || principal.groups.includes(storeAdminGroup(storeId));

/** Throws `ForbiddenError` unless the caller administers the store. */
export function requireStoreAdmin(principal: Principal, storeId: string): void {
  if (!administers(principal, storeId)) throw new ForbiddenError();
}
