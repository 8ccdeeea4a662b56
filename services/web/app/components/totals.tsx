import { moneyBreakdown, type PricedMoney } from '../../src/money-breakdown.ts';
import { useShop } from '../shop-context.tsx';
import { Money } from './bits.tsx';

/**
 * A cart's or an order's money, row by row, ending with the total. `live`: the total is announced
 * when it changes (the checkout reprices as the address and the shipping change).
 */
export function Totals({
  priced,
  currency,
  pendingShipping,
  live = false,
  busy = false,
}: {
  priced: PricedMoney;
  currency: string;
  pendingShipping?: string;
  live?: boolean;
  busy?: boolean;
}) {
  const { store } = useShop();
  const rows = moneyBreakdown(priced, store?.taxIncluded, pendingShipping ? { pendingShipping } : {});
  return (
    <dl className="totals" aria-busy={busy || undefined}>
      {rows.map((row) => (
        <div
          key={row.kind}
          className={`totals-row totals-${row.kind}${row.included ? ' totals-included' : ''}`}
          {...(live && row.kind === 'total' ? { 'aria-live': 'polite' as const, 'aria-atomic': true } : {})}
        >
          <dt>{row.label}</dt>
          <dd>
            {row.note ?? (row.amount !== undefined && <Money amount={row.amount} currency={currency} />)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
