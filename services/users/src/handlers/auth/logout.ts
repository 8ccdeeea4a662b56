import { httpRoute, noContent } from '@shop/middleware';
import * as z from 'zod';
import { identity } from '../../wiring.ts';

export const logOutBody = z.object({ refreshToken: z.string().min(1).max(8192) }).strict();

/**
 * POST /auth/logout: 204; the refresh token is revoked, so it refreshes nothing any more. Logging out
 * twice, or with a token that is not (or no longer) valid, answers the same 204: it tells nothing.
 * Access tokens already issued stay valid until they expire (JWTs are checked without Cognito).
 */
export const handler = httpRoute({ body: logOutBody }, async ({ body }) => {
  await identity().provider.logOut(body.refreshToken);
  return noContent();
});
