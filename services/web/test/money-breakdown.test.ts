import { describe, expect, it } from 'vitest';
import { linesIncludeTax, type MoneyRow, moneyBreakdown, type PricedMoney } from '../src/money-breakdown.ts';

const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
const standard = { shippingOptionId: 'standard', name: 'Standard', price: 499 };

/** What the page adds up: every row but the total and a tax the prices contain. */
const added = (rows: MoneyRow[]) =>
  rows
    .filter((row) => row.kind !== 'total' && !row.included)
    .reduce((sum, row) => sum + (row.amount ?? 0), 0);
const row = (rows: MoneyRow[], kind: MoneyRow['kind']) => rows.find((candidate) => candidate.kind === kind);

type Line = { quantity: number; unitPrice: number; discount?: number; tax?: number };

/**
 * A cart's money as the contract defines it: lineTotal = quantity × unitPrice − discount (+ tax where
 * it is added); shippingTotal carries the shipping's tax; taxTotal is the lines' tax plus the
 * shipping's; total = Σ lineTotal + shippingTotal.
 */
function priced(
  lines: Line[],
  {
    taxIncluded = false,
    shipping = 0,
    shippingTax = 0,
    ...rest
  }: Partial<PricedMoney> & {
    taxIncluded?: boolean;
    shipping?: number;
    shippingTax?: number;
  } = {},
): PricedMoney {
  const items = lines.map(({ quantity, unitPrice, discount = 0, tax = 0 }) => {
    const net = quantity * unitPrice - discount;
    return { quantity, unitPrice, discount, tax, lineTotal: taxIncluded ? net : net + tax };
  });
  const shippingTotal = taxIncluded ? shipping : shipping + shippingTax;
  return {
    items,
    subtotal: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
    discountTotal: items.reduce((sum, item) => sum + item.discount, 0),
    shippingTotal,
    taxTotal: items.reduce((sum, item) => sum + item.tax, 0) + shippingTax,
    total: items.reduce((sum, item) => sum + item.lineTotal, 0) + shippingTotal,
    ...rest,
  };
}

describe('moneyBreakdown', () => {
  it('adds tax on top in a store without tax included: shipping before its tax, the tax row holds it', () => {
    // 2 × 19.99 at 10 %: tax 4.00 on the goods, 0.50 on the 4.99 shipping.
    const cart = priced([{ quantity: 2, unitPrice: 1999, tax: 400 }], {
      shipping: 499,
      shippingTax: 50,
      shippingOption: standard,
      shippingAddress: address,
    });
    const rows = moneyBreakdown(cart, false);
    expect(rows).toEqual([
      { kind: 'subtotal', label: 'Subtotal', amount: 3998 },
      { kind: 'shipping', label: 'Shipping (Standard)', amount: 499 },
      { kind: 'tax', label: 'Tax', amount: 450 },
      { kind: 'total', label: 'Total', amount: 4947 },
    ]);
    expect(added(rows)).toBe(cart.total);
  });

  it('shows the VAT the prices contain in a tax-included store, without adding it', () => {
    // 2 × 11.90 and 5.95 shipping at 19 % included: 3.80 and 0.95 of VAT.
    const cart = priced([{ quantity: 2, unitPrice: 1190, tax: 380 }], {
      taxIncluded: true,
      shipping: 595,
      shippingTax: 95,
      shippingOption: standard,
      shippingAddress: address,
    });
    const rows = moneyBreakdown(cart, true);
    expect(row(rows, 'shipping')).toEqual({ kind: 'shipping', label: 'Shipping (Standard)', amount: 595 });
    expect(row(rows, 'tax')).toEqual({ kind: 'tax', label: 'incl. VAT', amount: 475, included: true });
    expect(row(rows, 'total')?.amount).toBe(2975);
    expect(added(rows)).toBe(cart.total);
  });

  it('shows the discount only when there is one, with its code', () => {
    const discounted = priced([{ quantity: 1, unitPrice: 2000, discount: 500 }], {
      promotionCode: 'SPRING',
      shippingAddress: address,
    });
    expect(row(moneyBreakdown(discounted, false), 'discount')).toEqual({
      kind: 'discount',
      label: 'Discount (SPRING)',
      amount: -500,
    });
    expect(added(moneyBreakdown(discounted, false))).toBe(1500);
    expect(row(moneyBreakdown({ ...discounted, promotionCode: undefined }, false), 'discount')?.label).toBe(
      'Discount',
    );
    const full = priced([{ quantity: 1, unitPrice: 2000 }], { promotionCode: 'SPRING' });
    expect(row(moneyBreakdown(full, false), 'discount')).toBeUndefined();
  });

  it('says the shipping is calculated at checkout while the cart has no address', () => {
    const cart = priced([{ quantity: 1, unitPrice: 1000, tax: 100 }]);
    expect(row(moneyBreakdown(cart, false), 'shipping')).toEqual({
      kind: 'shipping',
      label: 'Shipping',
      note: 'Calculated at checkout',
    });
    const pending = { pendingShipping: 'Calculated from your address' };
    expect(row(moneyBreakdown(cart, false, pending), 'shipping')?.note).toBe('Calculated from your address');
    expect(added(moneyBreakdown(cart, false))).toBe(cart.total);
  });

  it('says Free for an option that costs nothing (a threshold reached), and 0 when no option delivers', () => {
    const free = priced([{ quantity: 1, unitPrice: 9000, tax: 900 }], {
      shippingOption: standard,
      shippingAddress: address,
    });
    expect(row(moneyBreakdown(free, false), 'shipping')).toEqual({
      kind: 'shipping',
      label: 'Shipping (Standard)',
      amount: 0,
      note: 'Free',
    });
    const none = priced([{ quantity: 1, unitPrice: 9000, tax: 900 }], { shippingAddress: address });
    expect(row(moneyBreakdown(none, false), 'shipping')).toEqual({
      kind: 'shipping',
      label: 'Shipping',
      amount: 0,
    });
  });

  it('reads an order from before shipping and tax as its total and nothing more', () => {
    const order = priced([{ quantity: 3, unitPrice: 1000 }], { shippingAddress: address });
    const rows = moneyBreakdown(order, undefined);
    expect(rows.map((each) => [each.label, each.amount])).toEqual([
      ['Subtotal', 3000],
      ['Shipping', 0],
      ['Tax', 0],
      ['Total', 3000],
    ]);
  });

  it('goes by the lines when they show how tax was charged (an order keeps the setting it was bought under)', () => {
    const included = priced([{ quantity: 1, unitPrice: 1190, tax: 190 }], {
      taxIncluded: true,
      shipping: 595,
      shippingTax: 95,
      shippingAddress: address,
    });
    // The store has since stopped including tax, or is not known yet: the figures still add up.
    for (const setting of [false, undefined]) {
      const rows = moneyBreakdown(included, setting);
      expect(row(rows, 'tax')).toMatchObject({ label: 'incl. VAT', included: true });
      expect(row(rows, 'shipping')?.amount).toBe(595);
      expect(added(rows)).toBe(included.total);
    }
  });

  it('adds up to the total to the unit for any priced cart, tax added or included', () => {
    // A small deterministic generator (no network, no clock): 500 carts of each kind.
    let seed = 17;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    for (const taxIncluded of [false, true]) {
      for (let run = 0; run < 500; run += 1) {
        const lines = Array.from({ length: 1 + next(5) }, () => {
          const quantity = 1 + next(99);
          const unitPrice = next(100_000);
          return {
            quantity,
            unitPrice,
            discount: next(quantity * unitPrice + 1),
            tax: next(10_000),
          };
        });
        const withAddress = next(4) > 0;
        const cart = priced(lines, {
          taxIncluded,
          ...(withAddress ? { shippingAddress: address } : {}),
          shipping: withAddress ? next(2_000) : 0,
          shippingTax: withAddress ? next(400) : 0,
          ...(withAddress && next(2) ? { shippingOption: standard } : {}),
        });
        const rows = moneyBreakdown(cart, taxIncluded);
        expect(added(rows), JSON.stringify(cart)).toBe(cart.total);
        expect(row(rows, 'total')?.amount).toBe(cart.total);
      }
    }
  });
});

describe('linesIncludeTax', () => {
  it('tells from a taxed line whether its total contains the tax or adds it', () => {
    expect(linesIncludeTax([{ quantity: 2, unitPrice: 500, discount: 100, tax: 90, lineTotal: 900 }])).toBe(
      true,
    );
    expect(linesIncludeTax([{ quantity: 2, unitPrice: 500, discount: 100, tax: 90, lineTotal: 990 }])).toBe(
      false,
    );
  });

  it('cannot tell when no line carries tax', () => {
    expect(
      linesIncludeTax([{ quantity: 1, unitPrice: 500, discount: 0, tax: 0, lineTotal: 500 }]),
    ).toBeUndefined();
    expect(linesIncludeTax([])).toBeUndefined();
  });
});
