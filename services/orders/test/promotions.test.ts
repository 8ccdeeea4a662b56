import { describe, expect, it } from 'vitest';
import { newOrder } from '../src/domain/order.ts';
import { claimRefusal, type StoredPromotion } from '../src/domain/promotion-uses.ts';
import { patched } from '../src/domain/promotions.ts';
import { checkout } from './fixtures.ts';

const promotion: StoredPromotion = {
  storeId: 'main',
  code: 'TEN',
  type: 'percent',
  value: 10,
  startsAt: '2026-01-01T00:00:00.000Z',
  timesUsed: 2,
  createdAt: '2025-12-01T00:00:00.000Z',
  updatedAt: '2025-12-01T00:00:00.000Z',
  version: 4,
};
const now = new Date('2026-03-01T00:00:00.000Z');

describe('changing a promotion', () => {
  it('changes the given fields, removes those set to null and moves the version on', () => {
    const next = patched(promotion, { value: 20, startsAt: null, usageLimit: 10 }, now);
    expect(next).toMatchObject({
      value: 20,
      usageLimit: 10,
      version: 5,
      timesUsed: 2,
      updatedAt: now.toISOString(),
    });
    expect(next).not.toHaveProperty('startsAt');
  });

  it('takes the value away with a change to free shipping, and refuses terms a create would', () => {
    expect(patched(promotion, { type: 'free_shipping' }, now)).toMatchObject({
      type: 'free_shipping',
      value: 0,
    });
    expect(() => patched(promotion, { value: 101 }, now)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => patched(promotion, { endsAt: '2025-06-01T00:00:00.000Z' }, now)).toThrow(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'endsAt' })] }),
    );
  });
});

describe('whether an order may use its code', () => {
  const order = (occurredAt: string) => {
    const request = checkout('o-1', 'u-1');
    return newOrder({ ...request, occurredAt }, now);
  };

  it('may within the window at checkout, with a use left', () => {
    expect(claimRefusal(promotion, order('2026-02-01T00:00:00.000Z'))).toBeUndefined();
    expect(claimRefusal({ ...promotion, usageLimit: 3 }, order('2026-02-01T00:00:00.000Z'))).toBeUndefined();
  });

  it('may not once used up, outside its window at checkout, or deleted', () => {
    const inWindow = order('2026-02-01T00:00:00.000Z');
    expect(claimRefusal({ ...promotion, usageLimit: 2 }, inWindow)).toBe('PROMOTION_USED_UP');
    expect(claimRefusal(promotion, order('2025-12-31T23:59:59.000Z'))).toBe('PROMOTION_UNAVAILABLE');
    expect(claimRefusal({ ...promotion, endsAt: '2026-02-01T00:00:00.000Z' }, inWindow)).toBe(
      'PROMOTION_UNAVAILABLE',
    );
    expect(claimRefusal({ ...promotion, deleted: true }, inWindow)).toBe('PROMOTION_UNAVAILABLE');
    expect(claimRefusal(undefined, inWindow)).toBe('PROMOTION_UNAVAILABLE');
  });
});
