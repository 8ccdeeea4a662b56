import { bearerToken } from '@shop/auth';
import { logger } from '@shop/aws';
import { httpRoute, noContent } from '@shop/middleware';
import { eraseAccount } from '../../domain/erasure.ts';
import { identity, preloadCognito, profiles } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadCognito();

/**
 * DELETE /users/me: erases the caller's account and profile, and through `UserErased` their data in
 * every service (`eraseAccount`). 204, also when it was erased before (a retry finishes the rest).
 */
export const handler = httpRoute({ auth: 'customer' }, async ({ principal, event, correlationId }) => {
  const caller = { userId: principal.userId, accessToken: bearerToken(event.headers.authorization) ?? '' };
  const { erased } = await eraseAccount(
    caller,
    { identity: identity().provider, profiles: profiles() },
    correlationId,
  );
  logger.info(erased ? 'Account erased' : 'Account was erased before', { userId: principal.userId });
  return noContent();
});
