import middy from '@middy/core';
import { logger, observeInvocation } from '@shop/aws';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { newProfileName } from '../../domain/profile.ts';
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
  const user = { userId: sub, email, name };
  // A name that reached the pool past the API's validation (a direct Cognito sign-up) must not fail
  // the confirmation: the profile is named after the email instead. The name itself is not logged.
  const { refused } = newProfileName(user);
  if (refused)
    logger.warn('Sign-up name refused; the profile is named after the email', { userId: sub, refused });
  const profile = await registerUser(user, registration());
  logger.info('User registered', { userId: profile.userId });
  return event;
}).use(observeInvocation());
