import { defineEvent } from '@shop/events';
import * as z from 'zod';

// The users service's events on its user-events topic. Other services import them from
// `@shop/users-service/events`; a breaking change to `data` is a new definition with the next version.

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
