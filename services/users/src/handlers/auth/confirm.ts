import { httpRoute, noContent } from '@shop/middleware';
import * as z from 'zod';
import { emailAddress } from '../../domain/profile.ts';
import { identity } from '../../wiring.ts';

export const confirmBody = z.object({ email: emailAddress, code: z.string().trim().min(1).max(64) }).strict();

/**
 * POST /auth/confirm: 204 once the emailed code confirmed the sign-up; Cognito's post-confirmation
 * trigger then creates the profile. Locally sign-ups are confirmed at once, so this answers 204.
 */
export const handler = httpRoute({ body: confirmBody }, async ({ body }) => {
  await identity().provider.confirm(body.email, body.code);
  return noContent();
});
