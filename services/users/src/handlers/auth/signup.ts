import { httpRoute, json } from '@shop/middleware';
import * as z from 'zod';
import { displayName, emailAddress } from '../../domain/profile.ts';
import { signUp } from '../../domain/registration.ts';
import { identity, registration } from '../../wiring.ts';

// Cognito's own bounds on a password; the pool's policy is checked by Cognito and explained on refusal.
export const signUpBody = z
  .object({ email: emailAddress, password: z.string().min(1).max(256), name: displayName })
  .strict();

/** POST /auth/signup: 201 `{ userId, email, confirmed }`; 409 when the email is taken, 400 for a weak password. */
export const handler = httpRoute({ body: signUpBody }, async ({ body, correlationId }) => {
  const { provider, confirmation } = identity();
  const result = await signUp(body, { ...registration(), identity: provider, confirmation }, correlationId);
  return json(201, result);
});
