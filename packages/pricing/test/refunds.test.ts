import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundOf, refundOfReturn } from '../src/index.ts';

describe('refundOfReturn', () => {
  it('is refundOf when no return was rejected', () => {
    const line = { quantity: 3, lineTotal: 1000 };
    expect(refundOfReturn(line, { units: 0, refunded: 0 }, 1)).toBe(refundOf(line, 0, 1));
    expect(refundOfReturn(line, { units: 1, refunded: 333 }, 2)).toBe(refundOf(line, 1, 2));
  });

  it('keeps a rejected return in the middle from refunding a unit twice', () => {
    const line = { quantity: 3, lineTotal: 1 };
    // 0, 0 and 1 for the three units; the first two rejected: the last unit still refunds 0.
    expect(refundOfReturn(line, { units: 1, refunded: 1 }, 1)).toBe(0);
    expect(refundOfReturn(line, { units: 2, refunded: 1 }, 1)).toBe(0);
  });

  it('never lets the standing returns of a line pass its total, and ends at exactly its total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        // Each step asks for some units, or rejects one of the returns still standing.
        fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(-1)), { maxLength: 30 }),
        fc.nat(),
        (quantity, lineTotal, steps, seed) => {
          const line = { quantity, lineTotal };
          const standing: Array<{ units: number; refund: number }> = [];
          const sums = () => ({
            units: standing.reduce((sum, entry) => sum + entry.units, 0),
            refunded: standing.reduce((sum, entry) => sum + entry.refund, 0),
          });
          steps.forEach((step, index) => {
            if (step < 0) {
              if (standing.length > 0) standing.splice((seed + index) % standing.length, 1);
              return;
            }
            const units = Math.min(step, quantity - sums().units);
            if (units === 0) return;
            const refund = refundOfReturn(line, sums(), units);
            expect(refund).toBeGreaterThanOrEqual(0);
            standing.push({ units, refund });
            expect(sums().refunded).toBeLessThanOrEqual(lineTotal);
          });
          const left = quantity - sums().units;
          if (left > 0) standing.push({ units: left, refund: refundOfReturn(line, sums(), left) });
          expect(sums().refunded).toBe(lineTotal);
        },
      ),
    );
  });
});
