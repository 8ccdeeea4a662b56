import { describe, expect, it, vi } from 'vitest';
import { once } from '../src/once.ts';

describe('once', () => {
  it('builds nothing until first asked, then answers the same value every time', () => {
    const build = vi.fn(() => ({ client: 'dynamodb' }));
    const client = once(build);
    expect(build).not.toHaveBeenCalled();

    const first = client();

    expect(client()).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('keeps an undefined value too, rather than building it again', () => {
    const build = vi.fn(() => undefined);
    const nothing = once(build);

    nothing();
    nothing();

    expect(build).toHaveBeenCalledTimes(1);
  });

  it('builds again after a build that threw, so a cold start can recover from a bad first call', () => {
    const build = vi.fn().mockImplementationOnce(() => {
      throw new Error('config missing');
    });
    build.mockImplementation(() => 'built');
    const value = once(build);

    expect(() => value()).toThrow('config missing');
    expect(value()).toBe('built');
  });
});
