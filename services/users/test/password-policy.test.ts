import { ValidationError } from '@shop/errors';
import { serviceResource } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import {
  describePasswordPolicy,
  unmetPasswordRules,
  weakPasswordError,
} from '../src/domain/password-policy.ts';

const shopPolicy = {
  MinimumLength: 10,
  RequireLowercase: true,
  RequireUppercase: true,
  RequireNumbers: true,
  RequireSymbols: false,
};

describe('the password policy', () => {
  it('states every rule of the policy in one sentence', () => {
    expect(describePasswordPolicy(shopPolicy)).toBe(
      'at least 10 characters, with a lowercase letter, an uppercase letter and a number',
    );
    expect(describePasswordPolicy({ ...shopPolicy, RequireSymbols: true })).toContain('a symbol');
    expect(describePasswordPolicy({})).toBe('at least 8 characters');
  });

  it('lists what a password lacks, and nothing for one that meets every rule', () => {
    expect(unmetPasswordRules('short', shopPolicy)).toEqual([
      'at least 10 characters',
      'an uppercase letter',
      'a number',
    ]);
    expect(unmetPasswordRules('Long-enough-1', shopPolicy)).toEqual([]);
    expect(unmetPasswordRules('Long-enough-1', { ...shopPolicy, RequireSymbols: true })).toEqual([]);
    expect(unmetPasswordRules('Longenough1', { ...shopPolicy, RequireSymbols: true })).toEqual([
      'a symbol such as ! @ # or -',
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(unmetPasswordRules('Aa1😀😀😀😀😀😀', shopPolicy)).toContain('at least 10 characters');
  });

  it('answers a weak password with a 400 naming the field, the policy and what is missing', () => {
    const error = weakPasswordError('password', shopPolicy);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.detail).toBe(
      'The password is too weak: it must have at least 10 characters, with a lowercase letter, an uppercase letter and a number.',
    );
    expect(error.errors).toEqual([
      { field: 'password', message: 'Needs at least 10 characters, an uppercase letter and a number' },
    ]);
  });

  it('still explains the policy when the pool refused a password that meets every rule', () => {
    expect(weakPasswordError('Password1234', shopPolicy).errors).toEqual([
      { field: 'password', message: 'Too easy to guess; choose another' },
    ]);
  });

  it('describes the policy serverless.yml gives the user pool', () => {
    const { Properties } = serviceResource(new URL('..', import.meta.url).pathname, 'UserPool');
    const { PasswordPolicy } = Properties.Policies as { PasswordPolicy: typeof shopPolicy };
    expect(describePasswordPolicy(PasswordPolicy)).toBe(describePasswordPolicy(shopPolicy));
  });
});
