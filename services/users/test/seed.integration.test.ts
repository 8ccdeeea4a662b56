import { beforeAll, describe, expect, it } from 'vitest';
import seed from '../seed/local.ts';
import { startUsersStack, type UsersStack } from './users-stack.ts';

let stack: UsersStack;
let outputs: Record<string, string>;

beforeAll(async () => {
  stack = await startUsersStack();
  outputs = {
    UserPoolId: stack.userPoolId,
    UserPoolClientId: stack.clientId,
    UsersTableName: stack.tableName,
    OutboxTableName: process.env.OUTBOX_TABLE as string,
    UserEventsTopicArn: process.env.USER_EVENTS_TOPIC_ARN as string,
  };
});

describe('the local seed', () => {
  it('creates the admin, who logs in with the default password, lists users and has a profile', async () => {
    // The default applies only when LOCAL_ADMIN_PASSWORD is set nowhere.
    delete process.env.LOCAL_ADMIN_PASSWORD;
    const env = { ...process.env };
    const line = await seed({ stage: 'local', env, outputs });
    expect(line).toContain('admin@example.com');
    expect(line).toContain('Admin-pass-1');

    const login = await stack.call('POST /auth/login', {
      json: { email: 'admin@example.com', password: 'Admin-pass-1' },
    });
    expect(login.status).toBe(200);
    const { accessToken } = login.body as { accessToken: string };
    expect((await stack.call('GET /users', { token: accessToken })).status).toBe(200);
    expect((await stack.call('GET /users/me', { token: accessToken })).body).toMatchObject({
      email: 'admin@example.com',
      name: 'Shop Admin',
    });
  });

  it('can run again, and takes the password from LOCAL_ADMIN_PASSWORD', async () => {
    const line = await seed({
      stage: 'local',
      env: { ...process.env, LOCAL_ADMIN_PASSWORD: 'Other-admin-2' },
      outputs,
    });
    expect(line).toContain('Other-admin-2');
    const login = await stack.call('POST /auth/login', {
      json: { email: 'admin@example.com', password: 'Other-admin-2' },
    });
    expect(login.status).toBe(200);
  });
});
