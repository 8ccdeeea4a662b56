import { address, paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { page, timestamp, userId } from './common.ts';

// The users service's routes: sign-up and sessions (a façade over Cognito) and profiles.

// Names are shown on pages and written into emails: no control characters, line or paragraph
// separators, or text-direction overrides (which can make a name read as something else).
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A display name as a user types it. */
export const displayName = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(100),
  z.refine((name) => !UNPRINTABLE.test(name), 'Must not contain control characters'),
);

/**
 * An email address, compared and stored in lower case (the pool's usernames are case-insensitive).
 * Documented as `format: email`, which the pipe checks once the address is trimmed and lowered.
 */
export const emailAddress = z.pipe(
  z.string().check(z.trim(), z.maxLength(254), z.meta({ format: 'email' }), z.toLowerCase()),
  z.email(),
);

// Cognito's own bounds on a password; the pool's policy is checked by Cognito and explained on refusal.
const password = z.string().check(z.minLength(1), z.maxLength(256));
/** A refresh token as Cognito issues it. */
const refreshToken = z.string().check(z.minLength(1), z.maxLength(8192));

/** How many addresses one profile keeps. */
export const MAX_ADDRESSES = 10;

/** POST /auth/signup body. */
export const signUpBody = z.strictObject({ email: emailAddress, password, name: displayName });
export type SignUpBody = z.infer<typeof signUpBody>;

/** POST /auth/confirm body: the code Cognito emailed. */
export const confirmBody = z.strictObject({
  email: emailAddress,
  code: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
});
export type ConfirmBody = z.infer<typeof confirmBody>;

/** POST /auth/login body. */
export const logInBody = z.strictObject({ email: emailAddress, password });
export type LogInBody = z.infer<typeof logInBody>;

/** POST /auth/refresh body. */
export const refreshBody = z.strictObject({ refreshToken });
export type RefreshBody = z.infer<typeof refreshBody>;

/** POST /auth/logout body. */
export const logOutBody = z.strictObject({ refreshToken });
export type LogOutBody = z.infer<typeof logOutBody>;

/** What a user may change about themselves; anything else (`userId`, `email`, `groups`) is refused. */
export const profileChanges = z.strictObject({
  name: z.optional(displayName),
  addresses: z.optional(z.array(address).check(z.maxLength(MAX_ADDRESSES))),
});
export type ProfileChanges = z.infer<typeof profileChanges>;

/** GET /users query: a page at a time. */
export const listUsersQuery = paginationQuery;
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

/** POST /auth/signup answer. */
export const signedUp = z.object({
  userId,
  email: z.email().check(z.maxLength(254)),
  /** False until the emailed code is redeemed (POST /auth/confirm); true where sign-ups are confirmed at once. */
  confirmed: z.boolean(),
});
export type SignedUp = z.infer<typeof signedUp>;

/** POST /auth/login and /auth/refresh answer: Cognito's tokens for the client to keep. */
// Access and ID tokens are JWTs (header.payload.signature); Cognito's refresh tokens are opaque.
const jwt = z.string().check(z.maxLength(8192), z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/));
export const tokens = z.object({
  accessToken: jwt,
  idToken: jwt,
  refreshToken: z.string().check(z.maxLength(8192), z.regex(/^[A-Za-z0-9_=.-]*$/)),
  /** Seconds the access token lives. */
  expiresIn: z.number().check(z.int(), z.minimum(0), z.maximum(86_400)),
});
export type Tokens = z.infer<typeof tokens>;

/** A user's profile as the API shows it. */
export const profile = z.object({
  userId,
  email: z.email().check(z.maxLength(254)),
  name: z.string().check(z.maxLength(100)),
  addresses: z.array(address).check(z.maxLength(MAX_ADDRESSES)),
  createdAt: timestamp,
});
export type Profile = z.infer<typeof profile>;

/** GET /users answer. */
export const profilePage = page(profile);
export type ProfilePage = z.infer<typeof profilePage>;
