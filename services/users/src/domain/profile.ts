import type { EventEnvelope } from '@shop/events';
import { address } from '@shop/validation';
import * as z from 'zod';

// Names are shown on pages and written into emails: no control characters, line or paragraph
// separators, or text-direction overrides (which can make a name read as something else).
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A display name as a user types it. */
export const displayName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !UNPRINTABLE.test(name), 'Must not contain control characters');

/** An email address, compared and stored in lower case (the pool's usernames are case-insensitive). */
export const emailAddress = z.string().trim().max(254).toLowerCase().pipe(z.email());

/** How many addresses one profile keeps. */
export const MAX_ADDRESSES = 10;

/** A user's profile as the API shows it. */
export const profile = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  addresses: z.array(address),
  createdAt: z.string(),
});
export type Profile = z.infer<typeof profile>;

/** What a user may change about themselves; anything else (`userId`, `email`, `groups`) is refused. */
export const profileChanges = z
  .object({
    name: displayName.optional(),
    addresses: z.array(address).max(MAX_ADDRESSES).optional(),
  })
  .strict();
export type ProfileChanges = z.infer<typeof profileChanges>;

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
