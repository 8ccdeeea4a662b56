import middy from '@middy/core';
import { logger, observeInvocation } from '@shop/middleware/observability';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { registerUser } from '../../domain/registration.ts';
import { registration } from '../../wiring.ts';

/**
 * Cognito's post-confirmation trigger: a confirmed sign-up gets its profile and a `UserRegistered`
 * event. A password reset confirms too (`PostConfirmation_ConfirmForgotPassword`) and is ignored.
 * If it fails after Cognito confirmed the user, the first GET /users/me registers them (`ownProfile`).
 */
export const handler = middy(async (event: PostConfirmationTriggerEvent) => {
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  const { sub, email, name } = event.request.userAttributes;
  if (!sub || !email) throw new Error('The confirmed user has no sub or email attribute.');
  const profile = await registerUser({ userId: sub, email, name }, registration());
  logger.info('User registered', { userId: profile.userId });
  return event;
}).use(observeInvocation());
