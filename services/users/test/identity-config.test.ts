import { describe, expect, it } from 'vitest';
import { identityConfig } from '../src/wiring.ts';

const pool = { USER_POOL_ID: 'us-east-1_pool', USER_POOL_CLIENT_ID: 'client' };

describe('how sign-ups get confirmed in a stage', () => {
  it('confirms at once in the local stage on the emulator', () => {
    const config = identityConfig({
      ...pool,
      STAGE: 'local',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      SIGN_UP_CONFIRMATION: 'immediate',
    });
    expect(config.SIGN_UP_CONFIRMATION).toBe('immediate');
  });

  it('confirms by the emailed code by default and in every other stage', () => {
    expect(identityConfig({ ...pool, STAGE: 'prod' }).SIGN_UP_CONFIRMATION).toBe('email');
    expect(
      identityConfig({ ...pool, STAGE: 'dev', SIGN_UP_CONFIRMATION: 'email' }).SIGN_UP_CONFIRMATION,
    ).toBe('email');
  });

  it.each([
    ['a deployed stage', { STAGE: 'prod' }],
    ['a deployed stage with an endpoint set', { STAGE: 'dev', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }],
    ['the local stage without the emulator', { STAGE: 'local' }],
    ['no stage at all', {}],
  ])('refuses to start with immediate confirmation in %s', (_, stage) => {
    expect(() => identityConfig({ ...pool, ...stage, SIGN_UP_CONFIRMATION: 'immediate' })).toThrow(
      /SIGN_UP_CONFIRMATION: invalid \(immediate is allowed only in the local stage on the emulator/,
    );
  });
});
