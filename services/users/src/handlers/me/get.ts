import { NotFoundError } from '@shop/errors';
import { httpRoute, json } from '@shop/middleware';
import { profiles } from '../../wiring.ts';

/** GET /users/me: the caller's own profile; the id comes from the verified token, never from the request. */
export const handler = httpRoute({ auth: 'customer' }, async ({ principal }) => {
  const found = await profiles().find(principal.userId);
  if (!found)
    throw new NotFoundError('You have no profile yet; it is created when your sign-up is confirmed.');
  return json(200, found);
});
