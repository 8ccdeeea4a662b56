import { defineEvent, type EventOf } from '@shop/events';
import * as z from 'zod/mini';

/** The `source` the users service's events carry. */
export const USERS_SOURCE = 'users';

/** Users → user-events topic: a sign-up was confirmed and the user's profile exists. */
export const userRegistered = defineEvent(
  'UserRegistered',
  1,
  z.object({
    userId: z.string().check(z.minLength(1)),
    email: z.email(),
    name: z.string(),
  }),
);

export type UserRegistered = EventOf<typeof userRegistered>;

/**
 * Users → user-events topic: the account was erased at its owner's request (DELETE /users/me). Every
 * service removes the person's data it holds and keeps only what it must (orders: what accounting
 * needs). It carries no email or name, only the id the services key that data by. Its id is derived
 * from the user (`UserErased-<userId>`), so a repeated erasure is the same event.
 */
export const userErased = defineEvent(
  'UserErased',
  1,
  z.object({ userId: z.string().check(z.minLength(1)) }),
);

export type UserErased = EventOf<typeof userErased>;
