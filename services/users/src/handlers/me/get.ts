import { bearerToken } from '@shop/auth';
import { httpRoute, json } from '@shop/middleware';
import { ownProfile } from '../../domain/registration.ts';
import { identity, registration } from '../../wiring.ts';

/**
 * GET /users/me: the caller's own profile; the id comes from the verified token, never from the
 * request. A confirmed account whose registration was lost gets its profile now (`ownProfile`).
 */
export const handler = httpRoute({ auth: 'customer' }, async ({ principal, event, correlationId }) => {
  const accessToken = bearerToken(event.headers.authorization) ?? '';
  const caller = { userId: principal.userId, accessToken };
  return json(
    200,
    await ownProfile(caller, { ...registration(), identity: identity().provider }, correlationId),
  );
});
