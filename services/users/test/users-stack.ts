import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createServiceTable, uniqueName, useEmulator } from '@shop/testing';
import { vi } from 'vitest';
import { type Answer, type Call, invoke } from './http.ts';
import { createServiceUserPool, serviceDir, type TestUserPool } from './user-pool.ts';

const routes = {
  'POST /auth/signup': '../src/handlers/auth/signup.ts',
  'POST /auth/confirm': '../src/handlers/auth/confirm.ts',
  'POST /auth/login': '../src/handlers/auth/login.ts',
  'POST /auth/refresh': '../src/handlers/auth/refresh.ts',
  'GET /users/me': '../src/handlers/me/get.ts',
  'PUT /users/me': '../src/handlers/me/put.ts',
  'GET /users': '../src/handlers/users/list.ts',
} as const;
export type Route = keyof typeof routes;

export type UsersStack = TestUserPool & {
  endpoint: string;
  tableName: string;
  /** Calls the route's real handler as API Gateway would. */
  call(route: Route, call?: Call): Promise<Answer>;
  /** Signs up (confirmed at once, as in the `local` stage) and logs in; answers the login's tokens. */
  signUpAndLogIn(
    email: string,
    name?: string,
  ): Promise<{ userId: string; accessToken: string; idToken: string; refreshToken: string }>;
  makeAdmin(email: string): Promise<void>;
  /** The events published on the user-events topic since the last call. */
  publishedEvents(): Promise<Array<{ id: string; type: string; data: Record<string, unknown> }>>;
};

export const PASSWORD = 'Correct-horse-1';

/**
 * The users stack in the emulator, built from serverless.yml (table, pool, client, admin group) plus
 * the topic with a queue to watch it, and the handlers loaded with the environment serverless.yml
 * gives them in the `local` stage.
 */
export async function startUsersStack(): Promise<UsersStack> {
  const endpoint = useEmulator();
  const pool = await createServiceUserPool(uniqueName('users'));
  const tableName = await createServiceTable(serviceDir, 'UsersTable', uniqueName('profiles'));
  const sns = new SNSClient({});
  const sqs = new SQSClient({});
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('user-events') }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('user-events-watch') }));
  const queueArn = `arn:aws:sqs:us-east-1:123456789012:${QueueUrl?.split('/').at(-1)}`;
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );

  // Read once per cold start by the handlers' config, so set before they are imported.
  Object.assign(process.env, {
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.clientId,
    SIGN_UP_CONFIRMATION: 'immediate',
    USERS_TABLE: tableName,
    USER_EVENTS_TOPIC_ARN: TopicArn,
    POWERTOOLS_SERVICE_NAME: 'users',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  // Fresh handler modules for this stack's environment, even if workers are reused across files.
  vi.resetModules();
  const handlers = Object.fromEntries(
    await Promise.all(
      Object.entries(routes).map(async ([route, module]) => [route, (await import(module)).handler]),
    ),
  );

  const call: UsersStack['call'] = (route, request) => invoke(handlers[route], route, request);

  return {
    ...pool,
    endpoint,
    tableName,
    call,
    async signUpAndLogIn(email, name = 'Test User') {
      const signedUp = await call('POST /auth/signup', { json: { email, password: PASSWORD, name } });
      if (signedUp.status !== 201)
        throw new Error(`sign-up answered ${signedUp.status}: ${signedUp.rawBody}`);
      const loggedIn = await call('POST /auth/login', { json: { email, password: PASSWORD } });
      if (loggedIn.status !== 200) throw new Error(`login answered ${loggedIn.status}: ${loggedIn.rawBody}`);
      const tokens = loggedIn.body as { accessToken: string; idToken: string; refreshToken: string };
      return { userId: (signedUp.body as { userId: string }).userId, ...tokens };
    },
    async makeAdmin(email) {
      await pool.cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: email, GroupName: 'admin' }),
      );
    },
    async publishedEvents() {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const message of Messages) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
      return Messages.map((message) => JSON.parse(message.Body ?? '{}'));
    },
  };
}
