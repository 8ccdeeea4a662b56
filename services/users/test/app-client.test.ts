import { serviceResource } from '@shop/testing';
import { describe, expect, it } from 'vitest';

// The app client as serverless.yml defines it (the emulator does not enforce attribute permissions,
// so these are checked on the definition AWS gets).
const { Properties } = serviceResource(new URL('..', import.meta.url).pathname, 'UserPoolClient');

describe('the user pool app client', () => {
  it('reads and writes only the attributes the shop uses; email_verified is Cognito’s alone', () => {
    expect(Properties.ReadAttributes).toEqual(['email', 'email_verified', 'name']);
    expect(Properties.WriteAttributes).toEqual(['email', 'name']);
  });

  it('rotates refresh tokens with a short grace period, and offers no flow that cannot rotate', () => {
    const rotation = Properties.RefreshTokenRotation as { Feature: string; RetryGracePeriodSeconds: number };
    expect(rotation.Feature).toBe('ENABLED');
    expect(rotation.RetryGracePeriodSeconds).toBeGreaterThan(0);
    expect(rotation.RetryGracePeriodSeconds).toBeLessThanOrEqual(60);
    expect(Properties.ExplicitAuthFlows).toEqual(['ALLOW_USER_PASSWORD_AUTH']);
    expect(Properties.EnableTokenRevocation).toBe(true);
  });
});
