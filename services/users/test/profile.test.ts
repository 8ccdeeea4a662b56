import { displayName, emailAddress, profileChanges } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { newProfile, newProfileName } from '../src/domain/profile.ts';

const home = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

describe('profile changes', () => {
  it('accept a new name and addresses, and nothing at all', () => {
    expect(profileChanges.parse({ name: ' Ada ', addresses: [home] })).toEqual({
      name: 'Ada',
      addresses: [home],
    });
    expect(profileChanges.parse({})).toEqual({});
  });

  it.each([
    ['userId', { userId: 'someone-else' }],
    ['email', { email: 'other@example.com' }],
    ['groups', { groups: ['admin'] }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00.000Z' }],
    ['anything unknown', { role: 'admin' }],
  ])('refuse %s', (_, body) => {
    const result = profileChanges.safeParse({ name: 'Ada', ...body });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('refuse an empty name, an invalid address and too many addresses', () => {
    expect(profileChanges.safeParse({ name: '  ' }).success).toBe(false);
    expect(profileChanges.safeParse({ addresses: [{ ...home, country: 'usa' }] }).success).toBe(false);
    expect(profileChanges.safeParse({ addresses: [{ ...home, admin: true }] }).success).toBe(false);
    expect(profileChanges.safeParse({ addresses: Array(11).fill(home) }).success).toBe(false);
  });
});

describe('a new profile', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');

  it('starts with the confirmed name and email, no addresses and the confirmation time', () => {
    expect(newProfile({ userId: 'u1', email: 'Ada@Example.com', name: 'Ada' }, now)).toEqual({
      userId: 'u1',
      email: 'ada@example.com',
      name: 'Ada',
      addresses: [],
      createdAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it("is named after the email's local part when the sign-up gave no name", () => {
    expect(newProfile({ userId: 'u1', email: 'ada@example.com' }, now).name).toBe('ada');
    expect(newProfile({ userId: 'u1', email: 'ada@example.com', name: ' ' }, now).name).toBe('ada');
  });
});

describe('a display name', () => {
  it('is trimmed and may hold any printable text', () => {
    expect(displayName.parse('  Zoë Ångström-O’Brien 李 ')).toBe('Zoë Ångström-O’Brien 李');
    expect(displayName.parse('x'.repeat(100))).toHaveLength(100);
  });

  it.each([
    ['empty', '   '],
    ['too long', 'x'.repeat(101)],
    ['a control character', 'Ada\u0007'],
    ['a line break inside', 'Ada\nBcc: eve@example.com'],
    ['a DEL', 'Ada\u007F'],
    ['a C1 control', 'Ada\u0085'],
    ['a line separator', 'Ada\u2028Lovelace'],
    ['a text-direction override', 'Ada\u202Egnp.exe'],
  ])('refuses %s', (_, name) => {
    expect(displayName.safeParse(name).success).toBe(false);
  });
});

describe('the name of a new profile', () => {
  it("is the sign-up's name when it is a valid display name", () => {
    expect(newProfileName({ userId: 'u1', email: 'ada@example.com', name: ' Ada ' })).toEqual({
      name: 'Ada',
    });
  });

  it("falls back to the email's local part, quietly when no name was given", () => {
    expect(newProfileName({ userId: 'u1', email: 'Ada@Example.com' })).toEqual({ name: 'ada' });
    expect(newProfileName({ userId: 'u1', email: 'ada@example.com', name: '  ' })).toEqual({ name: 'ada' });
  });

  it('falls back and says why (never the name) when the given name is not valid', () => {
    const tooLong = newProfileName({ userId: 'u1', email: 'ada@example.com', name: 'A'.repeat(500) });
    expect(tooLong).toEqual({ name: 'ada', refused: 'too_big' });
    const controls = newProfileName({ userId: 'u1', email: 'ada@example.com', name: 'Ada\u0000' });
    expect(controls).toEqual({ name: 'ada', refused: 'custom' });
    expect(newProfile({ userId: 'u1', email: 'ada@example.com', name: 'Ada\u0000' }, new Date()).name).toBe(
      'ada',
    );
  });
});

describe('an email address', () => {
  it('is trimmed and lower-cased, and must be an address', () => {
    expect(emailAddress.parse(' Ada@Example.COM ')).toBe('ada@example.com');
    expect(emailAddress.safeParse('not-an-email').success).toBe(false);
  });
});
