import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planShardTakes, splitStock } from '../src/domain/stock-shards.ts';

describe('splitting a hot product’s stock over shards', () => {
  it('keeps every unit, as evenly as it can', () => {
    expect(splitStock(37, 16)).toEqual([3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 64 }),
        (total, shards) => {
          const split = splitStock(total, shards);
          expect(split.reduce((a, b) => a + b, 0)).toBe(total);
          expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('planning where a line’s units come from', () => {
  it('takes from the start shard first and spills over to the next ones', () => {
    expect(planShardTakes(2, [5, 5, 5], 1)).toEqual([{ shard: 1, quantity: 2 }]);
    expect(planShardTakes(3, [1, 0, 2], 2)).toEqual([
      { shard: 2, quantity: 2 },
      { shard: 0, quantity: 1 },
    ]);
  });

  it('refuses a line that all shards together cannot serve, and never takes more than a shard has', () => {
    expect(planShardTakes(4, [1, 1, 1], 0)).toBeUndefined();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 16 }),
        fc.nat(),
        (quantity, available, start) => {
          const takes = planShardTakes(quantity, available, start % available.length);
          const total = available.reduce((a, b) => a + b, 0);
          if (total < quantity) {
            expect(takes).toBeUndefined();
            return;
          }
          expect(takes?.reduce((sum, take) => sum + take.quantity, 0)).toBe(quantity);
          for (const take of takes ?? [])
            expect(take.quantity).toBeLessThanOrEqual(available[take.shard] ?? 0);
        },
      ),
    );
  });
});
