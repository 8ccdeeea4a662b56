import { describe, expect, it } from 'vitest';
import { createSessionStore, decodeJwtPayload, SESSION_KEY, userFromTokens } from '../src/session.ts';
import { fakeJwt, memoryStorage } from './helpers.ts';

const adminAccess = fakeJwt({ sub: 'u-1', username: 'u-1', 'cognito:groups': ['admin'] });
const customerAccess = fakeJwt({ sub: 'u-2', username: 'u-2' });
const idToken = fakeJwt({ sub: 'u-1', email: 'ada@example.com', name: 'Ada' });
const login = (accessToken: string) => ({ accessToken, idToken, refreshToken: 'r-1', expiresIn: 3600 });

describe('decodeJwtPayload', () => {
  it('reads the claims of a base64url token, unicode included', () => {
    expect(decodeJwtPayload(fakeJwt({ name: 'Zoë ✓', n: 1 }))).toEqual({ name: 'Zoë ✓', n: 1 });
  });

  it('answers undefined for something that is not a token', () => {
    expect(decodeJwtPayload('nonsense')).toBeUndefined();
    expect(decodeJwtPayload('a.%%%.c')).toBeUndefined();
  });
});

describe('userFromTokens', () => {
  it('makes an admin of a user whose access token lists the admin group', () => {
    expect(userFromTokens({ accessToken: adminAccess, idToken })).toEqual({
      userId: 'u-1',
      email: 'ada@example.com',
      name: 'Ada',
      groups: ['admin'],
      isAdmin: true,
    });
  });

  it('makes a customer of a user without groups', () => {
    const user = userFromTokens({ accessToken: customerAccess, idToken });
    expect(user.isAdmin).toBe(false);
    expect(user.groups).toEqual([]);
  });
});

describe('createSessionStore', () => {
  it('keeps the tokens in memory and in storage, with the expiry as a time', () => {
    const storage = memoryStorage();
    const session = createSessionStore(storage, () => 1_000);
    session.signIn(login(customerAccess));
    expect(session.tokens()).toEqual({
      accessToken: customerAccess,
      idToken,
      refreshToken: 'r-1',
      expiresAt: 3_601_000,
    });
    expect(JSON.parse(storage.values.get(SESSION_KEY) ?? '')).toEqual(session.tokens());
  });

  it('restores a saved session after a reload', () => {
    const storage = memoryStorage();
    createSessionStore(storage).signIn(login(adminAccess));
    const restored = createSessionStore(storage);
    expect(restored.user()?.isAdmin).toBe(true);
  });

  it('ignores and removes a corrupt saved session', () => {
    const storage = memoryStorage({ [SESSION_KEY]: '{not json' });
    expect(createSessionStore(storage).tokens()).toBeUndefined();
    expect(storage.values.has(SESSION_KEY)).toBe(false);
  });

  it('keeps the refresh token when the access token is refreshed', () => {
    let now = 0;
    const session = createSessionStore(memoryStorage(), () => now);
    session.signIn(login(customerAccess));
    now = 10_000;
    session.refreshed({ accessToken: 'a-2', idToken: 'i-2', expiresIn: 60 });
    expect(session.tokens()).toEqual({
      accessToken: 'a-2',
      idToken: 'i-2',
      refreshToken: 'r-1',
      expiresAt: 70_000,
    });
  });

  it('keeps the rotated refresh token a refresh answers', () => {
    const storage = memoryStorage();
    const session = createSessionStore(storage, () => 0);
    session.signIn(login(customerAccess));
    session.refreshed({ accessToken: 'a-2', idToken: 'i-2', refreshToken: 'r-2', expiresIn: 60 });
    expect(session.tokens()?.refreshToken).toBe('r-2');
    // A reload still has it: the old one stops working after the server's grace period.
    expect(createSessionStore(storage).tokens()?.refreshToken).toBe('r-2');
  });

  it('says when the access token expires soon', () => {
    let now = 0;
    const session = createSessionStore(undefined, () => now);
    expect(session.expiresSoon()).toBe(true);
    session.signIn({ ...login(customerAccess), expiresIn: 60 });
    expect(session.expiresSoon(30_000)).toBe(false);
    now = 31_000;
    expect(session.expiresSoon(30_000)).toBe(true);
  });

  it('forgets everything on sign-out and tells its listeners', () => {
    const storage = memoryStorage();
    const session = createSessionStore(storage);
    const seen: Array<string | undefined> = [];
    session.subscribe(() => seen.push(session.user()?.userId));
    session.signIn(login(adminAccess));
    session.signOut();
    expect(seen).toEqual(['u-1', undefined]);
    expect(storage.values.size).toBe(0);
  });

  it('still works in memory when storage refuses to write', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const session = createSessionStore(storage);
    session.signIn(login(customerAccess));
    expect(session.user()?.userId).toBe('u-2');
  });
});
