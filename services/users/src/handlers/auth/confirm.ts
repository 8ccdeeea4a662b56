import { confirmBody } from '@shop/contracts';
import { httpRoute, noContent } from '@shop/middleware';
import { confirmSignUp } from '../../domain/registration.ts';
import { identity, preloadCognito } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadCognito();

/**
 * POST /auth/confirm: 204 once the emailed code confirmed the sign-up (Cognito's post-confirmation
 * trigger then creates the profile); one and the same 400 for anything else, so the answer tells
 * nobody whether the email has an account. Locally sign-ups are confirmed at once: always 204.
 */
export const handler = httpRoute({ body: confirmBody }, async ({ body }) => {
  const { provider, confirmation } = identity();
  await confirmSignUp(body, { identity: provider, confirmation });
  return noContent();
});
