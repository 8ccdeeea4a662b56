import { refreshBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { identity, preloadCognito } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadCognito();

/**
 * POST /auth/refresh: 200 `{ accessToken, idToken, refreshToken, expiresIn }`, where `refreshToken`
 * replaces the one sent (it rotates; the old one works a few seconds more, for retries); 401 for an
 * invalid, rotated-out or revoked refresh token.
 */
export const handler = httpRoute({ body: refreshBody }, async ({ body }) =>
  json(200, await identity().provider.refresh(body.refreshToken)),
);
