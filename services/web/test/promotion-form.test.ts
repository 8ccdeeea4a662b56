import { describe, expect, it } from 'vitest';
import {
  blankPromotion,
  promotionState,
  promotionTerms,
  promotionToSend,
  usageLabel,
} from '../src/promotion-form.ts';

const promotion = {
  code: 'TEN',
  type: 'percent' as const,
  value: 10,
  timesUsed: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the promotion form', () => {
  it('sends a percent code upper case, and an amount in minor units', () => {
    expect(promotionToSend({ ...blankPromotion, code: ' summer10 ', value: '10' }, 'USD')).toEqual({
      ok: true,
      body: { code: 'SUMMER10', type: 'percent', value: 10 },
    });
    expect(
      promotionToSend(
        {
          ...blankPromotion,
          code: 'five',
          type: 'fixed',
          value: '5.50',
          usageLimit: '100',
          minSubtotal: '50',
        },
        'EUR',
      ),
    ).toEqual({
      ok: true,
      body: { code: 'FIVE', type: 'fixed', value: 550, usageLimit: 100, minSubtotal: 5000 },
    });
    expect(promotionToSend({ ...blankPromotion, code: 'SHIP', type: 'free_shipping' }, 'USD')).toEqual({
      ok: true,
      body: { code: 'SHIP', type: 'free_shipping', value: 0 },
    });
  });

  it('refuses what the API would, field by field', () => {
    const refused = promotionToSend(
      {
        ...blankPromotion,
        code: 'no spaces',
        value: '101',
        startsAt: '2026-06-02T10:00',
        endsAt: '2026-06-01T10:00',
        perCustomerLimit: '0',
        minSubtotal: '4,99',
      },
      'USD',
    );
    expect(refused.ok).toBe(false);
    expect(Object.keys(refused.ok ? {} : refused.problems).sort()).toEqual([
      'code',
      'endsAt',
      'minSubtotal',
      'perCustomerLimit',
      'value',
    ]);
    expect(promotionToSend({ ...blankPromotion, code: 'X', type: 'fixed', value: '0' }, 'USD').ok).toBe(
      false,
    );
  });

  it('says what a code takes off, how often it was used and whether it is open', () => {
    expect(promotionTerms(promotion, 'USD')).toBe('10 % off');
    expect(
      promotionTerms(
        { ...promotion, type: 'fixed', value: 500, minSubtotal: 2000, perCustomerLimit: 1 },
        'USD',
      ),
    ).toBe('$5.00 off (from $20.00, 1 per customer)');
    expect(promotionTerms({ ...promotion, type: 'free_shipping', value: 0 }, 'USD')).toBe('Free shipping');
    expect(usageLabel(promotion)).toBe('3 used');
    expect(usageLabel({ ...promotion, usageLimit: 10 })).toBe('3 of 10 used');
    const now = new Date('2026-06-01T00:00:00.000Z');
    expect(promotionState(promotion, now)).toBe('active');
    expect(promotionState({ ...promotion, endsAt: '2026-06-01T00:00:00.000Z' }, now)).toBe('ended');
    expect(promotionState({ ...promotion, startsAt: '2026-06-02T00:00:00.000Z' }, now)).toBe('scheduled');
  });
});
