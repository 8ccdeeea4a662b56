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
  SignUpCommand,
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
  /**
   * Signs up through an app client as a user would (unconfirmed); answers the user id and the code
   * Cognito would email, which the emulator answers in a header.
   */
  signUp(
    email: string,
    options?: { password?: string; name?: string; clientId?: string },
  ): Promise<{ userId: string; code: string }>;
};

/** The header in which the emulator answers a sign-up's confirmation code (moto-server.py). */
export const SIGN_UP_CODE_HEADER = 'x-moto-sign-up-confirmation-code';

/**
 * Signs up with the app client as a user would, and answers the confirmation code the emulator
 * issued (in AWS only the mailbox gets it).
 */
export async function signUpWithCode(
  clientId: string,
  request: { email: string; password: string; name?: string | undefined },
): Promise<{ userId: string; code: string }> {
  const cognito = new CognitoIdentityProviderClient({});
  let code: string | undefined;
  cognito.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const { headers } = result.response as { headers?: Record<string, string> };
      code = headers?.[SIGN_UP_CODE_HEADER];
      return result;
    },
    { step: 'deserialize', name: 'signUpCode' },
  );
  const { UserSub } = await cognito.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: request.email,
      Password: request.password,
      UserAttributes: [
        { Name: 'email', Value: request.email },
        ...(request.name === undefined ? [] : [{ Name: 'name', Value: request.name }]),
      ],
    }),
  );
  if (!code) throw new Error(`The emulator answered no ${SIGN_UP_CODE_HEADER} header`);
  return { userId: UserSub as string, code };
}

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
    signUp: (email, signUpOptions = {}) =>
      signUpWithCode(signUpOptions.clientId ?? clientId, {
        email,
        password: signUpOptions.password ?? testPassword,
        name: signUpOptions.name,
      }),
  };
}
