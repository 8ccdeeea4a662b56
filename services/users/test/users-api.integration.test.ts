import { AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { serviceResource } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, serviceDir, startUsersStack, type UsersStack } from './users-stack.ts';

// The users routes' real handlers against the emulated pool, table and topic, as in the `local` stage.
let stack: UsersStack;
const home = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;

beforeAll(async () => {
  stack = await startUsersStack();
});

describe('signing up, logging in and the own profile', () => {
  it('signs up confirmed at once, logs in, reads and updates the profile with the access token', async () => {
    const email = unique('ada');
    const signedUp = await stack.call('POST /auth/signup', {
      json: { email, password: PASSWORD, name: 'Ada' },
    });
    expect(signedUp.status).toBe(201);
    const { userId } = signedUp.body as { userId: string };
    expect(signedUp.body).toEqual({
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email,
      confirmed: true,
    });

    const loggedIn = await stack.call('POST /auth/login', { json: { email, password: PASSWORD } });
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body).toEqual({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    const { accessToken } = loggedIn.body as { accessToken: string };

    const me = await stack.call('GET /users/me', { token: accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ userId, email, name: 'Ada', addresses: [], createdAt: expect.any(String) });

    const updated = await stack.call('PUT /users/me', {
      token: accessToken,
      json: { name: 'Ada Lovelace', addresses: [home] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...(me.body as object), name: 'Ada Lovelace', addresses: [home] });
    expect((await stack.call('GET /users/me', { token: accessToken })).body).toEqual(updated.body);
  });

  it('publishes UserRegistered once the sign-up is confirmed', async () => {
    await stack.publishedEvents();
    const email = unique('grace');
    const { userId } = await stack.signUpAndLogIn(email, 'Grace');
    const events = await stack.publishedEvents();
    expect(events).toEqual([
      expect.objectContaining({
        id: `UserRegistered-${userId}`,
        type: 'UserRegistered',
        version: 1,
        source: 'users',
        data: { userId, email, name: 'Grace' },
      }),
    ]);
  });

  it('treats the email case-insensitively: the same address in capitals is taken and logs in', async () => {
    const email = unique('case');
    await stack.signUpAndLogIn(email);
    const again = await stack.call('POST /auth/signup', {
      json: { email: email.toUpperCase(), password: PASSWORD, name: 'Copy' },
    });
    expect(again.status).toBe(409);
    const login = await stack.call('POST /auth/login', {
      json: { email: email.toUpperCase(), password: PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('answers 204 to any well-formed confirmation, known email or not (sign-ups are already confirmed locally)', async () => {
    const email = unique('confirm');
    await stack.signUpAndLogIn(email);
    const known = await stack.call('POST /auth/confirm', { json: { email, code: '123456' } });
    const unknown = await stack.call('POST /auth/confirm', {
      json: { email: unique('nobody'), code: '999' },
    });
    expect(known.status).toBe(204);
    expect(unknown.status).toBe(204);
    expect(unknown.rawBody).toBe(known.rawBody);
    const malformed = await stack.call('POST /auth/confirm', { json: { email: 'not-an-email', code: '' } });
    expect(malformed.status).toBe(400);
  });
});

describe('sessions: refresh tokens rotate, logging out revokes them', () => {
  type Tokens = { accessToken: string; idToken: string; refreshToken: string; expiresIn: number };
  const refresh = (refreshToken: string) => stack.call('POST /auth/refresh', { json: { refreshToken } });

  it('refreshes with a new refresh token each time; the new access token works', async () => {
    const { refreshToken } = await stack.signUpAndLogIn(unique('refresh'));
    const refreshed = await refresh(refreshToken);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    const next = refreshed.body as Tokens;
    expect(next.refreshToken).not.toBe(refreshToken);
    expect((await stack.call('GET /users/me', { token: next.accessToken })).status).toBe(200);
    // The rotated token refreshes in turn, and rotates again.
    const again = await refresh(next.refreshToken);
    expect(again.status).toBe(200);
    expect((again.body as Tokens).refreshToken).not.toBe(next.refreshToken);
  });

  it("puts the shop's attributes of the user in the ID token (the storefront shows the name)", async () => {
    const email = unique('claims');
    const { idToken } = await stack.signUpAndLogIn(email, 'Claire');
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ email, name: 'Claire' });
  });

  it('refuses a made-up refresh token, and one that is not even of a token form, with a 401', async () => {
    for (const refreshToken of ['not-a-refresh-token', 'spaces and $ymbols']) {
      const refused = await refresh(refreshToken);
      expect(refused.status).toBe(401);
      expect(refused.headers['Content-Type']).toBe('application/problem+json');
    }
  });

  it('keeps an old refresh token for the grace period only (a retry of a lost answer), then refuses it', async () => {
    const { Properties } = serviceResource(serviceDir, 'UserPoolClient');
    const grace = (Properties.RefreshTokenRotation as { RetryGracePeriodSeconds: number })
      .RetryGracePeriodSeconds;
    const { refreshToken } = await stack.signUpAndLogIn(unique('grace'));
    expect((await refresh(refreshToken)).status).toBe(200);
    expect((await refresh(refreshToken)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, grace * 1000 + 500));
    const late = await refresh(refreshToken);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  }, 60_000);

  it('logs out: 204, and the refresh token (rotated ones too) refreshes nothing any more', async () => {
    const { refreshToken } = await stack.signUpAndLogIn(unique('logout'));
    const rotated = (await refresh(refreshToken)).body as Tokens;
    const loggedOut = await stack.call('POST /auth/logout', { json: { refreshToken: rotated.refreshToken } });
    expect(loggedOut.status).toBe(204);
    expect(loggedOut.rawBody ?? '').toBe('');
    expect((await refresh(rotated.refreshToken)).status).toBe(401);
    // The token it was rotated from is still in its grace period, and ended with it.
    expect((await refresh(refreshToken)).status).toBe(401);
  });

  it('ends only the session logged out of; another sign-in of the same user goes on', async () => {
    const email = unique('two-devices');
    const first = await stack.signUpAndLogIn(email);
    const second = (await stack.call('POST /auth/login', { json: { email, password: PASSWORD } }))
      .body as Tokens;
    await stack.call('POST /auth/logout', { json: { refreshToken: first.refreshToken } });
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  it('answers the same 204 to logging out twice, with an unknown token and with a malformed one', async () => {
    const { refreshToken } = await stack.signUpAndLogIn(unique('logout-twice'));
    const answers = [];
    for (const token of [refreshToken, refreshToken, 'unknown-token', 'not a token at all!']) {
      answers.push(await stack.call('POST /auth/logout', { json: { refreshToken: token } }));
    }
    expect(answers.map((answer) => answer.status)).toEqual([204, 204, 204, 204]);
    expect(new Set(answers.map((answer) => answer.rawBody ?? ''))).toEqual(new Set(['']));
  });

  it('refuses a logout body without a refresh token or with other fields', async () => {
    for (const json of [{}, { refreshToken: '' }, { refreshToken: 'x', userId: 'someone' }]) {
      expect((await stack.call('POST /auth/logout', { json })).status).toBe(400);
    }
  });
});

describe('bad sign-ups and logins', () => {
  it('answers 400 for a weak password, saying what the policy wants, and creates no account', async () => {
    const email = unique('weak');
    const weak = await stack.call('POST /auth/signup', {
      json: { email, password: 'password', name: 'Weak' },
    });
    expect(weak.status).toBe(400);
    expect(weak.headers['Content-Type']).toBe('application/problem+json');
    expect(weak.body).toMatchObject({
      status: 400,
      detail:
        'The password is too weak: it must have at least 10 characters, with a lowercase letter, an uppercase letter and a number.',
      errors: [
        { field: 'password', message: 'Needs at least 10 characters, an uppercase letter and a number' },
      ],
    });
    // Nothing was created: the address is still free.
    const strong = await stack.call('POST /auth/signup', {
      json: { email, password: PASSWORD, name: 'Strong' },
    });
    expect(strong.status).toBe(201);
  });

  it('answers 409 when the email is taken', async () => {
    const email = unique('taken');
    await stack.signUpAndLogIn(email);
    const again = await stack.call('POST /auth/signup', {
      json: { email, password: PASSWORD, name: 'Again' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, title: 'Conflict' });
  });

  it('answers a wrong password and an unknown email with the very same 401', async () => {
    const email = unique('login');
    await stack.signUpAndLogIn(email);
    const wrongPassword = await stack.call('POST /auth/login', {
      json: { email, password: 'Wrong-password-1' },
    });
    const unknownEmail = await stack.call('POST /auth/login', {
      json: { email: unique('stranger'), password: PASSWORD },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.rawBody).toBe(wrongPassword.rawBody);
    expect(unknownEmail.headers).toEqual(wrongPassword.headers);
  });

  it('refuses a name with control characters, at sign-up and in a change, and changes nothing', async () => {
    const email = unique('controls');
    const signUp = await stack.call('POST /auth/signup', {
      json: { email, password: PASSWORD, name: 'Ada\r\nBcc: eve@example.com' },
    });
    expect(signUp.status).toBe(400);
    expect(signUp.body).toMatchObject({ errors: [{ field: 'name' }] });
    const { accessToken } = await stack.signUpAndLogIn(email, 'Ada');
    const change = await stack.call('PUT /users/me', {
      token: accessToken,
      json: { name: 'Ada\u202Etxt.exe' },
    });
    expect(change.status).toBe(400);
    expect((await stack.call('GET /users/me', { token: accessToken })).body).toMatchObject({ name: 'Ada' });
  });

  it('refuses unknown sign-up fields such as groups', async () => {
    const answer = await stack.call('POST /auth/signup', {
      json: { email: unique('sneaky'), password: PASSWORD, name: 'Sneaky', groups: ['admin'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ field: 'groups', message: 'Unknown field' }] });
  });
});

describe('what a user may change and see', () => {
  it.each([
    ['userId', { userId: 'someone-else' }],
    ['email', { email: 'other@example.com' }],
    ['groups', { groups: ['admin'] }],
    ['an unknown field', { nickname: 'x' }],
  ])('refuses a PUT /users/me with %s and changes nothing', async (_, extra) => {
    const { accessToken } = await stack.signUpAndLogIn(unique('put'), 'Before');
    const before = await stack.call('GET /users/me', { token: accessToken });
    const answer = await stack.call('PUT /users/me', {
      token: accessToken,
      json: { name: 'After', ...extra },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      errors: [{ field: Object.keys(extra)[0], message: 'Unknown field' }],
    });
    expect((await stack.call('GET /users/me', { token: accessToken })).body).toEqual(before.body);
  });

  it("never shows or changes another user's profile", async () => {
    const ada = await stack.signUpAndLogIn(unique('a'), 'User A');
    const bob = await stack.signUpAndLogIn(unique('b'), 'User B');
    const asBob = await stack.call('GET /users/me', {
      token: bob.accessToken,
      query: { userId: ada.userId },
    });
    expect(asBob.body).toMatchObject({ userId: bob.userId, name: 'User B' });
    await stack.call('PUT /users/me', { token: bob.accessToken, json: { name: 'Changed by B' } });
    expect((await stack.call('GET /users/me', { token: ada.accessToken })).body).toMatchObject({
      userId: ada.userId,
      name: 'User A',
    });
    const list = await stack.call('GET /users', { token: bob.accessToken });
    expect(list.status).toBe(403);
  });
});

describe('the admin list of users', () => {
  it('lists every profile a page at a time to an admin', async () => {
    const admin = unique('admin');
    await stack.signUpAndLogIn(admin, 'Admin');
    await stack.makeAdmin(admin);
    const customer = await stack.signUpAndLogIn(unique('listed'), 'Listed');
    // Group membership is in the token, so log in again after joining the group.
    const login = await stack.call('POST /auth/login', { json: { email: admin, password: PASSWORD } });
    const { accessToken } = login.body as { accessToken: string };

    const seen: Array<{ userId: string }> = [];
    let cursor: string | null = null;
    do {
      const page = await stack.call('GET /users', {
        token: accessToken,
        query: cursor ? { limit: '2', cursor } : { limit: '2' },
      });
      expect(page.status).toBe(200);
      const body = page.body as { items: Array<{ userId: string }>; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.map((profile) => profile.userId)).toContain(customer.userId);
    expect(new Set(seen.map((profile) => profile.userId)).size).toBe(seen.length);
  });

  it('answers 403 to a customer and 400 to a forged cursor', async () => {
    const customer = await stack.signUpAndLogIn(unique('customer'));
    const forbidden = await stack.call('GET /users', { token: customer.accessToken });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ status: 403, title: 'Forbidden' });

    const admin = unique('admin2');
    await stack.signUpAndLogIn(admin);
    await stack.makeAdmin(admin);
    const { accessToken } = (
      await stack.call('POST /auth/login', { json: { email: admin, password: PASSWORD } })
    ).body as { accessToken: string };
    const forged = Buffer.from(JSON.stringify({ userId: 1, admin: true })).toString('base64url');
    const bad = await stack.call('GET /users', { token: accessToken, query: { cursor: forged } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ field: 'cursor' }] });
  });
});

describe('a confirmed account whose registration was lost (the post-confirmation trigger failed)', () => {
  it('gets its profile and its UserRegistered on the first GET /users/me, and only once', async () => {
    await stack.publishedEvents();
    // Created and confirmed in Cognito directly: no sign-up route, no trigger, so no profile.
    const { token, userId, email } = await stack.signIn(unique('lost'));

    const me = await stack.call('GET /users/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      userId,
      email,
      name: expect.any(String),
      addresses: [],
      createdAt: expect.any(String),
    });
    expect(await stack.publishedEvents()).toEqual([
      expect.objectContaining({
        id: `UserRegistered-${userId}`,
        data: expect.objectContaining({ userId, email }),
      }),
    ]);

    expect((await stack.call('GET /users/me', { token })).body).toEqual(me.body);
    expect(await stack.publishedEvents()).toEqual([]);
  });

  it("is named after its email when the pool's name is not a valid display name", async () => {
    const { token, email } = await stack.signIn(unique('lost-bad-name'));
    await stack.cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: stack.userPoolId,
        Username: email,
        UserAttributes: [{ Name: 'name', Value: `Eve\u0000${'x'.repeat(300)}` }],
      }),
    );
    const me = await stack.call('GET /users/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, name: email.split('@')[0] });
  });

  it('gets its profile on a PUT /users/me too, with the change applied', async () => {
    const { token, userId } = await stack.signIn(unique('lost-put'));
    const updated = await stack.call('PUT /users/me', { token, json: { addresses: [home] } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ userId, addresses: [home] });
    expect((await stack.call('GET /users/me', { token })).body).toEqual(updated.body);
  });
});
