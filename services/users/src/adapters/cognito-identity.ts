import type {
  AuthenticationResultType,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError, TooManyRequestsError, UnauthorizedError, ValidationError } from '@shop/errors';
import type { IdentityProvider, Tokens } from '../domain/identity.ts';
import { type PasswordPolicy, weakPasswordError } from '../domain/password-policy.ts';

// An error Cognito answered (the SDK's service exceptions carry `$metadata`), by its name. Not by
// `instanceof`: the SDK package is loaded on first use, not when this module is.
const errorName = (error: unknown) =>
  typeof error === 'object' && error !== null && '$metadata' in error && 'name' in error
    ? String(error.name)
    : undefined;

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

// One answer for every confirmation that did not happen: a wrong or expired code, an unknown email and
// an account that is already confirmed look alike, so a confirmation tells no stranger who has an
// account.
const notConfirmed = (cause: unknown) =>
  new ValidationError(
    'The code is wrong or has expired, or this email has no sign-up waiting for confirmation.',
    [{ field: 'code', message: 'Wrong or expired code' }],
    { cause },
  );

// What Cognito answers a confirmation that did not happen. The per-user attempt limits count only for
// accounts that exist, so they get the same answer too; a pool-wide throttle (TooManyRequests) tells
// nothing about anyone and stays a 429.
const unconfirmable = new Set([
  'CodeMismatchException',
  'ExpiredCodeException',
  'UserNotFoundException',
  'NotAuthorizedException',
  'TooManyFailedAttemptsException',
  'LimitExceededException',
]);

// Cognito's form of a token (its API refuses any other with InvalidParameterException).
const TOKEN_FORM = /^[A-Za-z0-9_=.-]+$/;

const invalidRefreshToken = (cause?: unknown) =>
  new UnauthorizedError('The refresh token is invalid, expired or revoked.', { cause });

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
  /**
   * The SDK's Cognito package (its commands), loaded by the caller on first use: a route that reaches
   * Cognito only on a rare path (GET /users/me without a profile) does not load it at init.
   */
  sdk: () => Promise<typeof import('@aws-sdk/client-cognito-identity-provider')>;
}): IdentityProvider {
  const { client, userPoolId, clientId, sdk } = options;
  let policy: Promise<PasswordPolicy> | undefined;

  // Read from the pool itself, so the 400 always states the policy that is really enforced.
  const passwordPolicy = () => {
    policy ??= sdk()
      .then(({ DescribeUserPoolCommand }) =>
        client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
      )
      .then(({ UserPool }) => UserPool?.Policies?.PasswordPolicy ?? {})
      .catch((error: unknown) => {
        policy = undefined;
        throw error;
      });
    return policy;
  };

  // Whether the pool still has the user (a pool whose usernames are emails knows each user by sub too).
  const accountExists = async (userId: string) => {
    const { AdminGetUserCommand } = await sdk();
    try {
      await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userId }));
      return true;
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return false;
      rethrowThrottling(error);
      throw error;
    }
  };

  return {
    async signUp({ email, password, name }) {
      const { SignUpCommand } = await sdk();
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

    async removeUnconfirmed(email) {
      const { AdminDeleteUserCommand, AdminGetUserCommand } = await sdk();
      try {
        const { UserStatus } = await client.send(
          new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }),
        );
        if (UserStatus !== 'UNCONFIRMED') return false;
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
        return true;
      } catch (error) {
        // Gone meanwhile (another sign-up replaced it): the email is free either way.
        if (errorName(error) === 'UserNotFoundException') return true;
        rethrowThrottling(error);
        throw error;
      }
    },

    async confirmWithoutCode(email) {
      const { AdminConfirmSignUpCommand } = await sdk();
      await client.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: email }));
    },

    async confirm(email, code) {
      const { ConfirmSignUpCommand } = await sdk();
      try {
        await client.send(
          new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }),
        );
      } catch (error) {
        if (unconfirmable.has(errorName(error) ?? '')) throw notConfirmed(error);
        rethrowThrottling(error);
        throw error;
      }
    },

    async logIn(email, password) {
      const { InitiateAuthCommand } = await sdk();
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
      const { GetUserCommand } = await sdk();
      try {
        const { UserAttributes = [] } = await client.send(new GetUserCommand({ AccessToken: accessToken }));
        const attribute = (name: string) => UserAttributes.find((entry) => entry.Name === name)?.Value;
        return { userId: attribute('sub') ?? '', email: attribute('email') ?? '', name: attribute('name') };
      } catch (error) {
        // A revoked or signed-out token, or a deleted account: the caller has to log in again.
        const name = errorName(error);
        if (name === 'NotAuthorizedException' || name === 'UserNotFoundException')
          throw new UnauthorizedError('This session has ended; log in again.', { cause: error });
        rethrowThrottling(error);
        throw error;
      }
    },

    async refresh(refreshToken) {
      const { GetTokensFromRefreshTokenCommand } = await sdk();
      if (!TOKEN_FORM.test(refreshToken)) throw invalidRefreshToken();
      try {
        // The app client rotates refresh tokens, which only GetTokensFromRefreshToken does: the answer
        // carries the next refresh token, and the one given stops working after a short grace period.
        const { AuthenticationResult } = await client.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }),
        );
        const tokens = tokensOf(AuthenticationResult, undefined);
        return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
      } catch (error) {
        const name = errorName(error);
        // A reused rotated-out token may have been stolen; it is refused like any other.
        if (
          name === 'NotAuthorizedException' ||
          name === 'RefreshTokenReuseException' ||
          name === 'UserNotFoundException'
        )
          throw invalidRefreshToken(error);
        rethrowThrottling(error);
        throw error;
      }
    },

    async deleteAccount({ userId, accessToken }) {
      const { DeleteUserCommand } = await sdk();
      try {
        await client.send(new DeleteUserCommand({ AccessToken: accessToken }));
        return;
      } catch (error) {
        const name = errorName(error);
        if (name !== 'NotAuthorizedException' && name !== 'UserNotFoundException') {
          rethrowThrottling(error);
          throw error;
        }
        // Refused: the account is gone already (a retried erasure), or this session was revoked.
        if (await accountExists(userId))
          throw new UnauthorizedError('This session has ended; log in again.', { cause: error });
      }
    },

    async logOut(refreshToken) {
      const { RevokeTokenCommand } = await sdk();
      // Not a token Cognito could have issued: there is nothing to revoke.
      if (!TOKEN_FORM.test(refreshToken)) return;
      try {
        await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
      } catch (error) {
        const name = errorName(error);
        // Already invalid, or not a refresh token of this client: no session of it is left to end.
        if (
          name === 'NotAuthorizedException' ||
          name === 'UnauthorizedException' ||
          name === 'UnsupportedTokenTypeException'
        )
          return;
        rethrowThrottling(error);
        throw error;
      }
    },
  };
}
