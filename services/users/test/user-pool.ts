import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  type CreateGroupCommandInput,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { serviceResource } from '@shop/testing';

export const serviceDir = new URL('..', import.meta.url).pathname;

// Properties the emulator cannot honour or that this helper sets itself: the pool's name (unique per
// test), its triggers (moto runs none; the sign-up route registers users in-process instead) and the
// pool reference of the client and group.
const replaced = new Set(['UserPoolName', 'ClientName', 'LambdaConfig', 'UserPoolId']);

function literalProperties(logicalId: string, type: string): Record<string, unknown> {
  const resource = serviceResource(serviceDir, logicalId);
  if (resource.Type !== type) throw new Error(`${logicalId} is a ${resource.Type}, not a ${type}`);
  const properties = Object.fromEntries(
    Object.entries(resource.Properties).filter(([name]) => !replaced.has(name)),
  );
  // Everything else goes to the emulator exactly as written, so it must not hide a framework variable.
  const unresolved = JSON.stringify(properties).match(/\$\{[^}]*\}/);
  if (unresolved) throw new Error(`${logicalId} has ${unresolved[0]}, which this helper cannot resolve`);
  return properties;
}

export type TestUserPool = {
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
  /** Another app client of the same pool, as serverless.yml declares the first. */
  createClient(name: string): Promise<string>;
};

/** Creates the user pool, its app client and the admin group in the emulator from services/users/serverless.yml. */
export async function createServiceUserPool(name: string): Promise<TestUserPool> {
  const cognito = new CognitoIdentityProviderClient({});
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      ...(literalProperties('UserPool', 'AWS::Cognito::UserPool') as Omit<
        CreateUserPoolCommandInput,
        'PoolName'
      >),
      PoolName: name,
    }),
  );
  const userPoolId = UserPool?.Id as string;
  const createClient = async (clientName: string) => {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        ...(literalProperties('UserPoolClient', 'AWS::Cognito::UserPoolClient') as Omit<
          CreateUserPoolClientCommandInput,
          'UserPoolId' | 'ClientName'
        >),
        UserPoolId: userPoolId,
        ClientName: clientName,
      }),
    );
    return UserPoolClient?.ClientId as string;
  };
  const clientId = await createClient(`${name}-api`);
  await cognito.send(
    new CreateGroupCommand({
      ...(literalProperties('AdminGroup', 'AWS::Cognito::UserPoolGroup') as Omit<
        CreateGroupCommandInput,
        'UserPoolId'
      >),
      UserPoolId: userPoolId,
    }),
  );
  return { cognito, userPoolId, clientId, createClient };
}
