import { AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startUsersStack, type UsersStack } from './users-stack.ts';

// DELETE /users/me against the emulated pool, table, outbox and topic.
let stack: UsersStack;
const home = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const dynamo = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));
const item = async (TableName: string, Key: Record<string, string>) =>
  (await dynamo().send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
const outboxTable = () => process.env.OUTBOX_TABLE as string;

beforeAll(async () => {
  stack = await startUsersStack();
});

describe('erasing an account (DELETE /users/me)', () => {
  it('erases the account and profile, announces UserErased once, and a repeat is a harmless 204', async () => {
    const email = unique('leaving');
    const { userId, accessToken } = await stack.signUpAndLogIn(email, 'Leaving');
    await stack.call('PUT /users/me', { token: accessToken, json: { addresses: [home] } });
    expect(await item(outboxTable(), { id: `UserRegistered-${userId}` })).toBeDefined();
    await stack.publishedEvents();

    const erased = await stack.call('DELETE /users/me', { token: accessToken });
    expect(erased.status).toBe(204);

    expect(await stack.publishedEvents()).toEqual([
      expect.objectContaining({
        id: `UserErased-${userId}`,
        type: 'UserErased',
        version: 1,
        data: { userId },
      }),
    ]);
    // Nothing of the person is left here: no profile, no UserRegistered (email, name) in the outbox.
    expect(await item(stack.tableName, { userId })).toBeUndefined();
    expect(await item(outboxTable(), { id: `UserRegistered-${userId}` })).toBeUndefined();
    // No login, and the old access token (still a valid JWT) gets nothing back: no profile comes back.
    expect((await stack.call('POST /auth/login', { json: { email, password: PASSWORD } })).status).toBe(401);
    const me = await stack.call('GET /users/me', { token: accessToken });
    expect(me.status).toBe(401);
    expect(await item(stack.tableName, { userId })).toBeUndefined();

    const again = await stack.call('DELETE /users/me', { token: accessToken });
    expect(again.status).toBe(204);
    expect(await stack.publishedEvents()).toEqual([]);
    // The email is free again for a new sign-up, which is a new user.
    const returning = await stack.call('POST /auth/signup', {
      json: { email, password: PASSWORD, name: 'Back' },
    });
    expect(returning.status).toBe(201);
    expect((returning.body as { userId: string }).userId).not.toBe(userId);
  });

  it('finishes an erasure that stopped after the account was deleted', async () => {
    const email = unique('half-way');
    const { userId, accessToken } = await stack.signUpAndLogIn(email);
    await stack.publishedEvents();
    // The first attempt deleted the account and then died before the profile's write.
    await stack.cognito.send(new AdminDeleteUserCommand({ UserPoolId: stack.userPoolId, Username: email }));

    expect((await stack.call('DELETE /users/me', { token: accessToken })).status).toBe(204);
    expect(await item(stack.tableName, { userId })).toBeUndefined();
    expect(await stack.publishedEvents()).toEqual([expect.objectContaining({ id: `UserErased-${userId}` })]);
  });

  it('refuses a session that was logged out (its tokens revoked), erasing nothing', async () => {
    const email = unique('logged-out');
    const { userId, accessToken, refreshToken } = await stack.signUpAndLogIn(email);
    await stack.call('POST /auth/logout', { json: { refreshToken } });
    await stack.publishedEvents();

    const refused = await stack.call('DELETE /users/me', { token: accessToken });
    expect(refused.status).toBe(401);
    expect(await item(stack.tableName, { userId })).toBeDefined();
    expect(await stack.publishedEvents()).toEqual([]);
    const login = await stack.call('POST /auth/login', { json: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
  });

  it("erases only the caller's own account", async () => {
    const ada = await stack.signUpAndLogIn(unique('ada'), 'Ada');
    const bob = await stack.signUpAndLogIn(unique('bob'), 'Bob');
    expect(
      (await stack.call('DELETE /users/me', { token: bob.accessToken, query: { userId: ada.userId } }))
        .status,
    ).toBe(204);
    expect((await stack.call('GET /users/me', { token: ada.accessToken })).body).toMatchObject({
      userId: ada.userId,
      name: 'Ada',
    });
    expect(await item(stack.tableName, { userId: bob.userId })).toBeUndefined();
  });
});
