import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type PricingInput, priceOrder, refundOf, taxOf } from '../src/index.ts';

const MAX_AMOUNT = 1_000_000_000_00;

const line = fc.record({
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: MAX_AMOUNT })),
  quantity: fc.integer({ min: 1, max: 99 }),
});
const promotion = fc.option(
  fc.oneof(
    fc.record({ type: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ type: fc.constant('fixed' as const), value: fc.integer({ min: 1, max: 1_000_000 }) }),
    fc.record({ type: fc.constant('free_shipping' as const), value: fc.constant(0) }),
  ),
  { nil: undefined },
);
const shipping = fc.option(
  fc.record({
    price: fc.integer({ min: 0, max: 100_000 }),
    freeOver: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
  }),
  { nil: undefined },
);
const input: fc.Arbitrary<PricingInput> = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 50 }),
  promotion,
  shipping,
  taxRate: fc.integer({ min: 0, max: 10_000 }),
  taxIncluded: fc.boolean(),
});
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('priceOrder (property)', () => {
  it('adds up exactly: the lines and the shipping come to the total, every figure an integer ≥ 0', () => {
    fc.assert(
      fc.property(input, (order) => {
        const money = priceOrder(order);
        expect(sum(money.lines.map((l) => l.lineTotal)) + money.shippingTotal).toBe(money.total);
        expect(money.discountTotal).toBe(sum(money.lines.map((l) => l.discount)));
        expect(money.taxTotal).toBe(sum(money.lines.map((l) => l.tax)) + money.shippingTax);
        const withoutTax = money.subtotal - money.discountTotal + money.shippingTotal - money.shippingTax;
        expect(money.total).toBe(
          order.taxIncluded ? withoutTax + money.shippingTax : withoutTax + money.taxTotal,
        );
        for (const value of [
          money.total,
          money.taxTotal,
          money.shippingTotal,
          ...money.lines.map((l) => l.tax),
        ])
          expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never takes more off a line than its price, nor puts more of the tax in it than it costs', () => {
    fc.assert(
      fc.property(input, (order) => {
        const money = priceOrder(order);
        money.lines.forEach((l, index) => {
          const amount = (order.lines[index]?.quantity ?? 0) * (order.lines[index]?.unitPrice ?? 0);
          expect(l.discount).toBeLessThanOrEqual(amount);
          if (order.taxIncluded) expect(l.tax).toBeLessThanOrEqual(l.lineTotal);
          expect(l.lineTotal).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('refunds of every unit of every line, in any split over returns, never exceed what was paid', () => {
    fc.assert(
      fc.property(
        input,
        fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 8 }),
        (order, cuts) => {
          const money = priceOrder(order);
          let refunded = 0;
          order.lines.forEach((bought, index) => {
            const lineTotal = money.lines[index]?.lineTotal ?? 0;
            let returned = 0;
            let lineRefunded = 0;
            for (const cut of cuts) {
              const units = Math.min(cut, bought.quantity - returned);
              if (units === 0) break;
              const refund = refundOf({ quantity: bought.quantity, lineTotal }, returned, units);
              expect(refund).toBeGreaterThanOrEqual(0);
              lineRefunded += refund;
              returned += units;
            }
            // What is left unreturned is returned last: the line then refunds exactly its lineTotal.
            lineRefunded += refundOf(
              { quantity: bought.quantity, lineTotal },
              returned,
              bought.quantity - returned,
            );
            expect(lineRefunded).toBe(lineTotal);
            refunded += lineRefunded;
          });
          expect(refunded).toBeLessThanOrEqual(money.total);
          expect(refunded).toBe(money.total - money.shippingTotal);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('allocate (property)', () => {
  it('splits a total over weights to the unit, each part within its weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: MAX_AMOUNT * 99 }), { minLength: 1, maxLength: 50 }),
        fc.nat(),
        (weights, seed) => {
          const whole = sum(weights);
          const total = whole === 0 ? 0 : seed % (whole + 1);
          const parts = allocate(total, weights);
          expect(sum(parts)).toBe(total);
          parts.forEach((part, index) => {
            expect(part).toBeGreaterThanOrEqual(0);
            expect(part).toBeLessThanOrEqual(weights[index] as number);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('priceOrder (examples)', () => {
  it('a EUR store with VAT included: 10 % off two lines, express shipping, 19 % contained', () => {
    const money = priceOrder({
      lines: [
        { unitPrice: 1999, quantity: 1 },
        { unitPrice: 2199, quantity: 1 },
      ],
      promotion: { type: 'percent', value: 10 },
      shipping: { price: 990 },
      taxRate: 1900,
      taxIncluded: true,
    });
    // 4198 − 420 (10 %, 199.9 + 219.9: the larger remainder gets the unit) = 3778 goods.
    expect(money.lines).toEqual([
      { discount: 200, tax: 287, lineTotal: 1799 },
      { discount: 220, tax: 316, lineTotal: 1979 },
    ]);
    expect(money).toMatchObject({
      subtotal: 4198,
      discountTotal: 420,
      shippingTotal: 990,
      shippingTax: 158,
      taxTotal: 603 + 158,
      total: 3778 + 990,
    });
  });

  it('a US store with tax added on top of the goods and the shipping', () => {
    const money = priceOrder({
      lines: [{ unitPrice: 1000, quantity: 3 }],
      shipping: { price: 500 },
      taxRate: 825,
      taxIncluded: false,
    });
    expect(money).toMatchObject({
      subtotal: 3000,
      taxTotal: 248 + 41,
      shippingTotal: 541,
      total: 3248 + 541,
    });
  });

  it('makes shipping free from `freeOver` (after the discount) and with a free-shipping code', () => {
    const lines = [{ unitPrice: 5000, quantity: 1 }];
    const base = { lines, shipping: { price: 490, freeOver: 5000 }, taxRate: 0, taxIncluded: true };
    expect(priceOrder(base).shippingTotal).toBe(0);
    expect(priceOrder({ ...base, promotion: { type: 'fixed', value: 1 } }).shippingTotal).toBe(490);
    expect(
      priceOrder({ ...base, shipping: { price: 490 }, promotion: { type: 'free_shipping', value: 0 } }),
    ).toMatchObject({ shippingTotal: 0, discountTotal: 0, total: 5000 });
  });

  it('takes a fixed code off at most the goods, never more', () => {
    expect(
      priceOrder({
        lines: [{ unitPrice: 300, quantity: 1 }],
        promotion: { type: 'fixed', value: 1000 },
        taxRate: 0,
        taxIncluded: false,
      }),
    ).toMatchObject({ discountTotal: 300, total: 0 });
  });

  it('rounds the tax half up: 19 % of 0.05 is 0.01, the part of 19 % in 1.19 is 0.19', () => {
    expect(taxOf(5, 1900, false)).toBe(1);
    expect(taxOf(119, 1900, true)).toBe(19);
    expect(taxOf(0, 1900, true)).toBe(0);
  });
});

describe('refundOf', () => {
  it('refunds a line of 3 for 1000 as 333, 333 and 334, in any grouping', () => {
    const line = { quantity: 3, lineTotal: 1000 };
    expect([refundOf(line, 0, 1), refundOf(line, 1, 1), refundOf(line, 2, 1)]).toEqual([333, 333, 334]);
    expect(refundOf(line, 0, 2) + refundOf(line, 2, 1)).toBe(1000);
    expect(refundOf(line, 0, 3)).toBe(1000);
  });

  it('refuses more than was bought less what was returned', () => {
    expect(() => refundOf({ quantity: 2, lineTotal: 10 }, 1, 2)).toThrow(RangeError);
    expect(() => refundOf({ quantity: 2, lineTotal: 10 }, 0, 3)).toThrow(RangeError);
  });
});
