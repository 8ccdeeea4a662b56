// The money of a cart or an order as the customer reads it: subtotal, discount, shipping, tax and
// total, each row an amount in minor units (or words where there is no amount yet). The API has
// computed every figure; this only decides which rows show and what they say, so that the rows that
// add up do come to the total, to the unit.
import type { Cart, Order } from './api/types.ts';

/** What a breakdown reads of a cart or an order. */
export type PricedMoney = Pick<
  Cart,
  'subtotal' | 'discountTotal' | 'shippingTotal' | 'taxTotal' | 'total' | 'promotionCode' | 'shippingOption'
> & {
  items: readonly Pick<Cart['items'][number], 'quantity' | 'unitPrice' | 'discount' | 'tax' | 'lineTotal'>[];
  /** A cart has none until PUT /cart/delivery; an order always has one. */
  shippingAddress?: Order['shippingAddress'] | undefined;
};

export interface MoneyRow {
  kind: 'subtotal' | 'discount' | 'shipping' | 'tax' | 'total';
  label: string;
  /** Minor units (a discount is negative); absent while there is none yet (shipping before an address). */
  amount?: number;
  /** Words shown in place of the amount ("Free", "Calculated at checkout"). */
  note?: string;
  /** A tax row the prices already contain: shown, but not added to the total. */
  included?: boolean;
}

export interface BreakdownOptions {
  /** What the shipping row says before the cart has an address. */
  pendingShipping?: string;
}

/**
 * Whether the lines' prices contain their tax, as the lines themselves show it: a taxed line's total
 * is its net price (tax included) or its net price plus its tax (tax added). Undefined when no line
 * carries tax, so nothing tells.
 */
export function linesIncludeTax(items: PricedMoney['items']): boolean | undefined {
  const taxed = items.find((item) => item.tax > 0);
  if (!taxed) return undefined;
  return taxed.lineTotal === taxed.quantity * taxed.unitPrice - taxed.discount;
}

/**
 * The rows of a cart's or an order's money. `taxIncluded` is the store's setting (undefined while it
 * is not known); the lines' own figures win where they show it, since an order keeps the setting it
 * was bought under. Where tax is added, the shipping row is the shipping before its tax (the tax row
 * holds it), so subtotal − discount + shipping + tax is the total; where prices include it, the tax
 * row says how much VAT the total contains.
 */
export function moneyBreakdown(
  priced: PricedMoney,
  taxIncluded: boolean | undefined,
  options: BreakdownOptions = {},
): MoneyRow[] {
  const included = linesIncludeTax(priced.items) ?? taxIncluded ?? false;
  const rows: MoneyRow[] = [{ kind: 'subtotal', label: 'Subtotal', amount: priced.subtotal }];
  if (priced.discountTotal > 0) {
    rows.push({
      kind: 'discount',
      label: priced.promotionCode ? `Discount (${priced.promotionCode})` : 'Discount',
      amount: -priced.discountTotal,
    });
  }
  rows.push(shippingRow(priced, included, options.pendingShipping ?? 'Calculated at checkout'));
  rows.push(
    included
      ? { kind: 'tax', label: 'incl. VAT', amount: priced.taxTotal, included: true }
      : { kind: 'tax', label: 'Tax', amount: priced.taxTotal },
  );
  rows.push({ kind: 'total', label: 'Total', amount: priced.total });
  return rows;
}

function shippingRow(priced: PricedMoney, taxIncluded: boolean, pending: string): MoneyRow {
  const option = priced.shippingOption;
  const label = option ? `Shipping (${option.name})` : 'Shipping';
  if (!priced.shippingAddress) return { kind: 'shipping', label, note: pending };
  // `shippingTotal` carries the shipping's tax, which `taxTotal` counts too: the part of the tax the
  // lines do not carry.
  const lineTax = priced.items.reduce((sum, item) => sum + item.tax, 0);
  const amount = taxIncluded ? priced.shippingTotal : priced.shippingTotal - (priced.taxTotal - lineTax);
  if (option && amount === 0) return { kind: 'shipping', label, amount, note: 'Free' };
  return { kind: 'shipping', label, amount };
}
