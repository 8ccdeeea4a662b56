import { USERS_SOURCE, userErased } from '@shop/contracts';
import { createEvent, type EventOf } from '@shop/events';
import type { IdentityProvider } from './identity.ts';
import type { ProfileStore } from './profile.ts';
import { userRegisteredEventId } from './registration.ts';

/** The `UserErased` event of a user; its id is derived from the user, so a repeat is the same event. */
export function userErasedEvent(userId: string, correlationId?: string): EventOf<typeof userErased> {
  const id = `UserErased-${userId}`;
  const event = createEvent(
    userErased,
    { userId },
    { source: USERS_SOURCE, correlationId: correlationId ?? id },
  );
  return { ...event, id };
}

export type ErasureDeps = {
  identity: Pick<IdentityProvider, 'deleteAccount'>;
  profiles: Pick<ProfileStore, 'erase'>;
};

/**
 * Erases the caller's account at their request, in an order that a retry always finishes and after
 * which nothing comes back:
 * 1. the Cognito account (no login, no new tokens). First, because while it exists the first
 *    GET /users/me would register a deleted profile again (`ownProfile`); gone already counts as done;
 * 2. in one write, the profile, the UserRegistered still in the outbox (it carries email and name) and
 *    the `UserErased` event, through which every other service erases what it holds of the person.
 * A repeat finds the account gone and the event stored, and changes nothing.
 */
export async function eraseAccount(
  caller: { userId: string; accessToken: string },
  deps: ErasureDeps,
  correlationId?: string,
): Promise<{ erased: boolean }> {
  await deps.identity.deleteAccount(caller);
  return deps.profiles.erase(caller.userId, userErasedEvent(caller.userId, correlationId), {
    forgetEvents: [userRegisteredEventId(caller.userId)],
  });
}
