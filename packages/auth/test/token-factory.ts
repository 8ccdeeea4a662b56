import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';

/** A key pair of our own, served to the verifier as the pool's JWKS, so tests can mint any token. */
export function createTokenFactory(kid = 'test-key') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] } as Jwks;
  return {
    jwks,
    sign: (
      payload: Record<string, unknown>,
      header: Record<string, unknown> = {},
      key: KeyObject = privateKey,
    ) => signJwt({ alg: 'RS256', typ: 'JWT', kid, ...header }, payload, key),
  };
}

const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');

/** Signs a JWT with RS256, or leaves it unsigned for `alg: none`. */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const signingInput = `${encode(header)}.${encode(payload)}`;
  if (header.alg === 'none') return `${signingInput}.`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
}

/** Swaps the payload of a signed token, keeping its header and signature. */
export function tamperPayload(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
  return `${header}.${encode({ ...claims, ...changes })}.${signature}`;
}

/** Rewrites a token's header to `alg: none` (keeping its `kid`) and drops the signature. */
export function unsignedCopy(token: string): string {
  const [header, payload] = token.split('.');
  const fields = JSON.parse(Buffer.from(header ?? '', 'base64url').toString());
  return `${encode({ ...fields, alg: 'none' })}.${payload}.`;
}
