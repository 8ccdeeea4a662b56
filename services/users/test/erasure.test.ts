import { userErased } from '@shop/contracts';
import { UnauthorizedError } from '@shop/errors';
import type { EventEnvelope } from '@shop/events';
import { describe, expect, it, vi } from 'vitest';
import { eraseAccount, userErasedEvent } from '../src/domain/erasure.ts';

const caller = { userId: 'u-1', accessToken: 'access-token' };

/** What erasing did, in order: the account, then the profile with its announcement. */
function erasureDeps() {
  const steps: string[] = [];
  const stored = new Map<string, EventEnvelope>();
  const identity = {
    deleteAccount: vi.fn(async () => {
      steps.push('account');
    }),
  };
  const profiles = {
    erase: vi.fn(
      async (userId: string, announcement: EventEnvelope, options: { forgetEvents: readonly string[] }) => {
        steps.push(`profile ${userId} (forgetting ${options.forgetEvents.join(', ')})`);
        if (stored.has(announcement.id)) return { erased: false };
        stored.set(announcement.id, announcement);
        return { erased: true };
      },
    ),
  };
  return { steps, stored, identity, profiles };
}

describe('erasing an account', () => {
  it('deletes the account first, then the profile with the UserErased event, forgetting UserRegistered', async () => {
    const deps = erasureDeps();
    expect(await eraseAccount(caller, deps, 'corr-1')).toEqual({ erased: true });
    expect(deps.identity.deleteAccount).toHaveBeenCalledWith(caller);
    expect(deps.steps).toEqual(['account', 'profile u-1 (forgetting UserRegistered-u-1)']);
    const [event] = [...deps.stored.values()];
    expect(userErased.envelope.parse(event)).toMatchObject({
      id: 'UserErased-u-1',
      type: 'UserErased',
      version: 1,
      source: 'users',
      correlationId: 'corr-1',
      data: { userId: 'u-1' },
    });
    // Nothing but the id: no email or name travels in it.
    expect(Object.keys(event?.data as object)).toEqual(['userId']);
  });

  it('touches no profile when the account cannot be deleted (a revoked session)', async () => {
    const deps = erasureDeps();
    deps.identity.deleteAccount.mockRejectedValue(
      new UnauthorizedError('This session has ended; log in again.'),
    );
    await expect(eraseAccount(caller, deps)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(deps.profiles.erase).not.toHaveBeenCalled();
  });

  it('is the same event when repeated, and a repeat erases nothing more', async () => {
    expect(userErasedEvent('u-1').id).toBe(userErasedEvent('u-1', 'another-correlation').id);
    const deps = erasureDeps();
    await eraseAccount(caller, deps);
    expect(await eraseAccount(caller, deps)).toEqual({ erased: false });
    expect(deps.stored.size).toBe(1);
  });
});
