import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineConfig, loadConfig } from '../src/index.ts';

const schema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  TOPIC_ARN: z.string().check(z.startsWith('arn:')),
  PAGE_SIZE: z._default(z.coerce.number().check(z.int()), 20),
});

describe('loadConfig', () => {
  it('returns the typed config when every variable is valid', () => {
    const config = loadConfig(schema, { TABLE_NAME: 'orders', TOPIC_ARN: 'arn:aws:sns:x', PAGE_SIZE: '5' });
    expect(config).toEqual({ TABLE_NAME: 'orders', TOPIC_ARN: 'arn:aws:sns:x', PAGE_SIZE: 5 });
  });

  it('names every missing or invalid variable in one error, without their values', () => {
    let message = '';
    try {
      loadConfig(schema, { TOPIC_ARN: 'secret-value' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TABLE_NAME: missing');
    expect(message).toContain('TOPIC_ARN: invalid');
    expect(message).not.toContain('secret-value');
  });

  it("says what is wrong in zod's English words (zod/mini loads no locale by itself)", () => {
    expect(() => loadConfig(schema, { TOPIC_ARN: 'sns' })).toThrow(
      'TABLE_NAME: missing (Invalid input: expected string, received undefined)\n' +
        '  TOPIC_ARN: invalid (Invalid string: must start with "arn:")',
    );
  });
});

describe('defineConfig', () => {
  it('validates on first call and then answers from memory', () => {
    process.env.SHOP_CONFIG_TEST = 'first';
    const config = defineConfig(z.object({ SHOP_CONFIG_TEST: z.string() }));
    expect(config().SHOP_CONFIG_TEST).toBe('first');
    process.env.SHOP_CONFIG_TEST = 'second';
    expect(config().SHOP_CONFIG_TEST).toBe('first');
    delete process.env.SHOP_CONFIG_TEST;
  });

  it('validates an explicit env afresh', () => {
    const config = defineConfig(z.object({ NAME: z.string() }));
    expect(config({ NAME: 'a' }).NAME).toBe('a');
    expect(() => config({})).toThrow(/NAME: missing/);
  });
});
