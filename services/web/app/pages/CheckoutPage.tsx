import { type FormEvent, useRef, useState } from 'react';
import { ApiError } from '../../src/api/problem.ts';
import type { Address, PaymentMethod } from '../../src/api/types.ts';
import { createCheckoutAttempts, isRetryable, normalizeAddress } from '../../src/checkout.ts';
import { hrefFor } from '../../src/routes.ts';
import { Money, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { TextField } from '../components/fields.tsx';
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

export function CheckoutPage() {
  const { api, setCart, store } = useShop();
  const cart = useAsync(() => api.getCart(), [api]);
  const profile = useAsync(() => api.getProfile().catch(() => undefined), [api]);
  const [address, setAddress] = useState<Address | undefined>();
  const [payment, setPayment] = useState<PaymentMethod>('card_ok');
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  // One attempt per distinct order request; a retry after a network error or 5xx reuses its key.
  const attempts = useRef(createCheckoutAttempts());

  // A new address starts in the store's country (a Berlin store's shoppers mostly live in DE).
  const form = address ?? profile.data?.addresses[0] ?? { ...emptyAddress, country: store?.country ?? '' };
  const set = (field: keyof Address) => (event: { target: { value: string } }) =>
    setAddress({ ...form, [field]: event.target.value });
  const fieldErrors = state.error instanceof ApiError ? state.error.fieldErrors : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { shippingAddress: normalizeAddress(form), paymentMethod: payment };
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
      {cart.data && (
        <section aria-labelledby="summary-title" className="summary">
          <h2 id="summary-title">Order summary</h2>
          <ul>
            {cart.data.items.map((line) => (
              <li key={line.productId}>
                {line.quantity} × {line.name} —{' '}
                <Money amount={line.lineTotal} currency={cart.data?.currency ?? 'USD'} />
              </li>
            ))}
          </ul>
          <p className="subtotal">
            Total: <Money amount={cart.data.subtotal} currency={cart.data.currency} />
          </p>
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
