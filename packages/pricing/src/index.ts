// The shop's money at checkout (API.md v1.1 "Money at checkout", "Returns and refunds"): lines,
// promotion, shipping and tax in, every total out, in integer minor units. Pure: the cart, the
// checkout, the order, the refunds and the emails all take their figures from here, and nothing
// else computes money.

/** A line as priced: how many, at what unit price (minor units, as the store prices: with or without tax). */
export type MoneyLine = { unitPrice: number; quantity: number };

/** What a promotion takes off: a percent (1–100) or a fixed amount of the goods, or the shipping. */
export type Reduction = { type: 'percent' | 'fixed' | 'free_shipping'; value: number };

/** The shipping option chosen: its price, and the goods amount from which it is free. */
export type ShippingCharge = { price: number; freeOver?: number | undefined };

export type PricingInput = {
  lines: readonly MoneyLine[];
  promotion?: Reduction | undefined;
  shipping?: ShippingCharge | undefined;
  /** The destination's tax rate in basis points (1900 = 19 %). */
  taxRate: number;
  /** Prices include tax (the tax shown is the part they contain), or tax is added on top. */
  taxIncluded: boolean;
};

/** One line's money: its price less its share of the discount, with its tax. */
export type LineMoney = { discount: number; tax: number; lineTotal: number };

export type OrderMoney = {
  lines: LineMoney[];
  /** Σ quantity × unitPrice. */
  subtotal: number;
  /** Σ the lines' discounts (free shipping is not a line discount: it makes `shippingTotal` 0). */
  discountTotal: number;
  /** The shipping charged, with its tax. */
  shippingTotal: number;
  /** The tax the shipping carries (within `shippingTotal`). */
  shippingTax: number;
  /** The goods' tax plus the shipping's: added on top, or contained in the prices. */
  taxTotal: number;
  /** Σ lineTotal + shippingTotal: what the payment authorizes. */
  total: number;
};

const BASIS = 10_000n;

/** a × b / c rounded half up, for non-negative integers (exact however large the product). */
function mulDivRound(a: number, b: bigint, c: bigint): number {
  return Number((2n * BigInt(a) * b + c) / (2n * c));
}

/**
 * Splits `total` over `weights` in proportion, in whole units that add up to exactly `total`: each
 * gets the floor of its share, and the units left go to the largest remainders (ties: the earlier
 * line). No part exceeds its weight when `total` does not exceed their sum.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const whole = BigInt(sum);
  const shares = weights.map((weight, index) => {
    const exact = BigInt(total) * BigInt(weight);
    return { index, floor: exact / whole, remainder: exact % whole };
  });
  let left = total - shares.reduce((a, share) => a + Number(share.floor), 0);
  const parts = shares.map((share) => Number(share.floor));
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (left === 0) break;
    parts[share.index] = (parts[share.index] as number) + 1;
    left -= 1;
  }
  return parts;
}

/** The tax in an amount: the part it contains (tax included) or the part added on top. */
export function taxOf(amount: number, rate: number, taxIncluded: boolean): number {
  const r = BigInt(rate);
  return taxIncluded ? mulDivRound(amount, r, BASIS + r) : mulDivRound(amount, r, BASIS);
}

/** What a promotion takes off goods worth `subtotal`: never more than they cost. */
export function discountOf(subtotal: number, promotion: Reduction | undefined): number {
  if (!promotion) return 0;
  if (promotion.type === 'percent')
    return Math.min(subtotal, mulDivRound(subtotal, BigInt(promotion.value), 100n));
  if (promotion.type === 'fixed') return Math.min(subtotal, promotion.value);
  return 0;
}

/**
 * Every figure of a cart or an order. The discount is spread over the lines by their amounts, the
 * goods' tax over the lines by what is left of them (both by largest remainder), so the lines'
 * totals plus the shipping come to `total` to the unit. Shipping is free with a free-shipping code or
 * when the goods after discount reach the option's `freeOver`.
 */
export function priceOrder(input: PricingInput): OrderMoney {
  const { lines, promotion, shipping, taxRate, taxIncluded } = input;
  const amounts = lines.map((line) => line.quantity * line.unitPrice);
  const subtotal = amounts.reduce((a, b) => a + b, 0);
  const discounts = allocate(discountOf(subtotal, promotion), amounts);
  const nets = amounts.map((amount, index) => amount - (discounts[index] as number));
  const goods = nets.reduce((a, b) => a + b, 0);
  const taxes = allocate(taxOf(goods, taxRate, taxIncluded), nets);
  const moneyLines = nets.map((net, index) => {
    const tax = taxes[index] as number;
    return { discount: discounts[index] as number, tax, lineTotal: taxIncluded ? net : net + tax };
  });
  const free =
    promotion?.type === 'free_shipping' || (shipping?.freeOver !== undefined && goods >= shipping.freeOver);
  const shippingPrice = shipping && !free ? shipping.price : 0;
  const shippingTax = taxOf(shippingPrice, taxRate, taxIncluded);
  const shippingTotal = taxIncluded ? shippingPrice : shippingPrice + shippingTax;
  const taxTotal = taxes.reduce((a, b) => a + b, 0) + shippingTax;
  return {
    lines: moneyLines,
    subtotal,
    discountTotal: discounts.reduce((a, b) => a + b, 0),
    shippingTotal,
    shippingTax,
    taxTotal,
    total: moneyLines.reduce((sum, line) => sum + line.lineTotal, 0) + shippingTotal,
  };
}

/**
 * The refund for `returning` more units of a line bought `quantity` times for `lineTotal`, of which
 * `alreadyReturned` were returned before: the line's total up to the units returned so far, floored,
 * less what the earlier returns refunded. Returning every unit, at once or over several returns, adds
 * up to exactly `lineTotal`; no return refunds more than its share. Shipping is never refunded.
 */
export function refundOf(
  line: { quantity: number; lineTotal: number },
  alreadyReturned: number,
  returning: number,
): number {
  if (returning < 0 || alreadyReturned < 0 || alreadyReturned + returning > line.quantity) {
    throw new RangeError('A return covers at most the units bought less those already returned.');
  }
  const upTo = (units: number) => Number((BigInt(line.lineTotal) * BigInt(units)) / BigInt(line.quantity));
  return upTo(alreadyReturned + returning) - upTo(alreadyReturned);
}

/**
 * A line with its money as an order keeps it: a line from before issue 17 carries none, so it had no
 * discount and no tax and cost quantity × unit price. The order's answer, its events and its emails
 * read line money through this.
 */
export const withLineMoney = <
  L extends MoneyLine & {
    discount?: number | undefined;
    tax?: number | undefined;
    lineTotal?: number | undefined;
  },
>(
  line: L,
) => ({
  ...line,
  discount: line.discount ?? 0,
  tax: line.tax ?? 0,
  lineTotal: line.lineTotal ?? line.quantity * line.unitPrice,
});

/**
 * The refund for `returning` more units of a line when the returns still standing (not rejected)
 * cover `standing.units` units and refund `standing.refunded`: up to the line's floored share of all
 * those units (`refundOf` from none), never below 0. With no rejection in between it is exactly
 * `refundOf(line, standing.units, returning)`; a rejected return in the middle of others leaves
 * what the others refund off the floors, and this never lets the line's refunds pass its
 * `lineTotal`, and still brings them to exactly `lineTotal` once every unit is returned.
 */
export function refundOfReturn(
  line: { quantity: number; lineTotal: number },
  standing: { units: number; refunded: number },
  returning: number,
): number {
  return Math.max(0, refundOf(line, 0, standing.units + returning) - standing.refunded);
}
