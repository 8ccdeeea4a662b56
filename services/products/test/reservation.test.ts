import { MAX_RESERVATION_LINES } from '@shop/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CatalogReading,
  existingOutcome,
  mergeLines,
  planReservation,
  refusalOf,
  replyId,
  requiredPrice,
  reservedLine,
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
      { productId: 'b', quantity: 4, quotedPrices: [] },
      { productId: 'a', quantity: 2, quotedPrices: [] },
    ]);
  });

  it('keeps every distinct price quoted for a product, so two prices for one product cannot both pass', () => {
    const merged = mergeLines([
      { productId: 'a', quantity: 1, unitPrice: 500 },
      { productId: 'a', quantity: 2, unitPrice: 500 },
      { productId: 'b', quantity: 1, unitPrice: 300 },
      { productId: 'b', quantity: 1 },
      { productId: 'c', quantity: 1, unitPrice: 100 },
      { productId: 'c', quantity: 1, unitPrice: 120 },
    ]);
    expect(merged).toEqual([
      { productId: 'a', quantity: 3, quotedPrices: [500] },
      { productId: 'b', quantity: 2, quotedPrices: [300] },
      { productId: 'c', quantity: 2, quotedPrices: [100, 120] },
    ]);
    expect(merged.map(reservedLine)).toEqual([
      { productId: 'a', quantity: 3, unitPrice: 500 },
      { productId: 'b', quantity: 2, unitPrice: 300 },
      { productId: 'c', quantity: 2 },
    ]);
  });

  it('asks a priced line for its price in the order currency, and an unpriced one for nothing', () => {
    expect(requiredPrice({ productId: 'a', quantity: 1, quotedPrices: [500] }, 'EUR')).toEqual({
      prices: [500],
      currency: 'EUR',
    });
    expect(requiredPrice({ productId: 'a', quantity: 1, quotedPrices: [500] }, undefined)).toEqual({
      prices: [500],
    });
    expect(requiredPrice({ productId: 'a', quantity: 1, quotedPrices: [] }, 'EUR')).toEqual({ prices: [] });
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

describe('telling why a reservation was refused', () => {
  const reading = (changes: Partial<CatalogReading> = {}): CatalogReading => ({
    deleted: false,
    stock: 10,
    price: 1000,
    currency: 'USD',
    revision: 3,
    ...changes,
  });
  const line = (productId: string, quantity: number, ...quotedPrices: number[]) => ({
    productId,
    quantity,
    quotedPrices,
  });

  it('is PRICE_CHANGED with the catalog price and revision when a line was priced from a stale copy', () => {
    const refusal = refusalOf(
      [line('lamp', 2, 900)],
      new Map([['lamp', reading({ price: 1200, revision: 4 })]]),
      'USD',
    );
    expect(refusal).toEqual({
      reason: 'PRICE_CHANGED',
      shortLines: [],
      changedPrices: [
        { productId: 'lamp', orderedUnitPrice: 900, unitPrice: 1200, currency: 'USD', revision: 4 },
      ],
    });
  });

  it('is PRICE_CHANGED when the catalog now sells the product in another currency', () => {
    const refusal = refusalOf(
      [line('lamp', 1, 1000)],
      new Map([['lamp', reading({ currency: 'EUR' })]]),
      'USD',
    );
    expect(refusal.reason).toBe('PRICE_CHANGED');
    expect(refusal.changedPrices).toEqual([
      { productId: 'lamp', orderedUnitPrice: 1000, unitPrice: 1000, currency: 'EUR', revision: 3 },
    ]);
  });

  it('names the price the catalog does not have when one product was quoted at two prices', () => {
    const refusal = refusalOf([line('lamp', 2, 1000, 700)], new Map([['lamp', reading()]]), 'USD');
    expect(refusal.changedPrices).toEqual([expect.objectContaining({ orderedUnitPrice: 700 })]);
  });

  it('is OUT_OF_STOCK when a line is short, even if another line’s price changed too', () => {
    const refusal = refusalOf(
      [line('lamp', 5, 1000), line('shade', 1, 400)],
      new Map([
        ['lamp', reading({ stock: 2 })],
        ['shade', reading({ price: 450 })],
      ]),
      'USD',
    );
    expect(refusal).toEqual({
      reason: 'OUT_OF_STOCK',
      shortLines: [{ productId: 'lamp', requested: 5, available: 2 }],
      changedPrices: [expect.objectContaining({ productId: 'shade', unitPrice: 450 })],
    });
  });

  it('counts an unknown or deleted product as having nothing to sell, whatever its price', () => {
    const refusal = refusalOf(
      [line('gone', 1, 1000), line('unknown', 1, 1000)],
      new Map([['gone', reading({ deleted: true, price: 5 })]]),
      'USD',
    );
    expect(refusal).toEqual({
      reason: 'OUT_OF_STOCK',
      shortLines: [
        { productId: 'gone', requested: 1, available: 0 },
        { productId: 'unknown', requested: 1, available: 0 },
      ],
      changedPrices: [],
    });
  });

  it('reports a failed line that reads as fine (a release landed meanwhile) as short, with what it read', () => {
    const refusal = refusalOf([line('lamp', 2, 1000)], new Map([['lamp', reading({ stock: 4 })]]), 'USD');
    expect(refusal).toEqual({
      reason: 'OUT_OF_STOCK',
      shortLines: [{ productId: 'lamp', requested: 2, available: 4 }],
      changedPrices: [],
    });
  });

  it('never calls a price changed when the order quoted exactly the catalog price and currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (price, stock, quantity) => {
          const refusal = refusalOf(
            [line('lamp', quantity, price)],
            new Map([['lamp', reading({ price, stock })]]),
            'USD',
          );
          expect(refusal.reason).toBe('OUT_OF_STOCK');
          expect(refusal.changedPrices).toEqual([]);
        },
      ),
    );
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
