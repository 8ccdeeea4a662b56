import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ShopApi } from '../../src/api/client.ts';
import { ApiError } from '../../src/api/problem.ts';
import type { Address, Cart, PaymentMethod } from '../../src/api/types.ts';
import {
  createCheckoutAttempts,
  deliverableAddress,
  deliveryEstimate,
  fingerprint,
  isRetryable,
  normalizeAddress,
  shippingCountry,
} from '../../src/checkout.ts';
import { hrefFor } from '../../src/routes.ts';
import { Money, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { TextField } from '../components/fields.tsx';
import { Totals } from '../components/totals.tsx';
import { Link, navigate } from '../router.tsx';
import { useShop } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';

const fieldLabels: Record<string, string> = {
  'shippingAddress.line1': 'Address line 1',
  'shippingAddress.line2': 'Address line 2',
  'shippingAddress.city': 'City',
  'shippingAddress.postalCode': 'Postal code',
  'shippingAddress.country': 'Country',
  paymentMethod: 'Payment method',
};

const emptyAddress: Address = { line1: '', line2: '', city: '', postalCode: '', country: '' };

/** Typing in the street, city or postal code reprices once it pauses this long (they change no price). */
const REPRICE_AFTER_MS = 400;

/**
 * The cart priced for where it goes (PUT /cart/delivery), asked again whenever the address or the
 * shipping option changes; only the latest question's answer counts. `address` is undefined until
 * every required field is filled.
 */
function useDelivery(
  api: ShopApi,
  address: Address | undefined,
  shippingOptionId: string | undefined,
  onPriced: (cart: Cart) => void,
) {
  const [state, setState] = useState<{ cart?: Cart; error?: unknown; busy: boolean }>({ busy: false });
  const addressKey = address ? fingerprint(address) : '';
  // The country and option last asked about: a change of either reprices at once.
  const sent = useRef('');
  const pricing = `${address?.country}|${shippingOptionId}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: addressKey stands for address (and pricing); onPriced is the shop's setCart
  useEffect(() => {
    if (!address) {
      setState((previous) => (previous.busy ? { ...previous, busy: false } : previous));
      return;
    }
    let latest = true;
    const timer = setTimeout(
      () => {
        sent.current = pricing;
        setState((previous) => ({ ...previous, busy: true, error: undefined }));
        const body = { shippingAddress: address, ...(shippingOptionId ? { shippingOptionId } : {}) };
        api.setDelivery(body).then(
          (cart) => {
            if (!latest) return;
            setState({ cart, busy: false });
            onPriced(cart);
          },
          (error: unknown) => latest && setState((previous) => ({ ...previous, error, busy: false })),
        );
      },
      pricing === sent.current ? REPRICE_AFTER_MS : 0,
    );
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [api, addressKey, shippingOptionId]);
  return state;
}

export function CheckoutPage() {
  const { api, setCart, store } = useShop();
  const cart = useAsync(() => api.getCart(), [api]);
  const profile = useAsync(() => api.getProfile().catch(() => undefined), [api]);
  const [address, setAddress] = useState<Address | undefined>();
  // The shipping option the customer picked; until then the API's (the cheapest for the country).
  const [chosen, setChosen] = useState<string | undefined>();
  const [payment, setPayment] = useState<PaymentMethod>('card_ok');
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  // One attempt per distinct order request; a retry after a network error or 5xx reuses its key.
  const attempts = useRef(createCheckoutAttempts());

  // The cart's address from an earlier visit, else the profile's; a new address starts in the
  // store's country (a Berlin store's shoppers mostly live in DE).
  const saved = cart.data;
  const form = address ??
    saved?.shippingAddress ??
    profile.data?.addresses[0] ?? { ...emptyAddress, country: store?.country ?? '' };
  const country = shippingCountry(form);
  const set = (field: keyof Address) => (event: { target: { value: string } }) => {
    const next = { ...form, [field]: event.target.value };
    if (shippingCountry(next) !== country) setChosen(undefined);
    setAddress(next);
  };

  const options = useAsync(
    async () => (country ? { country, ...(await api.listShippingOptions(country)) } : undefined),
    [api, country],
  );
  const shown = options.data?.country === country ? options.data : undefined;
  const savedOption =
    saved?.shippingAddress?.country === country ? saved?.shippingOption?.shippingOptionId : undefined;
  const delivery = useDelivery(api, deliverableAddress(form), chosen ?? savedOption, setCart);
  const priced = delivery.cart ?? saved;
  // What the totals are priced with, unless the customer just picked another; a refused pick (409)
  // leaves the one still priced selected, so the radio buttons, the totals and the order agree.
  const selected =
    (delivery.error ? undefined : chosen) ??
    (priced?.shippingAddress?.country === country ? priced?.shippingOption?.shippingOptionId : undefined);

  const fieldErrors = {
    ...(delivery.error instanceof ApiError ? delivery.error.fieldErrors : {}),
    ...(state.error instanceof ApiError ? state.error.fieldErrors : {}),
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      shippingAddress: normalizeAddress(form),
      ...(selected ? { shippingOptionId: selected } : {}),
      paymentMethod: payment,
    };
    const key = attempts.current.keyFor(body);
    setState({ busy: true });
    try {
      const accepted = await api.checkout(body, key);
      attempts.current.settle();
      navigate(hrefFor({ page: 'order', orderId: accepted.orderId }));
      void api.getCart().then(setCart, () => undefined);
    } catch (error) {
      attempts.current.settle(error);
      setState({ busy: false, error });
    }
  };

  if (cart.loading) return <Loading label="Loading your cart…" />;
  if (cart.data && cart.data.items.length === 0) {
    return (
      <>
        <PageTitle>Checkout</PageTitle>
        <p>
          Your cart is empty. <Link to="/">Browse the catalog</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageTitle>Checkout</PageTitle>
      <ErrorNotice error={cart.error} title="Your cart could not be loaded" />
      {priced && (
        <section aria-labelledby="summary-title" className="summary">
          <h2 id="summary-title">Order summary</h2>
          <ul>
            {priced.items.map((line) => (
              <li key={line.variantId}>
                {line.quantity} × {line.name} — <Money amount={line.lineTotal} currency={priced.currency} />
              </li>
            ))}
          </ul>
          <Totals
            priced={priced}
            currency={priced.currency}
            pendingShipping="Calculated from your address"
            live
            busy={delivery.busy}
          />
        </section>
      )}
      <form className="form" onSubmit={submit} noValidate={false}>
        <fieldset>
          <legend>Shipping address</legend>
          <TextField
            label="Address line 1"
            name="line1"
            autoComplete="address-line1"
            required
            value={form.line1}
            onChange={set('line1')}
            error={fieldErrors['shippingAddress.line1']}
          />
          <TextField
            label="Address line 2 (optional)"
            name="line2"
            autoComplete="address-line2"
            value={form.line2 ?? ''}
            onChange={set('line2')}
            error={fieldErrors['shippingAddress.line2']}
          />
          <TextField
            label="City"
            name="city"
            autoComplete="address-level2"
            required
            value={form.city}
            onChange={set('city')}
            error={fieldErrors['shippingAddress.city']}
          />
          <TextField
            label="Postal code"
            name="postalCode"
            autoComplete="postal-code"
            required
            value={form.postalCode}
            onChange={set('postalCode')}
            error={fieldErrors['shippingAddress.postalCode']}
          />
          <TextField
            label="Country"
            name="country"
            autoComplete="country"
            hint="Two-letter code, e.g. US, DE, GB"
            required
            maxLength={2}
            value={form.country}
            onChange={set('country')}
            error={fieldErrors['shippingAddress.country']}
          />
        </fieldset>
        <fieldset className="shipping-options" aria-busy={(country !== undefined && !shown) || undefined}>
          <legend>Shipping option</legend>
          {!country && <p className="hint">Enter your country to see how the order can be shipped.</p>}
          {country && !shown && !options.error && <Loading label="Loading the shipping options…" />}
          <ErrorNotice
            error={options.error}
            takeFocus={false}
            title="The shipping options could not be loaded"
          />
          {shown && shown.items.length === 0 && <p>No shipping option delivers to this country.</p>}
          {shown?.items.map((option) => (
            <div className="radio" key={option.shippingOptionId}>
              <input
                type="radio"
                id={`ship-${option.shippingOptionId}`}
                name="shipping"
                value={option.shippingOptionId}
                checked={selected === option.shippingOptionId}
                onChange={() => setChosen(option.shippingOptionId)}
              />
              <label htmlFor={`ship-${option.shippingOptionId}`}>
                {option.name}: <Money amount={option.price} currency={priced?.currency ?? 'USD'} />,{' '}
                {deliveryEstimate(option.estimatedDays)}
                {option.freeOver !== undefined && (
                  <>
                    , free from <Money amount={option.freeOver} currency={priced?.currency ?? 'USD'} />
                  </>
                )}
              </label>
            </div>
          ))}
          <ErrorNotice
            error={delivery.error}
            fieldLabels={fieldLabels}
            takeFocus={false}
            title="The shipping could not be priced"
          />
        </fieldset>
        <fieldset>
          <legend>Payment method</legend>
          <p className="hint">Payments are simulated: choose how the test card behaves.</p>
          <div className="radio">
            <input
              type="radio"
              id="pay-ok"
              name="payment"
              value="card_ok"
              checked={payment === 'card_ok'}
              onChange={() => setPayment('card_ok')}
            />
            <label htmlFor="pay-ok">Card that is approved</label>
          </div>
          <div className="radio">
            <input
              type="radio"
              id="pay-declined"
              name="payment"
              value="card_declined"
              checked={payment === 'card_declined'}
              onChange={() => setPayment('card_declined')}
            />
            <label htmlFor="pay-declined">Card that is declined</label>
          </div>
        </fieldset>
        <ErrorNotice error={state.error} fieldLabels={fieldLabels} title="The order was not placed" />
        {state.error !== undefined && isRetryable(state.error) && (
          <p className="hint">
            Placing the order again is safe: if the first try got through, you will not be charged twice.
          </p>
        )}
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Placing the order…' : 'Place order'}
        </button>
      </form>
    </>
  );
}
