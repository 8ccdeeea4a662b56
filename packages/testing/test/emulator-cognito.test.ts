import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  DeleteUserCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUpWithCode, testPassword, uniqueName, useEmulator } from '../src/index.ts';

// moto-server.py makes Cognito's sign-up codes and sessions behave as in Cognito: moto confirmed any
// account with any code and had no GetTokensFromRefreshToken or RevokeToken. Each test here fails
// against moto's own server.
let cognito: CognitoIdentityProviderClient;
let userPoolId: string;

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: Error) => error.name,
  );

async function appClient(extra: Partial<CreateUserPoolClientCommandInput> = {}) {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: uniqueName('client'),
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ...extra,
    }),
  );
  return UserPoolClient?.ClientId as string;
}

const rotating = (RetryGracePeriodSeconds: number) =>
  appClient({
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds },
  });

/** A confirmed user of the pool, signed in with the client: their tokens. */
async function session(clientId: string, email = `${uniqueName('user')}@example.com`) {
  const { code } = await signUpWithCode(clientId, { email, password: testPassword });
  await cognito.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }),
  );
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: testPassword },
    }),
  );
  return {
    email,
    accessToken: AuthenticationResult?.AccessToken as string,
    refreshToken: AuthenticationResult?.RefreshToken as string,
  };
}

const refresh = (clientId: string, refreshToken: string) =>
  cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken }));

beforeAll(async () => {
  useEmulator();
  cognito = new CognitoIdentityProviderClient({});
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: uniqueName('sessions'),
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  );
  userPoolId = UserPool?.Id as string;
});

describe('confirming a sign-up in the emulator', () => {
  it('confirms with the code of the sign-up, and refuses a wrong one', async () => {
    const clientId = await appClient();
    const email = `${uniqueName('confirm')}@example.com`;
    const { code } = await signUpWithCode(clientId, { email, password: testPassword });
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      await rejection(
        cognito.send(
          new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: wrong }),
        ),
      ),
    ).toBe('CodeMismatchException');
    const status = async () =>
      (await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }))).UserStatus;
    expect(await status()).toBe('UNCONFIRMED');

    await cognito.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }),
    );
    expect(await status()).toBe('CONFIRMED');
  });

  it('refuses to confirm a confirmed account, even with its code', async () => {
    const clientId = await appClient();
    const email = `${uniqueName('twice')}@example.com`;
    const { code } = await signUpWithCode(clientId, { email, password: testPassword });
    const confirm = () =>
      cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }));
    await confirm();
    await expect(confirm()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('answers an unknown user as a wrong code where the client prevents user existence errors', async () => {
    const hiding = await appClient({ PreventUserExistenceErrors: 'ENABLED' });
    const telling = await appClient({ PreventUserExistenceErrors: 'LEGACY' });
    const confirm = (ClientId: string) =>
      cognito.send(
        new ConfirmSignUpCommand({ ClientId, Username: 'nobody@example.com', ConfirmationCode: '123456' }),
      );
    expect(await rejection(confirm(hiding))).toBe('CodeMismatchException');
    expect(await rejection(confirm(telling))).toBe('UserNotFoundException');
  });
});

describe('refresh tokens in the emulator', () => {
  it('refreshes without rotation: new access and ID tokens, the same refresh token keeps working', async () => {
    const clientId = await appClient();
    const { refreshToken } = await session(clientId);
    const first = await refresh(clientId, refreshToken);
    expect(first.AuthenticationResult).toMatchObject({
      AccessToken: expect.any(String),
      IdToken: expect.any(String),
      ExpiresIn: expect.any(Number),
    });
    expect(first.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect((await refresh(clientId, refreshToken)).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
    expect(await rejection(refresh(clientId, 'not-a-refresh-token'))).toBe('NotAuthorizedException');
  });

  it('rotates where the client asks for it: the old token is refused at once without a grace period', async () => {
    const clientId = await rotating(0);
    const { refreshToken } = await session(clientId);
    const rotated = (await refresh(clientId, refreshToken)).AuthenticationResult;
    expect(rotated?.RefreshToken).toEqual(expect.any(String));
    expect(rotated?.RefreshToken).not.toBe(refreshToken);
    expect(await rejection(refresh(clientId, refreshToken))).toBe('RefreshTokenReuseException');
    const next = (await refresh(clientId, rotated?.RefreshToken as string)).AuthenticationResult;
    expect(next?.RefreshToken).toEqual(expect.any(String));
    // The token belongs to its client: another client of the pool cannot use it.
    expect(await rejection(refresh(await rotating(0), next?.RefreshToken as string))).toBe(
      'NotAuthorizedException',
    );
  });

  it('keeps a rotated-out token for the grace period only', async () => {
    const clientId = await rotating(1);
    const { refreshToken } = await session(clientId);
    await refresh(clientId, refreshToken);
    // A retry within the grace period (the first answer was lost) still works.
    expect((await refresh(clientId, refreshToken)).AuthenticationResult?.RefreshToken).toEqual(
      expect.any(String),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await rejection(refresh(clientId, refreshToken))).toBe('RefreshTokenReuseException');
  });

  it('refuses REFRESH_TOKEN_AUTH on a client that rotates refresh tokens', async () => {
    const clientId = await rotating(0);
    const { refreshToken } = await session(clientId);
    const viaInitiateAuth = cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    expect(await rejection(viaInitiateAuth)).toBe('InvalidParameterException');
  });
});

describe('revoking a refresh token in the emulator', () => {
  it('ends that session: its refresh token and the access tokens it issued, not other sessions', async () => {
    const clientId = await appClient();
    const ended = await session(clientId);
    const refreshedAccess = (await refresh(clientId, ended.refreshToken)).AuthenticationResult
      ?.AccessToken as string;
    const { AuthenticationResult: other } = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: ended.email, PASSWORD: testPassword },
      }),
    );

    await cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: ended.refreshToken }));

    expect(await rejection(refresh(clientId, ended.refreshToken))).toBe('NotAuthorizedException');
    for (const AccessToken of [ended.accessToken, refreshedAccess]) {
      expect(await rejection(cognito.send(new GetUserCommand({ AccessToken })))).toBe(
        'NotAuthorizedException',
      );
    }
    // The user's other sign-in goes on.
    expect((await refresh(clientId, other?.RefreshToken as string)).AuthenticationResult).toBeDefined();
    await cognito.send(new GetUserCommand({ AccessToken: other?.AccessToken as string }));
    // Revoking again, or a token it never issued, has nothing left to do.
    await cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: ended.refreshToken }));
    await cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: 'unknown-token' }));
  });

  it('ends every token rotated from the same sign-in, also one still in its grace period', async () => {
    const clientId = await rotating(30);
    const { refreshToken } = await session(clientId);
    const rotated = (await refresh(clientId, refreshToken)).AuthenticationResult?.RefreshToken as string;
    await cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: rotated }));
    expect(await rejection(refresh(clientId, rotated))).toBe('NotAuthorizedException');
    expect(await rejection(refresh(clientId, refreshToken))).toBe('NotAuthorizedException');
  });
});

describe('a user deleting their own account in the emulator', () => {
  it('deletes the account with its access token, and every token it had stops working', async () => {
    const clientId = await appClient();
    const { email, accessToken, refreshToken } = await session(clientId);
    const { AuthenticationResult: other } = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: testPassword },
      }),
    );

    await cognito.send(new DeleteUserCommand({ AccessToken: accessToken }));

    expect(
      await rejection(cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }))),
    ).toBe('UserNotFoundException');
    for (const AccessToken of [accessToken, other?.AccessToken as string]) {
      expect(await rejection(cognito.send(new GetUserCommand({ AccessToken })))).toBe(
        'NotAuthorizedException',
      );
    }
    expect(await rejection(refresh(clientId, refreshToken))).toBe('NotAuthorizedException');
    // Deleting again with the same token: the token is no longer accepted.
    expect(await rejection(cognito.send(new DeleteUserCommand({ AccessToken: accessToken })))).toBe(
      'NotAuthorizedException',
    );
    // The email is free for a new sign-up.
    await signUpWithCode(clientId, { email, password: testPassword });
  });
});
