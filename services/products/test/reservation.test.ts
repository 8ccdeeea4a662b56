import { MAX_RESERVATION_LINES } from '@shop/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  existingOutcome,
  mergeLines,
  planReservation,
  replyId,
  shortLines,
} from '../src/domain/reservation.ts';

describe('planning a reservation', () => {
  it('merges lines of the same product, keeping the first-seen order', () => {
    expect(
      mergeLines([
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 3 },
      ]),
    ).toEqual([
      { productId: 'b', quantity: 4 },
      { productId: 'a', quantity: 2 },
    ]);
  });

  it('reserves up to the transaction limit of distinct products and refuses one more', () => {
    const lines = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ productId: `p-${index}`, quantity: 1 }));
    expect(planReservation(lines(MAX_RESERVATION_LINES)).kind).toBe('reserve');
    expect(planReservation(lines(MAX_RESERVATION_LINES + 1))).toEqual({
      kind: 'refuse',
      reason: 'TOO_MANY_LINES',
    });
    // Repeats of one product count once.
    expect(planReservation([...lines(MAX_RESERVATION_LINES), { productId: 'p-0', quantity: 5 }]).kind).toBe(
      'reserve',
    );
  });

  it('never changes the total quantity of any product when merging', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ productId: fc.constantFrom('a', 'b', 'c'), quantity: fc.integer({ min: 1, max: 9 }) }),
        ),
        (lines) => {
          const total = (id: string, of: Array<{ productId: string; quantity: number }>) =>
            of.filter((line) => line.productId === id).reduce((sum, line) => sum + line.quantity, 0);
          const merged = mergeLines(lines);
          expect(new Set(merged.map((line) => line.productId)).size).toBe(merged.length);
          for (const id of ['a', 'b', 'c']) expect(total(id, merged)).toBe(total(id, lines));
        },
      ),
    );
  });
});

describe('short lines', () => {
  it('names the lines that need more than is available, an unknown product having none', () => {
    const lines = [
      { productId: 'enough', quantity: 2 },
      { productId: 'short', quantity: 3 },
      { productId: 'unknown', quantity: 1 },
    ];
    const available = new Map([
      ['enough', 2],
      ['short', 1],
    ]);
    expect(shortLines(lines, available)).toEqual([
      { productId: 'short', requested: 3, available: 1 },
      { productId: 'unknown', requested: 1, available: 0 },
    ]);
  });
});

describe('a request for an order that already has a record', () => {
  it('answers the existing reservation, or refuses after a release', () => {
    const lines = [{ productId: 'a', quantity: 1 }];
    expect(existingOutcome({ orderId: 'o', status: 'RESERVED', lines })).toEqual({ kind: 'reserved', lines });
    expect(existingOutcome({ orderId: 'o', status: 'RELEASED', lines: [] })).toEqual({
      kind: 'refused',
      reason: 'RELEASED',
    });
  });
});

describe('reply ids', () => {
  it('are the same for the same request, differ between requests, and look like UUIDs', () => {
    expect(replyId('request-1')).toBe(replyId('request-1'));
    expect(replyId('request-1')).not.toBe(replyId('request-2'));
    expect(replyId('request-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
