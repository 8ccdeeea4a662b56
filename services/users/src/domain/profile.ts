import { displayName, type Profile, type ProfileChanges } from '@shop/contracts';
import type { EventEnvelope } from '@shop/events';

// The profile and its changes are the HTTP contract's (`@shop/contracts`); the rules are here.
export type { Profile, ProfileChanges };

/** Who a confirmed sign-up is, as Cognito tells it. */
export type NewUser = { userId: string; email: string; name?: string | undefined };

/**
 * The name a new profile starts with: the sign-up's, if it is a valid display name, else the email's
 * local part. The name can reach the pool without this API (clients may sign up with Cognito
 * directly), so it is checked here too; `refused` says why a given name was not taken (never the name).
 */
export function newProfileName(user: NewUser): { name: string; refused?: string } {
  const fallback = (user.email.toLowerCase().split('@')[0] || user.email).slice(0, 100);
  if (user.name === undefined || user.name.trim() === '') return { name: fallback };
  const checked = displayName.safeParse(user.name);
  if (checked.success) return { name: checked.data };
  return { name: fallback, refused: checked.error.issues.map((issue) => issue.code).join(', ') };
}

/** The first profile of a newly confirmed user (named by `newProfileName`). */
export function newProfile(user: NewUser, now: Date): Profile {
  const email = user.email.toLowerCase();
  return {
    userId: user.userId,
    email,
    name: newProfileName(user).name,
    addresses: [],
    createdAt: now.toISOString(),
  };
}

/** Profiles, one per user, keyed by the Cognito `sub`. */
export interface ProfileStore {
  /**
   * Stores the profile together with the event that announces it (all or nothing, so the event can
   * never be lost), unless the user already has one: then nothing is written. Answers the stored one.
   */
  create(profile: Profile, announcement: EventEnvelope): Promise<{ profile: Profile; created: boolean }>;
  find(userId: string): Promise<Profile | undefined>;
  /** Applies the changes to an existing profile; undefined when the user has none. */
  update(userId: string, changes: ProfileChanges, now: Date): Promise<Profile | undefined>;
  /**
   * Deletes the profile and, in the same write, stores the event that announces the erasure and
   * forgets the outbox entries named (earlier events carrying the person's data). Answers
   * `erased: false`, writing nothing, when that announcement was stored before (a repeated erasure).
   */
  erase(
    userId: string,
    announcement: EventEnvelope,
    options: { forgetEvents: readonly string[] },
  ): Promise<{ erased: boolean }>;
  list(query: { limit: number; cursor?: string | undefined }): Promise<{
    items: Profile[];
    nextCursor: string | null;
  }>;
}
