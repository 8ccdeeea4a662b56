import { signUpBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { signUp } from '../../domain/registration.ts';
import { identity, preloadCognito, registration } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadCognito();

/** POST /auth/signup: 201 `{ userId, email, confirmed }`; 409 when the email is taken, 400 for a weak password. */
export const handler = httpRoute({ body: signUpBody }, async ({ body, correlationId }) => {
  const { provider, confirmation } = identity();
  const result = await signUp(body, { ...registration(), identity: provider, confirmation }, correlationId);
  return json(201, result);
});
