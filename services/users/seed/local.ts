import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ADMIN_GROUP } from '@shop/auth';
import { snsEventPublisher, transactionalOutbox } from '@shop/events';
import { dynamoProfileStore } from '../src/adapters/dynamo-profile-store.ts';
import { registerUser } from '../src/domain/registration.ts';

interface SeedContext {
  stage?: string;
  env: Record<string, string | undefined>;
  outputs: Record<string, string | undefined>;
  /** Physical name (the `Ref` value) of each resource, by logical id. */
  resources?: Record<string, string | undefined>;
}

export const LOCAL_ADMIN_EMAIL = 'admin@example.com';
const DEFAULT_ADMIN_PASSWORD = 'Admin-pass-1';

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`The users stack has no ${name} output.`);
  return value;
}

/**
 * Creates the local admin: confirmed, in the `admin` group, with a profile, registered through the
 * same code a confirmed sign-up runs. Safe to run again (the password is reset to the configured one).
 */
export default async function seed({ env, outputs, resources = {} }: SeedContext): Promise<string> {
  const userPoolId = required(outputs.UserPoolId ?? resources.UserPool, 'UserPoolId');
  const tableName = required(outputs.UsersTableName ?? resources.UsersTable, 'UsersTableName');
  const topicArn = required(outputs.UserEventsTopicArn ?? resources.UserEventsTopic, 'UserEventsTopicArn');
  const outboxTableName = required(outputs.OutboxTableName ?? resources.OutboxTable, 'OutboxTableName');
  const password = env.LOCAL_ADMIN_PASSWORD ?? process.env.LOCAL_ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD;
  const clientConfig = {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  };
  const cognito = new CognitoIdentityProviderClient(clientConfig);

  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: LOCAL_ADMIN_EMAIL,
        UserAttributes: [
          { Name: 'email', Value: LOCAL_ADMIN_EMAIL },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Shop Admin' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
  } catch (error) {
    // Seeded before: keep the account, reset what the seed promises below.
    if (
      !(error instanceof CognitoIdentityProviderServiceException && error.name === 'UsernameExistsException')
    )
      throw error;
  }
  try {
    // A permanent password also confirms the account.
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: LOCAL_ADMIN_EMAIL,
        Password: password,
        Permanent: true,
      }),
    );
  } catch (error) {
    if (error instanceof CognitoIdentityProviderServiceException && error.name === 'InvalidPasswordException')
      throw new Error(`LOCAL_ADMIN_PASSWORD does not meet the user pool's password policy.`, {
        cause: error,
      });
    throw error;
  }
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: LOCAL_ADMIN_EMAIL,
      GroupName: ADMIN_GROUP,
    }),
  );
  const { UserAttributes = [] } = await cognito.send(
    new AdminGetUserCommand({ UserPoolId: userPoolId, Username: LOCAL_ADMIN_EMAIL }),
  );
  const sub = UserAttributes.find((attribute) => attribute.Name === 'sub')?.Value;
  if (!sub) throw new Error('The local admin has no sub attribute.');

  const client = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
  const outbox = transactionalOutbox({
    tableName: outboxTableName,
    client,
    publisher: snsEventPublisher({ topicArn, client: new SNSClient(clientConfig) }),
  });
  await registerUser(
    { userId: sub, email: LOCAL_ADMIN_EMAIL, name: 'Shop Admin' },
    { profiles: dynamoProfileStore({ tableName, client, outbox }) },
  );
  return `admin: ${LOCAL_ADMIN_EMAIL} / ${password} (POST /auth/login)`;
}
