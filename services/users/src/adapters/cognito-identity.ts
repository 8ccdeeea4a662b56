import {
  AdminConfirmSignUpCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  ConfirmSignUpCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError, TooManyRequestsError, UnauthorizedError, ValidationError } from '@shop/errors';
import type { IdentityProvider, Tokens } from '../domain/identity.ts';
import { type PasswordPolicy, weakPasswordError } from '../domain/password-policy.ts';

const errorName = (error: unknown) =>
  error instanceof CognitoIdentityProviderServiceException ? error.name : undefined;

// Cognito throttles per pool; the client should slow down, it did nothing wrong.
const throttled = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'TooManyFailedAttemptsException',
]);

function rethrowThrottling(error: unknown): void {
  const name = errorName(error);
  if (name && throttled.has(name)) throw new TooManyRequestsError(undefined, { cause: error });
}

// The same answer for an unknown email and a wrong password, so a login tells no one who has an account.
const wrongCredentials = (cause: unknown) =>
  new UnauthorizedError('The email or password is incorrect.', { cause });

const invalidCode = (cause: unknown) =>
  new ValidationError(
    'The confirmation code is wrong or has expired.',
    [{ field: 'code', message: 'Wrong or expired code' }],
    { cause },
  );

function tokensOf(
  result: AuthenticationResultType | undefined,
  cause: unknown,
): Omit<Tokens, 'refreshToken'> & {
  refreshToken?: string | undefined;
} {
  if (!result?.AccessToken || !result.IdToken) {
    // A challenge (new password, MFA) that this API does not offer; the Cognito SDK can complete it.
    throw new UnauthorizedError('This account must complete a sign-in step this API does not offer.', {
      cause,
    });
  }
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
  };
}

/** The user pool and its app client as the users service's identity provider. */
export function cognitoIdentity(options: {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
}): IdentityProvider {
  const { client, userPoolId, clientId } = options;
  let policy: Promise<PasswordPolicy> | undefined;

  // Read from the pool itself, so the 400 always states the policy that is really enforced.
  const passwordPolicy = () => {
    policy ??= client
      .send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))
      .then(({ UserPool }) => UserPool?.Policies?.PasswordPolicy ?? {})
      .catch((error: unknown) => {
        policy = undefined;
        throw error;
      });
    return policy;
  };

  return {
    async signUp({ email, password, name }) {
      try {
        const result = await client.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: email,
            Password: password,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'name', Value: name },
            ],
          }),
        );
        return { userId: result.UserSub as string, confirmed: result.UserConfirmed ?? false };
      } catch (error) {
        const name = errorName(error);
        if (name === 'UsernameExistsException')
          throw new ConflictError('An account with this email already exists.', { cause: error });
        // Cognito checks the password's form (InvalidParameter) before its policy (InvalidPassword).
        if (
          name === 'InvalidPasswordException' ||
          (name === 'InvalidParameterException' && /password/i.test((error as Error).message))
        )
          throw weakPasswordError(password, await passwordPolicy(), error);
        rethrowThrottling(error);
        throw error;
      }
    },

    async confirmWithoutCode(email) {
      await client.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: email }));
    },

    async confirm(email, code) {
      try {
        await client.send(
          new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }),
        );
      } catch (error) {
        const name = errorName(error);
        // Confirming twice (or locally, where sign-ups are confirmed at once) leaves the account confirmed.
        if (name === 'NotAuthorizedException' && /CONFIRMED/.test((error as Error).message)) return;
        // With PreventUserExistenceErrors an unknown email is a CodeMismatch too; moto says UserNotFound.
        if (
          name === 'CodeMismatchException' ||
          name === 'ExpiredCodeException' ||
          name === 'UserNotFoundException' ||
          name === 'NotAuthorizedException'
        )
          throw invalidCode(error);
        rethrowThrottling(error);
        throw error;
      }
    },

    async logIn(email, password) {
      try {
        const { AuthenticationResult } = await client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        );
        const tokens = tokensOf(AuthenticationResult, undefined);
        return { ...tokens, refreshToken: tokens.refreshToken ?? '' };
      } catch (error) {
        const name = errorName(error);
        if (name === 'NotAuthorizedException' || name === 'UserNotFoundException')
          throw wrongCredentials(error);
        // Cognito reports these only after the password was right, so they reveal nothing to a stranger.
        if (name === 'UserNotConfirmedException')
          throw new UnauthorizedError('Confirm your email address first (POST /auth/confirm).', {
            cause: error,
          });
        if (name === 'PasswordResetRequiredException')
          throw new UnauthorizedError('This account must reset its password first.', { cause: error });
        rethrowThrottling(error);
        throw error;
      }
    },

    async currentUser(accessToken) {
      try {
        const { UserAttributes = [] } = await client.send(new GetUserCommand({ AccessToken: accessToken }));
        const attribute = (name: string) => UserAttributes.find((entry) => entry.Name === name)?.Value;
        return { userId: attribute('sub') ?? '', email: attribute('email') ?? '', name: attribute('name') };
      } catch (error) {
        // A revoked or signed-out token: the caller has to log in again.
        if (errorName(error) === 'NotAuthorizedException')
          throw new UnauthorizedError('This session has ended; log in again.', { cause: error });
        rethrowThrottling(error);
        throw error;
      }
    },

    async refresh(refreshToken) {
      try {
        const { AuthenticationResult } = await client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: refreshToken },
          }),
        );
        const { accessToken, idToken, expiresIn } = tokensOf(AuthenticationResult, undefined);
        return { accessToken, idToken, expiresIn };
      } catch (error) {
        const name = errorName(error);
        if (name === 'NotAuthorizedException' || name === 'UserNotFoundException')
          throw new UnauthorizedError('The refresh token is invalid, expired or revoked.', { cause: error });
        rethrowThrottling(error);
        throw error;
      }
    },
  };
}
