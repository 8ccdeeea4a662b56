import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  createServiceTable,
  type HttpAnswer,
  httpEvent,
  invokeHttp,
  lambdaContext,
  receiveJson,
  type TestUserPool,
  testPassword,
  testUserPool,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import { vi } from 'vitest';

export const serviceDir = new URL('..', import.meta.url).pathname;

const routes = {
  'POST /auth/signup': '../src/handlers/auth/signup.ts',
  'POST /auth/confirm': '../src/handlers/auth/confirm.ts',
  'POST /auth/login': '../src/handlers/auth/login.ts',
  'POST /auth/refresh': '../src/handlers/auth/refresh.ts',
  'POST /auth/logout': '../src/handlers/auth/logout.ts',
  'GET /users/me': '../src/handlers/me/get.ts',
  'PUT /users/me': '../src/handlers/me/put.ts',
  'DELETE /users/me': '../src/handlers/me/delete.ts',
  'GET /users': '../src/handlers/users/list.ts',
} as const;
export type Route = keyof typeof routes;

export type Call = {
  token?: string;
  /** The raw authorization header, sent instead of the token's. */
  authorization?: string;
  json?: unknown;
  query?: Record<string, string>;
};

export type UsersStack = TestUserPool & {
  endpoint: string;
  tableName: string;
  /** Calls the route's real handler as API Gateway would. */
  call(route: Route, call?: Call): Promise<HttpAnswer>;
  /** Signs up (confirmed at once, as in the `local` stage) and logs in; answers the login's tokens. */
  signUpAndLogIn(
    email: string,
    name?: string,
  ): Promise<{ userId: string; accessToken: string; idToken: string; refreshToken: string }>;
  makeAdmin(email: string): Promise<void>;
  /** The events published on the user-events topic since the last call. */
  publishedEvents(): Promise<Array<{ id: string; type: string; data: Record<string, unknown> }>>;
};

export const PASSWORD = testPassword;

/**
 * The users stack in the emulator, built from serverless.yml (table, pool, client, admin group) plus
 * the topic with a queue to watch it, and the handlers loaded with the environment serverless.yml
 * gives them in the `local` stage (sign-ups confirmed at once), or, with `confirmation: 'email'`, in
 * an AWS stage (sign-ups confirmed by the emailed code).
 */
export async function startUsersStack(
  options: { confirmation?: 'immediate' | 'email' } = {},
): Promise<UsersStack> {
  const confirmation = options.confirmation ?? 'immediate';
  const endpoint = useEmulator();
  const pool = await testUserPool('users', { definedIn: serviceDir });
  const tableName = await createServiceTable(serviceDir, 'UsersTable', uniqueName('profiles'));
  const outboxTableName = await createServiceTable(serviceDir, 'OutboxTable', uniqueName('outbox'));
  const { topicArn, listenerUrl } = await topicWithListener('user-events');

  // Read once per cold start by the handlers' config, so set before they are imported.
  Object.assign(process.env, {
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.clientId,
    STAGE: confirmation === 'immediate' ? 'local' : 'dev',
    SIGN_UP_CONFIRMATION: confirmation,
    USERS_TABLE: tableName,
    OUTBOX_TABLE: outboxTableName,
    USER_EVENTS_TOPIC_ARN: topicArn,
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

  const call: UsersStack['call'] = (route, request = {}) =>
    invokeHttp(
      handlers[route],
      httpEvent(route, {
        token: request.token,
        query: request.query,
        body: request.json === undefined ? undefined : JSON.stringify(request.json),
        ...(request.authorization === undefined ? {} : { headers: { authorization: request.authorization } }),
      }),
      lambdaContext('shop-users-test'),
    );

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
    publishedEvents: () => receiveJson(listenerUrl, { waitTimeSeconds: 1 }),
  };
}
