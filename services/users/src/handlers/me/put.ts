import { bearerToken } from '@shop/auth';
import { profileChanges } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { changeOwnProfile } from '../../domain/registration.ts';
import { identity, registration } from '../../wiring.ts';

/**
 * PUT /users/me: changes the caller's name and addresses; any other field is a 400 and changes nothing.
 * A confirmed account whose registration was lost gets its profile first (`changeOwnProfile`).
 */
export const handler = httpRoute(
  { auth: 'customer', body: profileChanges },
  async ({ principal, body, event, correlationId }) => {
    const caller = { userId: principal.userId, accessToken: bearerToken(event.headers.authorization) ?? '' };
    const deps = { ...registration(), identity: identity().provider };
    return json(200, await changeOwnProfile(caller, body, deps, correlationId));
  },
);
