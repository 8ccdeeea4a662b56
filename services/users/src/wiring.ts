import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsClient, once, sharedDocumentClient } from '@shop/aws';
import { defineConfig } from '@shop/config';
import { snsEventPublisher, type TransactionalOutbox, transactionalOutbox } from '@shop/events';
import * as z from 'zod/mini';
import { cognitoIdentity } from './adapters/cognito-identity.ts';
import { dynamoProfileStore } from './adapters/dynamo-profile-store.ts';
import type { SignUpConfirmation } from './domain/identity.ts';
import type { RegistrationDeps } from './domain/registration.ts';

// Two configs: the post-confirmation trigger has no pool variables (the pool refers to the trigger,
// so the trigger must not refer back to the pool).
const profilesConfig = defineConfig(
  z.object({
    USERS_TABLE: z.string().check(z.minLength(1)),
    OUTBOX_TABLE: z.string().check(z.minLength(1)),
    USER_EVENTS_TOPIC_ARN: z.string().check(z.minLength(1)),
  }),
);
/**
 * The pool variables of the HTTP functions. Confirming sign-ups without a code is for the emulator
 * only (it sends no email): anywhere but the `local` stage on an emulator endpoint the config refuses
 * it, so a stage can never silently confirm accounts whose owners never saw a code.
 */
export const identityConfig = defineConfig(
  z
    .object({
      STAGE: z.optional(z.string()),
      AWS_ENDPOINT_URL: z.optional(z.string()),
      USER_POOL_ID: z.string().check(z.minLength(1)),
      USER_POOL_CLIENT_ID: z.string().check(z.minLength(1)),
      SIGN_UP_CONFIRMATION: z._default(z.enum(['email', 'immediate']), 'email'),
    })
    .check(
      z.refine(
        (config) =>
          config.SIGN_UP_CONFIRMATION === 'email' || (config.STAGE === 'local' && !!config.AWS_ENDPOINT_URL),
        {
          path: ['SIGN_UP_CONFIRMATION'],
          message:
            'immediate is allowed only in the local stage on the emulator (STAGE=local and AWS_ENDPOINT_URL set)',
        },
      ),
    ),
);

/** The outbox of the user-events topic. */
export const outbox = /* @__PURE__ */ once(
  (): TransactionalOutbox =>
    transactionalOutbox({
      tableName: profilesConfig().OUTBOX_TABLE,
      publisher: snsEventPublisher({ topicArn: profilesConfig().USER_EVENTS_TOPIC_ARN }),
    }),
);

/** The profile store every users handler works on. */
export const profiles = /* @__PURE__ */ once(() =>
  dynamoProfileStore({
    tableName: profilesConfig().USERS_TABLE,
    client: sharedDocumentClient(),
    outbox: outbox(),
  }),
);

/** What registering a confirmed user needs: the profiles (and, with them, the outbox). */
export const registration = /* @__PURE__ */ once((): RegistrationDeps => ({ profiles: profiles() }));

// The SDK's Cognito package and client, made on the first call to Cognito. Only `send` is ever called
// on the client, with the adapter's commands from the same package: the functions that never reach
// Cognito (the outbox relay, the trigger, the admin list) or only on a rare path (GET and PUT
// /users/me without a profile) do not load it at init; those that call it on every request load it
// there (`preloadCognito`), so their cold start is measured as it is (bench/README.md).
const cognitoSdk = /* @__PURE__ */ once(() => import('@aws-sdk/client-cognito-identity-provider'));
const cognitoClient = /* @__PURE__ */ once(async () => {
  const { CognitoIdentityProviderClient: Client } = await cognitoSdk();
  return awsClient(new Client({}));
});

/** For the module scope of the routes that call Cognito on every request: its package and client made at init. */
export const preloadCognito = (): Promise<unknown> => cognitoClient();
const lazyCognitoClient = {
  send: async (command: Parameters<CognitoIdentityProviderClient['send']>[0]) =>
    (await cognitoClient()).send(command),
} as CognitoIdentityProviderClient;

/** The user pool's app client, and how sign-ups get confirmed in this stage. */
export const identity = /* @__PURE__ */ once(() => {
  const config = identityConfig();
  return {
    provider: cognitoIdentity({
      client: lazyCognitoClient,
      userPoolId: config.USER_POOL_ID,
      clientId: config.USER_POOL_CLIENT_ID,
      sdk: cognitoSdk,
    }),
    confirmation: config.SIGN_UP_CONFIRMATION satisfies SignUpConfirmation,
  };
});
