import { NotFoundError } from '@shop/errors';
import { httpRoute, json } from '@shop/middleware';
import { profileChanges } from '../../domain/profile.ts';
import { profiles } from '../../wiring.ts';

/** PUT /users/me: changes the caller's name and addresses; any other field is a 400 and changes nothing. */
export const handler = httpRoute({ auth: 'customer', body: profileChanges }, async ({ principal, body }) => {
  const updated = await profiles().update(principal.userId, body, new Date());
  if (!updated)
    throw new NotFoundError('You have no profile yet; it is created when your sign-up is confirmed.');
  return json(200, updated);
});
