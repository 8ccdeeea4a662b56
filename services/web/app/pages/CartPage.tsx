import { type FormEvent, useEffect, useState } from 'react';
import type { Cart, CartLine } from '../../src/api/types.ts';
import { optionsLabel } from '../../src/catalog.ts';
import { hrefFor } from '../../src/routes.ts';
import { Money, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { Totals } from '../components/totals.tsx';
import { Link } from '../router.tsx';
import { useShop } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';

function CartRow({
  line,
  currency,
  onChange,
}: {
  line: CartLine;
  currency: string;
  onChange: (busy: Promise<unknown>) => void;
}) {
  const { api, setCart } = useShop();
  const [quantity, setQuantity] = useState(String(line.quantity));
  useEffect(() => setQuantity(String(line.quantity)), [line.quantity]);
  // Each line is one variant (a product without options: its one variant, with the product's id).
  const options = optionsLabel(line.options);
  const label = options ? `${line.name} (${options})` : line.name;
  const update = () => {
    const value = Number(quantity);
    if (!Number.isInteger(value) || value === line.quantity) return setQuantity(String(line.quantity));
    onChange(
      value <= 0
        ? api.removeCartVariant(line.variantId).then(setCart)
        : api.setCartVariant(line.variantId, value).then(setCart),
    );
  };
  return (
    <tr>
      <th scope="row">
        <Link to={hrefFor({ page: 'product', productId: line.productId })}>{line.name}</Link>
        {options && <div className="muted">{options}</div>}
      </th>
      <td data-label="Price">
        <Money amount={line.unitPrice} currency={currency} />
      </td>
      <td data-label="Quantity">
        <label className="visually-hidden" htmlFor={`qty-${line.variantId}`}>
          Quantity of {label}
        </label>
        <input
          id={`qty-${line.variantId}`}
          className="qty"
          type="number"
          min={0}
          max={99}
          value={quantity}
          onChange={(event) => setQuantity(event.target.value)}
          onBlur={update}
          onKeyDown={(event) => event.key === 'Enter' && update()}
        />
      </td>
      <td data-label="Total">
        <Money amount={line.lineTotal} currency={currency} />
      </td>
      <td>
        <button
          type="button"
          className="link-button"
          onClick={() => onChange(api.removeCartVariant(line.variantId).then(setCart))}
        >
          Remove<span className="visually-hidden"> {label}</span>
        </button>
      </td>
    </tr>
  );
}

/**
 * The cart's promotion code: a field to enter one (the problem says why a code was refused: unknown,
 * expired, used up, below its minimum), or the code applied with a button to take it off.
 */
function PromotionCode({ cart }: { cart: Cart }) {
  const { api, setCart } = useShop();
  const [code, setCode] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const run = async (work: Promise<Cart>) => {
    setState({ busy: true });
    try {
      setCart(await work);
      setCode('');
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim()) void run(api.applyPromotion(code.trim()));
  };
  if (cart.promotionCode)
    return (
      <p className="promotion-applied" aria-live="polite">
        Code <strong>{cart.promotionCode}</strong> applied.{' '}
        <button
          type="button"
          className="link-button"
          disabled={state.busy}
          onClick={() => void run(api.removePromotion())}
        >
          Remove<span className="visually-hidden"> the code {cart.promotionCode}</span>
        </button>
      </p>
    );
  return (
    <form className="promotion-form" onSubmit={apply}>
      <div className="field">
        <label htmlFor="promotion-code">Promotion code</label>
        <div className="inline-field">
          <input
            id="promotion-code"
            value={code}
            maxLength={64}
            autoCapitalize="characters"
            autoComplete="off"
            onChange={(event) => setCode(event.target.value)}
          />
          <button type="submit" className="secondary" disabled={state.busy || !code.trim()}>
            {state.busy ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </div>
      <ErrorNotice error={state.error} title="The code was not applied" />
    </form>
  );
}

/** The cart as DELETE /cart leaves it (it answers nothing): no lines, nothing to pay. */
const emptied = (cart: Cart): Cart => ({
  ...cart,
  items: [],
  subtotal: 0,
  discountTotal: 0,
  shippingTotal: 0,
  taxTotal: 0,
  total: 0,
});

export function CartPage() {
  const { api, cart, setCart } = useShop();
  const loaded = useAsync(async () => {
    const fresh = await api.getCart();
    setCart(fresh);
    return fresh;
  }, [api]);
  const [action, setAction] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const run = (work: Promise<unknown>) => {
    setAction({ busy: true });
    work.then(
      () => setAction({ busy: false }),
      (error: unknown) => setAction({ busy: false, error }),
    );
  };
  const current = loaded.data ? cart : undefined;
  return (
    <>
      <PageTitle>Your cart</PageTitle>
      {loaded.loading && !current && <Loading label="Loading your cart…" />}
      <ErrorNotice error={loaded.error} title="Your cart could not be loaded" />
      <ErrorNotice error={action.error} title="The cart was not changed" />
      {current && current.items.length === 0 && (
        <p>
          Your cart is empty. <Link to="/">Browse the catalog</Link>
        </p>
      )}
      {current && current.items.length > 0 && (
        <>
          <table className="table cart-table" aria-busy={action.busy}>
            <caption className="visually-hidden">Items in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {current.items.map((line) => (
                <CartRow key={line.variantId} line={line} currency={current.currency} onChange={run} />
              ))}
            </tbody>
          </table>
          <PromotionCode cart={current} />
          <Totals priced={current} currency={current.currency} busy={action.busy} />
          <div className="actions">
            <Link to="/checkout" className="button">
              Check out
            </Link>
            <button
              type="button"
              className="secondary"
              disabled={action.busy}
              onClick={() => run(api.clearCart().then(() => setCart(emptied(current))))}
            >
              Empty the cart
            </button>
          </div>
        </>
      )}
    </>
  );
}
