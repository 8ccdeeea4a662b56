import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { toProblem, UnauthorizedError } from '@shop/errors';
import { uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createAuthenticator } from '../src/index.ts';
import { tamperPayload, unsignedCopy } from './token-factory.ts';

// Against moto: real Cognito-shaped tokens, signed by moto, verified with the JWKS moto serves.
const password = 'Correct-horse-1';
let endpoint: string;
let cognito: CognitoIdentityProviderClient;
let userPoolId: string;
let clientId: string;
let otherClientId: string;

async function createClient(name: string): Promise<string> {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: name,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  return UserPoolClient?.ClientId as string;
}

async function createUser(email: string, groups: string[] = []): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [{ Name: 'email', Value: email }],
      MessageAction: 'SUPPRESS',
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: email,
      Password: password,
      Permanent: true,
    }),
  );
  for (const group of groups) {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
    );
  }
}

async function logIn(email: string, appClientId = clientId) {
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: appClientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  return {
    accessToken: AuthenticationResult?.AccessToken as string,
    idToken: AuthenticationResult?.IdToken as string,
  };
}

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return toProblem(error);
}

beforeAll(async () => {
  endpoint = useEmulator();
  cognito = new CognitoIdentityProviderClient({});
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: uniqueName('auth') }));
  userPoolId = UserPool?.Id as string;
  clientId = await createClient('storefront');
  otherClientId = await createClient('other-app');
  await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: 'admin' }));
  await createUser('customer@example.com');
  await createUser('admin@example.com', ['admin']);
  // `authenticate` reads these once, as a Lambda would at cold start.
  Object.assign(process.env, { USER_POOL_ID: userPoolId, USER_POOL_CLIENT_ID: clientId });
});

describe('authenticate against the emulated user pool', () => {
  it('accepts a customer access token', async () => {
    const { accessToken } = await logIn('customer@example.com');
    const principal = await authenticate(`Bearer ${accessToken}`);
    expect(principal).toMatchObject({ username: 'customer@example.com', groups: [], roles: ['customer'] });
    expect(principal.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives members of the admin group the admin role', async () => {
    const { accessToken } = await logIn('admin@example.com');
    const principal = await authenticate(`Bearer ${accessToken}`);
    expect(principal.roles).toEqual(['customer', 'admin']);
  });

  it('refuses every forged, misused or missing token with one identical problem', async () => {
    const { accessToken, idToken } = await logIn('customer@example.com');
    const { accessToken: otherClientToken } = await logIn('customer@example.com', otherClientId);
    const problems = await Promise.all(
      [
        `Bearer ${idToken}`,
        `Bearer ${otherClientToken}`,
        `Bearer ${tamperPayload(accessToken, { sub: 'someone-else' })}`,
        `Bearer ${tamperPayload(accessToken, { 'cognito:groups': ['admin'] })}`,
        `Bearer ${unsignedCopy(accessToken)}`,
        `Bearer ${unsignedCopy(accessToken)}${accessToken.split('.')[2]}`,
        accessToken,
        'Bearer',
        undefined,
      ].map((header) => problemOf(authenticate(header))),
    );
    expect(new Set(problems.map((problem) => JSON.stringify(problem))).size).toBe(1);
    expect(problems[0]).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('refuses a token of another user pool, although moto signs every pool with the same key', async () => {
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({ PoolName: uniqueName('other-pool') }),
    );
    const otherPoolId = UserPool?.Id as string;
    const otherAuthenticate = createAuthenticator({ userPoolId: otherPoolId, clientId, endpoint });
    const { accessToken } = await logIn('customer@example.com');
    const error = await otherAuthenticate(`Bearer ${accessToken}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnauthorizedError);
  });
});
