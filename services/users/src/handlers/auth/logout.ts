import { logOutBody } from '@shop/contracts';
import { httpRoute, noContent } from '@shop/middleware';
import { identity, preloadCognito } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadCognito();

/**
 * POST /auth/logout: 204; the refresh token is revoked, so it refreshes nothing any more. Logging out
 * twice, or with a token that is not (or no longer) valid, answers the same 204: it tells nothing.
 * Access tokens already issued stay valid until they expire (JWTs are checked without Cognito).
 */
export const handler = httpRoute({ body: logOutBody }, async ({ body }) => {
  await identity().provider.logOut(body.refreshToken);
  return noContent();
});
