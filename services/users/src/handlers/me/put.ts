import { bearerToken } from '@shop/auth';
import { profileChanges } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { ownProfile } from '../../domain/registration.ts';
import { identity, profiles, registration } from '../../wiring.ts';

/** PUT /users/me: changes the caller's name and addresses; any other field is a 400 and changes nothing. */
export const handler = httpRoute(
  { auth: 'customer', body: profileChanges },
  async ({ principal, body, event, correlationId }) => {
    const update = () => profiles().update(principal.userId, body, new Date());
    const updated = await update();
    if (updated) return json(200, updated);
    // No profile yet: a confirmed account whose registration was lost gets it first (`ownProfile`).
    const caller = { userId: principal.userId, accessToken: bearerToken(event.headers.authorization) ?? '' };
    await ownProfile(caller, { ...registration(), identity: identity().provider }, correlationId);
    return json(200, await update());
  },
);
