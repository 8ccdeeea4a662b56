import { address, paginationQuery } from '@shop/validation';
import * as z from 'zod';
import { page, timestamp, userId } from './common.ts';

// The users service's routes: sign-up and sessions (a façade over Cognito) and profiles.

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

/**
 * An email address, compared and stored in lower case (the pool's usernames are case-insensitive).
 * Documented as `format: email`, which the pipe checks once the address is trimmed and lowered.
 */
export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .meta({ format: 'email' })
  .toLowerCase()
  .pipe(z.email());

// Cognito's own bounds on a password; the pool's policy is checked by Cognito and explained on refusal.
const password = z.string().min(1).max(256);
/** A refresh token as Cognito issues it. */
const refreshToken = z.string().min(1).max(8192);

/** How many addresses one profile keeps. */
export const MAX_ADDRESSES = 10;

/** POST /auth/signup body. */
export const signUpBody = z.object({ email: emailAddress, password, name: displayName }).strict();
export type SignUpBody = z.infer<typeof signUpBody>;

/** POST /auth/confirm body: the code Cognito emailed. */
export const confirmBody = z.object({ email: emailAddress, code: z.string().trim().min(1).max(64) }).strict();
export type ConfirmBody = z.infer<typeof confirmBody>;

/** POST /auth/login body. */
export const logInBody = z.object({ email: emailAddress, password }).strict();
export type LogInBody = z.infer<typeof logInBody>;

/** POST /auth/refresh body. */
export const refreshBody = z.object({ refreshToken }).strict();
export type RefreshBody = z.infer<typeof refreshBody>;

/** POST /auth/logout body. */
export const logOutBody = z.object({ refreshToken }).strict();
export type LogOutBody = z.infer<typeof logOutBody>;

/** What a user may change about themselves; anything else (`userId`, `email`, `groups`) is refused. */
export const profileChanges = z
  .object({
    name: displayName.optional(),
    addresses: z.array(address).max(MAX_ADDRESSES).optional(),
  })
  .strict();
export type ProfileChanges = z.infer<typeof profileChanges>;

/** GET /users query: a page at a time. */
export const listUsersQuery = paginationQuery;
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

/** POST /auth/signup answer. */
export const signedUp = z.object({
  userId,
  email: z.email().max(254),
  /** False until the emailed code is redeemed (POST /auth/confirm); true where sign-ups are confirmed at once. */
  confirmed: z.boolean(),
});
export type SignedUp = z.infer<typeof signedUp>;

/** POST /auth/login and /auth/refresh answer: Cognito's tokens for the client to keep. */
// Access and ID tokens are JWTs (header.payload.signature); Cognito's refresh tokens are opaque.
const jwt = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
export const tokens = z.object({
  accessToken: jwt,
  idToken: jwt,
  refreshToken: z
    .string()
    .max(8192)
    .regex(/^[A-Za-z0-9_=.-]*$/),
  /** Seconds the access token lives. */
  expiresIn: z.number().int().min(0).max(86_400),
});
export type Tokens = z.infer<typeof tokens>;

/** A user's profile as the API shows it. */
export const profile = z.object({
  userId,
  email: z.email().max(254),
  name: z.string().max(100),
  addresses: z.array(address).max(MAX_ADDRESSES),
  createdAt: timestamp,
});
export type Profile = z.infer<typeof profile>;

/** GET /users answer. */
export const profilePage = page(profile);
export type ProfilePage = z.infer<typeof profilePage>;
