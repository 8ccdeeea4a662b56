import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  type CreateGroupCommandInput,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { uniqueName } from './names.ts';
import { serviceResource } from './service-definition.ts';

/** The password of every user a test pool creates. */
export const testPassword = 'Correct-horse-1';

export type TestUserPool = {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
  /** Another app client of the same pool, configured as the first. */
  createClient(name: string): Promise<string>;
  /** A confirmed user (`name` is an email, or made into a fresh one) in the given groups. */
  createUser(name: string, groups?: string[]): Promise<{ email: string }>;
  /** Signs an existing user in by password, with the pool's client or another. */
  logIn(email: string, clientId?: string): Promise<{ token: string; idToken: string; userId: string }>;
  /** Creates a user and signs them in: their access token and user id (the token's `sub`). */
  signIn(name: string, groups?: string[]): Promise<{ token: string; userId: string; email: string }>;
};

// Properties the emulator cannot honour or that this helper sets itself: names (unique per test),
// triggers (moto runs none), deletion protection and the email configuration (per stage; they concern
// the deployed pool, not a test's: the emulator sends no mail) and the pool reference of the client
// and group.
const replaced = new Set([
  'UserPoolName',
  'ClientName',
  'LambdaConfig',
  'DeletionProtection',
  'EmailConfiguration',
  'UserPoolId',
]);

function declaredProperties(serviceDir: string, logicalId: string, type: string): Record<string, unknown> {
  const resource = serviceResource(serviceDir, logicalId);
  if (resource.Type !== type) throw new Error(`${logicalId} is a ${resource.Type}, not a ${type}`);
  const properties = Object.fromEntries(
    Object.entries(resource.Properties).filter(([name]) => !replaced.has(name)),
  );
  // Everything else goes to the emulator exactly as written, so it must not hide a framework variable.
  const unresolved = JSON.stringify(properties).match(/\$\{[^}]*\}/);
  if (unresolved) throw new Error(`${logicalId} has ${unresolved[0]}, which cannot be resolved here`);
  return properties;
}

const subjectOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).sub as string;

/**
 * A fresh user pool in the emulator with an app client (password sign-in) and an `admin` group; with
 * `definedIn`, the pool, client and group are those of that service's serverless.yml (UserPool,
 * UserPoolClient, AdminGroup).
 */
export async function testUserPool(
  prefix: string,
  options: { definedIn?: string } = {},
): Promise<TestUserPool> {
  // A plain pool is configured as the shop's is for what tests rely on: password sign-in, an admin group.
  const declared = (logicalId: string, type: string, plain: Record<string, unknown>) =>
    options.definedIn ? declaredProperties(options.definedIn, logicalId, type) : plain;
  const cognito = new CognitoIdentityProviderClient({});
  const poolName = uniqueName(prefix);
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      ...(declared('UserPool', 'AWS::Cognito::UserPool', {}) as Omit<CreateUserPoolCommandInput, 'PoolName'>),
      PoolName: poolName,
    }),
  );
  const userPoolId = UserPool?.Id as string;
  const createClient = async (clientName: string) => {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        ...(declared('UserPoolClient', 'AWS::Cognito::UserPoolClient', {
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }) as Omit<CreateUserPoolClientCommandInput, 'UserPoolId' | 'ClientName'>),
        UserPoolId: userPoolId,
        ClientName: clientName,
      }),
    );
    return UserPoolClient?.ClientId as string;
  };
  const clientId = await createClient(`${poolName}-api`);
  await cognito.send(
    new CreateGroupCommand({
      ...(declared('AdminGroup', 'AWS::Cognito::UserPoolGroup', { GroupName: 'admin' }) as Omit<
        CreateGroupCommandInput,
        'UserPoolId'
      >),
      UserPoolId: userPoolId,
    }),
  );

  const createUser: TestUserPool['createUser'] = async (name, groups = []) => {
    const email = name.includes('@') ? name : `${uniqueName(name)}@example.com`;
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
        Password: testPassword,
        Permanent: true,
      }),
    );
    for (const group of groups) {
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
      );
    }
    return { email };
  };
  const logIn: TestUserPool['logIn'] = async (email, appClientId = clientId) => {
    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: appClientId,
        AuthParameters: { USERNAME: email, PASSWORD: testPassword },
      }),
    );
    const token = AuthenticationResult?.AccessToken as string;
    return { token, idToken: AuthenticationResult?.IdToken as string, userId: subjectOf(token) };
  };
  return {
    cognito,
    userPoolId,
    clientId,
    createClient,
    createUser,
    logIn,
    async signIn(name, groups = []) {
      const { email } = await createUser(name, groups);
      const { token, userId } = await logIn(email);
      return { token, userId, email };
    },
  };
}
