import { defineEvent, type EventOf } from '@shop/events';
import * as z from 'zod';

/** The `source` the users service's events carry. */
export const USERS_SOURCE = 'users';

/** Users → user-events topic: a sign-up was confirmed and the user's profile exists. */
export const userRegistered = defineEvent(
  'UserRegistered',
  1,
  z.object({
    userId: z.string().min(1),
    email: z.email(),
    name: z.string(),
  }),
);

export type UserRegistered = EventOf<typeof userRegistered>;
