import { userRegistered } from '@shop/contracts';
import { ConflictError, ValidationError } from '@shop/errors';
import type { EventEnvelope } from '@shop/events';
import { describe, expect, it, vi } from 'vitest';
import type { IdentityProvider } from '../src/domain/identity.ts';
import type { Profile, ProfileStore } from '../src/domain/profile.ts';
import {
  changeOwnProfile,
  confirmSignUp,
  ownProfile,
  registerUser,
  signUp,
} from '../src/domain/registration.ts';

/** Profiles in memory; `announced` holds the events stored with new profiles (the outbox). */
function memoryProfiles(): ProfileStore & { saved: Map<string, Profile>; announced: EventEnvelope[] } {
  const saved = new Map<string, Profile>();
  const announced: EventEnvelope[] = [];
  return {
    saved,
    announced,
    async create(profile, announcement) {
      const existing = saved.get(profile.userId);
      if (existing) return { profile: existing, created: false };
      saved.set(profile.userId, profile);
      announced.push(announcement);
      return { profile, created: true };
    },
    async find(userId) {
      return saved.get(userId);
    },
    async update(userId, changes) {
      const existing = saved.get(userId);
      if (!existing) return undefined;
      const changed = { ...existing, ...changes };
      saved.set(userId, changed);
      return changed;
    },
    async erase() {
      throw new Error('not used');
    },
    async list() {
      throw new Error('not used');
    },
  };
}

function fakeIdentity(confirmedBySignUp = false) {
  return {
    signUp: vi.fn(async () => ({ userId: 'u-1', confirmed: confirmedBySignUp })),
    removeUnconfirmed: vi.fn(async () => false),
    confirmWithoutCode: vi.fn(async () => undefined),
    confirm: vi.fn(async () => undefined),
    logIn: vi.fn(),
    refresh: vi.fn(),
    logOut: vi.fn(),
    deleteAccount: vi.fn(),
    currentUser: vi.fn(async () => ({ userId: 'u-1', email: 'ada@example.com', name: 'Ada' })),
  } satisfies IdentityProvider;
}

const clock = (iso: string) => () => new Date(iso);
const ada = { userId: 'u-1', email: 'ada@example.com', name: 'Ada' };

describe('registering a confirmed user', () => {
  it('creates the profile and publishes UserRegistered with its data', async () => {
    const profiles = memoryProfiles();
    const profile = await registerUser(ada, { profiles, now: clock('2026-01-01T00:00:00.000Z') }, 'corr-1');
    expect(profiles.saved.get('u-1')).toEqual(profile);
    expect(profiles.announced).toHaveLength(1);
    const [event] = profiles.announced;
    expect(userRegistered.envelope.parse(event)).toMatchObject({
      type: 'UserRegistered',
      version: 1,
      source: 'users',
      correlationId: 'corr-1',
      data: { userId: 'u-1', email: 'ada@example.com', name: 'Ada' },
    });
  });

  it('keeps the first profile and announces nothing more when run again (a repeated confirmation)', async () => {
    const profiles = memoryProfiles();
    const first = await registerUser(ada, { profiles, now: clock('2026-01-01T00:00:00.000Z') });
    const again = await registerUser(
      { ...ada, name: 'Someone else' },
      { profiles, now: clock('2026-02-01T00:00:00.000Z') },
    );
    expect(again).toEqual(first);
    expect(profiles.announced.map((event) => event.id)).toEqual(['UserRegistered-u-1']);
  });

  it('publishes nothing when the profile cannot be stored', async () => {
    const profiles = memoryProfiles();
    profiles.create = async () => {
      throw new Error('DynamoDB is down');
    };
    await expect(registerUser(ada, { profiles })).rejects.toThrow('DynamoDB is down');
    expect(profiles.announced).toEqual([]);
  });
});

describe('signing up', () => {
  const request = { email: 'ada@example.com', password: 'Long-enough-1', name: 'Ada' };

  it('where sign-ups are confirmed by email, creates an unconfirmed account and nothing else', async () => {
    const identity = fakeIdentity();
    const profiles = memoryProfiles();
    const result = await signUp(request, { identity, profiles, confirmation: 'email' });
    expect(result).toEqual({ userId: 'u-1', email: 'ada@example.com', confirmed: false });
    expect(identity.confirmWithoutCode).not.toHaveBeenCalled();
    expect(profiles.saved.size).toBe(0);
    expect(profiles.announced).toEqual([]);
  });

  it('where sign-ups are confirmed at once, confirms and registers in the same request', async () => {
    const identity = fakeIdentity();
    const profiles = memoryProfiles();
    const result = await signUp(request, { identity, profiles, confirmation: 'immediate' });
    expect(result).toEqual({ userId: 'u-1', email: 'ada@example.com', confirmed: true });
    expect(identity.confirmWithoutCode).toHaveBeenCalledWith('ada@example.com');
    expect(profiles.saved.get('u-1')).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
    expect(profiles.announced.map((event) => event.type)).toEqual(['UserRegistered']);
  });

  it('registers nobody when the identity provider refuses the sign-up', async () => {
    const identity = fakeIdentity();
    identity.signUp.mockRejectedValue(new ConflictError('taken'));
    const profiles = memoryProfiles();
    await expect(signUp(request, { identity, profiles, confirmation: 'immediate' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(profiles.saved.size).toBe(0);
    expect(profiles.announced).toEqual([]);
  });
});

describe('signing up an email that already has an account', () => {
  const request = { email: 'ada@example.com', password: 'Long-enough-1', name: 'Ada' };
  const taken = () => new ConflictError('An account with this email already exists.');

  it('replaces an account that was never confirmed, so a stale sign-up cannot block the owner', async () => {
    const identity = fakeIdentity();
    identity.signUp.mockRejectedValueOnce(taken()).mockResolvedValueOnce({ userId: 'u-2', confirmed: false });
    identity.removeUnconfirmed.mockResolvedValue(true);
    const result = await signUp(request, { identity, profiles: memoryProfiles(), confirmation: 'email' });
    expect(result).toEqual({ userId: 'u-2', email: 'ada@example.com', confirmed: false });
    expect(identity.removeUnconfirmed).toHaveBeenCalledWith('ada@example.com');
    // The new sign-up, with this request's password, is the one that gets a code.
    expect(identity.signUp).toHaveBeenCalledTimes(2);
    expect(identity.signUp).toHaveBeenLastCalledWith(request);
  });

  it('keeps a confirmed account: 409, nothing deleted, no second sign-up', async () => {
    const identity = fakeIdentity();
    identity.signUp.mockRejectedValue(taken());
    const profiles = memoryProfiles();
    await expect(signUp(request, { identity, profiles, confirmation: 'immediate' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(identity.removeUnconfirmed).toHaveBeenCalledOnce();
    expect(identity.signUp).toHaveBeenCalledOnce();
    expect(profiles.saved.size).toBe(0);
  });

  it('looks at no existing account when the sign-up failed for another reason', async () => {
    const identity = fakeIdentity();
    identity.signUp.mockRejectedValue(new ValidationError('weak', [{ field: 'password', message: 'weak' }]));
    await expect(
      signUp(request, { identity, profiles: memoryProfiles(), confirmation: 'email' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(identity.removeUnconfirmed).not.toHaveBeenCalled();
  });
});

describe('confirming a sign-up', () => {
  const request = { email: 'ada@example.com', code: '123456' };

  it('redeems the code where sign-ups are confirmed by email, and passes its refusal on', async () => {
    const identity = fakeIdentity();
    await confirmSignUp(request, { identity, confirmation: 'email' });
    expect(identity.confirm).toHaveBeenCalledWith('ada@example.com', '123456');
    const refusal = new ValidationError('not confirmed', [
      { field: 'code', message: 'Wrong or expired code' },
    ]);
    identity.confirm.mockRejectedValue(refusal);
    await expect(confirmSignUp(request, { identity, confirmation: 'email' })).rejects.toBe(refusal);
  });

  it('asks nothing where sign-ups are confirmed at once: every request gets the same answer', async () => {
    const identity = fakeIdentity();
    identity.confirm.mockRejectedValue(new Error('must not be called'));
    await expect(confirmSignUp(request, { identity, confirmation: 'immediate' })).resolves.toBeUndefined();
    expect(identity.confirm).not.toHaveBeenCalled();
  });
});

describe("the caller's own profile", () => {
  const caller = { userId: 'u-1', accessToken: 'access-token' };

  it('is read from the store when it exists, asking the identity provider nothing', async () => {
    const identity = fakeIdentity();
    const profiles = memoryProfiles();
    const existing = await registerUser(ada, { profiles });
    expect(await ownProfile(caller, { identity, profiles })).toEqual(existing);
    expect(identity.currentUser).not.toHaveBeenCalled();
  });

  it('is registered from the account when the registration was lost (a failed trigger), once', async () => {
    const identity = fakeIdentity();
    const profiles = memoryProfiles();
    const profile = await ownProfile(caller, { identity, profiles }, 'corr-9');
    expect(identity.currentUser).toHaveBeenCalledWith('access-token');
    expect(profile).toMatchObject({ userId: 'u-1', email: 'ada@example.com', name: 'Ada' });
    expect(profiles.saved.get('u-1')).toEqual(profile);
    expect(profiles.announced).toEqual([
      expect.objectContaining({ type: 'UserRegistered', correlationId: 'corr-9' }),
    ]);
    await ownProfile(caller, { identity, profiles });
    expect(identity.currentUser).toHaveBeenCalledOnce();
    expect(profiles.announced).toHaveLength(1);
  });

  it('refuses an account that answers another id, registering nothing', async () => {
    const identity = fakeIdentity();
    identity.currentUser.mockResolvedValue({ userId: 'u-2', email: 'eve@example.com', name: 'Eve' });
    const profiles = memoryProfiles();
    await expect(ownProfile(caller, { identity, profiles })).rejects.toMatchObject({ status: 401 });
    expect(profiles.saved.size).toBe(0);
    expect(profiles.announced).toEqual([]);
  });
});

describe("changing the caller's own profile", () => {
  const caller = { userId: 'u-1', accessToken: 'access-token' };
  const home = { line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' };

  it('applies the changes to the existing profile, asking the identity provider nothing', async () => {
    const identity = fakeIdentity();
    const profiles = memoryProfiles();
    await registerUser(ada, { profiles });

    const changed = await changeOwnProfile(caller, { name: 'Ada L.' }, { identity, profiles });

    expect(changed).toMatchObject({ userId: 'u-1', name: 'Ada L.', addresses: [] });
    expect(profiles.saved.get('u-1')).toEqual(changed);
    expect(identity.currentUser).not.toHaveBeenCalled();
    expect(profiles.announced).toHaveLength(1);
  });

  it('registers a confirmed user whose registration was lost, once, then applies the changes', async () => {
    const identity = fakeIdentity();
    const profiles = memoryProfiles();

    const changed = await changeOwnProfile(caller, { addresses: [home] }, { identity, profiles }, 'corr-7');

    expect(identity.currentUser).toHaveBeenCalledWith('access-token');
    expect(changed).toMatchObject({
      userId: 'u-1',
      email: 'ada@example.com',
      name: 'Ada',
      addresses: [home],
    });
    expect(profiles.saved.get('u-1')).toEqual(changed);
    // Announced as registered, with the profile as the trigger would have made it (no address yet).
    expect(profiles.announced).toEqual([
      expect.objectContaining({ type: 'UserRegistered', correlationId: 'corr-7' }),
    ]);
    await changeOwnProfile(caller, { name: 'Ada L.' }, { identity, profiles });
    expect(identity.currentUser).toHaveBeenCalledOnce();
    expect(profiles.announced).toHaveLength(1);
  });

  it('refuses an account that answers another id: nothing registered, nothing changed', async () => {
    const identity = fakeIdentity();
    identity.currentUser.mockResolvedValue({ userId: 'u-2', email: 'eve@example.com', name: 'Eve' });
    const profiles = memoryProfiles();

    await expect(changeOwnProfile(caller, { name: 'Mallory' }, { identity, profiles })).rejects.toMatchObject(
      {
        status: 401,
      },
    );

    expect(profiles.saved.size).toBe(0);
    expect(profiles.announced).toEqual([]);
  });

  it('answers 404, never an empty 200, when the profile is gone again before the change (an erasure)', async () => {
    const identity = fakeIdentity();
    const profiles = memoryProfiles();
    // The registration lands, and the account's erasure deletes it before the change is written.
    const create = profiles.create.bind(profiles);
    profiles.create = async (profile, announcement) => {
      const stored = await create(profile, announcement);
      profiles.saved.delete(profile.userId);
      return stored;
    };

    await expect(changeOwnProfile(caller, { name: 'Ada L.' }, { identity, profiles })).rejects.toMatchObject({
      status: 404,
    });
    expect(profiles.saved.size).toBe(0);
  });
});
