import { type SignedUp, USERS_SOURCE, userRegistered } from '@shop/contracts';
import { ConflictError, NotFoundError, UnauthorizedError } from '@shop/errors';
import { createEvent, type EventOf } from '@shop/events';
import type { IdentityProvider, SignUpConfirmation, SignUpRequest } from './identity.ts';
import { type NewUser, newProfile, type Profile, type ProfileChanges, type ProfileStore } from './profile.ts';

export type RegistrationDeps = {
  profiles: ProfileStore;
  now?: () => Date;
};

/** The id of a user's one `UserRegistered` event. */
export const userRegisteredEventId = (userId: string): string => `UserRegistered-${userId}`;

/**
 * The `UserRegistered` event of a profile. Its id is derived from the user, so a repeated
 * registration (a retried trigger) publishes the same event and consumers drop the copy.
 */
export function userRegisteredEvent(
  profile: Profile,
  correlationId?: string,
): EventOf<typeof userRegistered> {
  const id = userRegisteredEventId(profile.userId);
  const event = createEvent(
    userRegistered,
    { userId: profile.userId, email: profile.email, name: profile.name },
    { source: USERS_SOURCE, correlationId: correlationId ?? id },
  );
  return { ...event, id };
}

/**
 * What happens when a sign-up is confirmed: the user gets a profile and the other services hear of
 * it (UserRegistered, stored with the profile in one write and published through the outbox). Safe
 * to run again for the same user: the first profile stays and nothing more is announced. Cognito's
 * post-confirmation trigger calls it in AWS; the sign-up route calls it in-process where sign-ups
 * are confirmed at once.
 */
export async function registerUser(user: NewUser, deps: RegistrationDeps, correlationId?: string) {
  const now = deps.now?.() ?? new Date();
  const profile = newProfile(user, now);
  const stored = await deps.profiles.create(profile, userRegisteredEvent(profile, correlationId));
  return stored.profile;
}

/**
 * The caller's profile. A confirmed user without one (in AWS the post-confirmation trigger failed
 * after Cognito had confirmed them, and Cognito does not run it again) is registered now, from the
 * account the access token belongs to, exactly as the trigger would have: profile and UserRegistered.
 */
export async function ownProfile(
  caller: { userId: string; accessToken: string },
  deps: RegistrationDeps & { identity: Pick<IdentityProvider, 'currentUser'> },
  correlationId?: string,
): Promise<Profile> {
  const found = await deps.profiles.find(caller.userId);
  if (found) return found;
  const account = await deps.identity.currentUser(caller.accessToken);
  // The token was verified for this user; an account answering another id is not this caller's.
  if (account.userId !== caller.userId) throw new UnauthorizedError('This token belongs to another account.');
  return registerUser(account, deps, correlationId);
}

/**
 * Applies the caller's changes to their profile. A confirmed user without one (their registration was
 * lost, see `ownProfile`) is registered first, exactly as the trigger would have, and then changed.
 */
export async function changeOwnProfile(
  caller: { userId: string; accessToken: string },
  changes: ProfileChanges,
  deps: RegistrationDeps & { identity: Pick<IdentityProvider, 'currentUser'> },
  correlationId?: string,
): Promise<Profile> {
  const update = () => deps.profiles.update(caller.userId, changes, deps.now?.() ?? new Date());
  const updated = await update();
  if (updated) return updated;
  await ownProfile(caller, deps, correlationId);
  const registered = await update();
  // Only an erasure of this very account, landing between the two writes, takes the profile away again.
  if (!registered) throw new NotFoundError('This account has no profile any more.');
  return registered;
}

export type SignUpDeps = RegistrationDeps & {
  identity: IdentityProvider;
  confirmation: SignUpConfirmation;
};

/**
 * A new account for the email. One that was never confirmed gives way: only the mailbox's owner can
 * confirm, so an unconfirmed sign-up (a stranger's, or the owner's own forgotten one) must not block
 * the address for ever. It is deleted and the sign-up starts afresh with this password and a new code;
 * resending the old code instead would confirm the earlier sign-up's password. A confirmed account
 * keeps the email (409).
 */
async function createAccount(request: SignUpRequest, identity: IdentityProvider) {
  try {
    return await identity.signUp(request);
  } catch (error) {
    if (!(error instanceof ConflictError) || !(await identity.removeUnconfirmed(request.email))) throw error;
  }
  return identity.signUp(request);
}

/** Signs a user up; where sign-ups are confirmed at once, also confirms and registers them. */
export async function signUp(
  request: SignUpRequest,
  deps: SignUpDeps,
  correlationId?: string,
): Promise<SignedUp> {
  const { userId, confirmed } = await createAccount(request, deps.identity);
  if (deps.confirmation === 'email') return { userId, email: request.email, confirmed };
  if (!confirmed) await deps.identity.confirmWithoutCode(request.email);
  await registerUser({ userId, email: request.email, name: request.name }, deps, correlationId);
  return { userId, email: request.email, confirmed: true };
}

/**
 * Redeems an emailed confirmation code. Where sign-ups are confirmed at once there is nothing to
 * redeem: every well-formed request gets the same answer, whoever's email it names.
 */
export async function confirmSignUp(
  request: { email: string; code: string },
  deps: { identity: Pick<IdentityProvider, 'confirm'>; confirmation: SignUpConfirmation },
): Promise<void> {
  if (deps.confirmation === 'immediate') return;
  await deps.identity.confirm(request.email, request.code);
}
