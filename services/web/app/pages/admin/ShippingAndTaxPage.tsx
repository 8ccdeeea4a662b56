import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../src/api/problem.ts';
import type { ShippingOption, TaxRate } from '../../../src/api/types.ts';
import { deliveryEstimate } from '../../../src/checkout.ts';
import {
  basisPointsToInput,
  blankShippingOption,
  countriesLabel,
  countryLabel,
  fieldProblems,
  formatPercent,
  MAX_ESTIMATED_DAYS,
  MAX_SHIPPING_OPTIONS,
  parseCountry,
  parsePercent,
  type ShippingOptionField,
  type ShippingOptionFields,
  shippingOptionChanges,
  shippingOptionFieldsOf,
  shippingOptionToSend,
} from '../../../src/checkout-settings-form.ts';
import { Money, PageTitle } from '../../components/bits.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/feedback.tsx';
import { TextField } from '../../components/fields.tsx';
import { ManagedStoreSwitch } from '../../components/stores.tsx';
import { useShop } from '../../shop-context.tsx';
import { useAsync } from '../../use-async.ts';

const optionFields: ShippingOptionField[] = ['name', 'price', 'freeOver', 'estimatedDays', 'countries'];

const optionFieldLabels: Record<ShippingOptionField, string> = {
  name: 'Name',
  price: 'Price',
  freeOver: 'Free from',
  estimatedDays: 'Delivery (days)',
  countries: 'Countries',
};

/** The error notice's names for the fields, `countries.1` included (named by the code sent). */
const labelsFor = (countries: readonly string[]): Record<string, string> => ({
  ...optionFieldLabels,
  ...Object.fromEntries(countries.map((code, index) => [`countries.${index}`, `Countries (${code})`])),
});

const optionInputId = (field: ShippingOptionField) => `shipping-option-${field}`;

/** The form that adds a shipping option, or with `option` changes it (only what changed is sent). */
function ShippingOptionForm({
  option,
  currency,
  onSaved,
  onCancel,
}: {
  option?: ShippingOption | undefined;
  currency: string;
  onSaved: (option: ShippingOption, changed: boolean) => void;
  onCancel?: () => void;
}) {
  const { api } = useShop();
  const [fields, setFields] = useState<ShippingOptionFields>(
    option ? shippingOptionFieldsOf(option, currency) : blankShippingOption,
  );
  const [local, setLocal] = useState<Partial<Record<ShippingOptionField, string>>>({});
  const [state, setState] = useState<{ busy: boolean; error?: unknown; countries?: string[] }>({
    busy: false,
  });
  const set = (field: ShippingOptionField) => (event: { target: { value: string } }) =>
    setFields({ ...fields, [field]: event.target.value });
  const serverProblems =
    state.error instanceof ApiError
      ? fieldProblems(state.error.problem.errors ?? [], optionFields, { countries: state.countries ?? [] })
      : {};
  const errorOf = (field: ShippingOptionField) => local[field] ?? serverProblems[field];
  // A refused submit lands on the first field to fix, so its error is read out with it.
  useEffect(() => {
    const first = optionFields.find((field) => local[field]);
    if (first) document.getElementById(optionInputId(first))?.focus();
  }, [local]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = shippingOptionToSend(fields, currency);
    setLocal(checked.ok ? {} : checked.problems);
    if (!checked.ok) return setState({ busy: false });
    const { countries } = checked.body;
    setState({ busy: true, countries });
    try {
      if (option) {
        const patch = shippingOptionChanges(option, checked.body);
        if (Object.keys(patch).length === 0) return onSaved(option, false);
        onSaved(await api.updateShippingOption(option.shippingOptionId, patch), true);
      } else {
        onSaved(await api.createShippingOption(checked.body), true);
        setFields(blankShippingOption);
        setState({ busy: false });
      }
    } catch (error) {
      setState({ busy: false, error, countries });
    }
  };

  const name = option?.name;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label="Name"
        required
        maxLength={100}
        hint="As the checkout shows it, e.g. Express"
        value={fields.name}
        id={optionInputId('name')}
        onChange={set('name')}
        error={errorOf('name')}
      />
      <div className="two-columns">
        <TextField
          label="Price"
          inputMode="decimal"
          required
          hint={`e.g. 4.99 (${currency})`}
          value={fields.price}
          id={optionInputId('price')}
          onChange={set('price')}
          error={errorOf('price')}
        />
        <TextField
          label="Free from (optional)"
          inputMode="decimal"
          hint="Free when the goods after discount come to this much; empty: never free"
          value={fields.freeOver}
          id={optionInputId('freeOver')}
          onChange={set('freeOver')}
          error={errorOf('freeOver')}
        />
      </div>
      <div className="two-columns">
        <TextField
          label="Delivery (days)"
          type="number"
          min={0}
          max={MAX_ESTIMATED_DAYS}
          required
          hint="0 for same-day delivery"
          value={fields.estimatedDays}
          id={optionInputId('estimatedDays')}
          onChange={set('estimatedDays')}
          error={errorOf('estimatedDays')}
        />
        <TextField
          label="Countries"
          required
          autoCapitalize="characters"
          hint="Two-letter codes separated by commas, e.g. DE, AT; or * for every country"
          value={fields.countries}
          id={optionInputId('countries')}
          onChange={set('countries')}
          error={errorOf('countries')}
        />
      </div>
      <ErrorNotice
        error={state.error}
        fieldLabels={labelsFor(state.countries ?? [])}
        title={option ? `${option.name} was not saved` : 'The shipping option was not added'}
      />
      <div className="actions">
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Saving…' : option ? 'Save changes' : 'Add shipping option'}
          {name && !state.busy && <span className="visually-hidden"> to {name}</span>}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel} disabled={state.busy}>
            Cancel<span className="visually-hidden"> editing {name}</span>
          </button>
        )}
      </div>
    </form>
  );
}

/** The store's shipping options: a table with edit and delete, and the form to add or change one. */
function ShippingOptions({ currency }: { currency: string }) {
  const { api } = useShop();
  const list = useAsync(() => api.listShippingOptions(), [api]);
  const items = list.data?.items ?? [];
  const [editing, setEditing] = useState<ShippingOption>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const formTitle = useRef<HTMLHeadingElement>(null);
  const listTitle = useRef<HTMLHeadingElement>(null);

  const startEditing = (option: ShippingOption) => {
    setNotice(undefined);
    setEditing(option);
  };
  // Keyboard and screen-reader users land on the edit form, once its heading names the option.
  useEffect(() => {
    if (editing) formTitle.current?.focus();
  }, [editing]);
  const stopEditing = () => {
    setEditing(undefined);
    listTitle.current?.focus();
  };
  const saved = (option: ShippingOption, changed: boolean) => {
    const known = items.some((item) => item.shippingOptionId === option.shippingOptionId);
    list.setData({
      items: known
        ? items.map((item) => (item.shippingOptionId === option.shippingOptionId ? option : item))
        : [...items, option],
    });
    // Shown at once from the answer, then read again: a list still loading cannot hide another's change.
    list.reload();
    setNotice(
      !changed
        ? `Nothing changed in ${option.name}.`
        : known
          ? `Saved ${option.name}.`
          : `Added ${option.name}.`,
    );
    if (editing) stopEditing();
  };
  const remove = async (option: ShippingOption) => {
    if (!window.confirm(`Delete the shipping option ${option.name}? The checkout no longer offers it.`))
      return;
    setError(undefined);
    setNotice(undefined);
    try {
      await api.deleteShippingOption(option.shippingOptionId);
      list.setData({ items: items.filter((item) => item.shippingOptionId !== option.shippingOptionId) });
      list.reload();
      if (editing?.shippingOptionId === option.shippingOptionId) setEditing(undefined);
      setNotice(`Deleted ${option.name}.`);
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <section aria-labelledby="shipping-title">
      <h2 id="shipping-title" tabIndex={-1} ref={listTitle}>
        Shipping options
      </h2>
      <p className="muted">
        The checkout offers the options that deliver to the customer's country, the cheapest first; where none
        does, shipping is free. A store offers at most {MAX_SHIPPING_OPTIONS}.
      </p>
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <ErrorNotice error={error} title="Not deleted" />
      {list.loading && !list.data && <Loading label="Loading the shipping options…" />}
      <ErrorNotice error={list.error} title="The shipping options could not be loaded" />
      {list.data && items.length === 0 && <p>No shipping options yet.</p>}
      {list.data && items.length > 0 && (
        <table className="table admin-table">
          <caption className="visually-hidden">
            Shipping options ({items.length} of {MAX_SHIPPING_OPTIONS})
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Price</th>
              <th scope="col">Free from</th>
              <th scope="col">Delivery</th>
              <th scope="col">Countries</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((option) => (
              <tr key={option.shippingOptionId}>
                <th scope="row">{option.name}</th>
                <td data-label="Price">
                  <Money amount={option.price} currency={currency} />
                </td>
                <td data-label="Free from">
                  {option.freeOver === undefined ? (
                    <span className="muted">never</span>
                  ) : (
                    <Money amount={option.freeOver} currency={currency} />
                  )}
                </td>
                <td data-label="Delivery">{deliveryEstimate(option.estimatedDays)}</td>
                <td data-label="Countries">{countriesLabel(option.countries)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="link-button" onClick={() => startEditing(option)}>
                      Edit<span className="visually-hidden"> {option.name}</span>
                    </button>
                    <button type="button" className="link-button danger" onClick={() => remove(option)}>
                      Delete<span className="visually-hidden"> {option.name}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="shipping-form-title" className="card">
        <h3 id="shipping-form-title" className="card-title" tabIndex={-1} ref={formTitle}>
          {editing ? `Edit ${editing.name}` : 'Add a shipping option'}
        </h3>
        <ShippingOptionForm
          key={editing?.shippingOptionId ?? 'new'}
          option={editing}
          currency={currency}
          onSaved={saved}
          {...(editing ? { onCancel: stopEditing } : {})}
        />
      </section>
    </section>
  );
}

const COUNTRY_INPUT = 'tax-rate-country';
const PERCENT_INPUT = 'tax-rate-percent';

/** The store's tax rates by destination country: a table with edit and delete, and the form to set one. */
function TaxRates() {
  const { api, locale } = useShop();
  const list = useAsync(() => api.listTaxRates(), [api]);
  const items = list.data?.items ?? [];
  const [country, setCountry] = useState('');
  const [percent, setPercent] = useState('');
  const [local, setLocal] = useState<{ country?: string; rate?: string }>({});
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const [notice, setNotice] = useState<string>();
  const [removal, setRemoval] = useState<unknown>();
  const serverProblems =
    state.error instanceof ApiError
      ? fieldProblems(state.error.problem.errors ?? [], ['country', 'rate'])
      : {};

  // A refused submit lands on the first field to fix, so its error is read out with it.
  useEffect(() => {
    const first = local.country ? COUNTRY_INPUT : local.rate ? PERCENT_INPUT : undefined;
    if (first) document.getElementById(first)?.focus();
  }, [local]);

  const put = (saved: TaxRate) => {
    list.setData({
      items: [...items.filter((item) => item.country !== saved.country), saved].sort((a, b) =>
        a.country < b.country ? -1 : a.country > b.country ? 1 : 0,
      ),
    });
    // Shown at once from the answer, then read again: a list still loading cannot hide the change.
    list.reload();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const code = parseCountry(country);
    const rate = parsePercent(percent);
    const problems = {
      ...(code ? {} : { country: 'Enter a two-letter country code, e.g. DE' }),
      ...(rate === undefined
        ? { rate: 'Enter a percent from 0 to 100 with up to 2 decimals, e.g. 19 or 7.25' }
        : {}),
    };
    setLocal(problems);
    setNotice(undefined);
    if (!code || rate === undefined) return setState({ busy: false });
    setState({ busy: true });
    try {
      const saved = await api.setTaxRate(code, rate);
      put(saved);
      setCountry('');
      setPercent('');
      setState({ busy: false });
      setNotice(
        `Deliveries to ${countryLabel(saved.country)} are taxed at ${formatPercent(saved.rate, locale)}.`,
      );
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const edit = (rate: TaxRate) => {
    setCountry(rate.country);
    setPercent(basisPointsToInput(rate.rate));
    setLocal({});
    setState({ busy: false });
    setNotice(undefined);
    document.getElementById(PERCENT_INPUT)?.focus();
  };
  const remove = async (rate: TaxRate) => {
    const name = countryLabel(rate.country);
    if (!window.confirm(`Delete the tax rate for ${name}? Deliveries there are taxed at 0 % from now on.`))
      return;
    setRemoval(undefined);
    setNotice(undefined);
    try {
      await api.deleteTaxRate(rate.country);
      list.setData({ items: items.filter((item) => item.country !== rate.country) });
      list.reload();
      setNotice(`Deleted the tax rate for ${name}: deliveries there are taxed at 0 %.`);
    } catch (reason) {
      setRemoval(reason);
    }
  };

  return (
    <section aria-labelledby="tax-title">
      <h2 id="tax-title">Tax rates</h2>
      <p className="muted">
        The tax of goods and shipping by the country they are delivered to. A country without a rate is taxed
        at 0 %.
      </p>
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <ErrorNotice error={removal} title="Not deleted" />
      {list.loading && !list.data && <Loading label="Loading the tax rates…" />}
      <ErrorNotice error={list.error} title="The tax rates could not be loaded" />
      {list.data && items.length === 0 && <p>No tax rates yet.</p>}
      {list.data && items.length > 0 && (
        <table className="table admin-table">
          <caption className="visually-hidden">Tax rates by destination country</caption>
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col">Rate</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((rate) => (
              <tr key={rate.country}>
                <th scope="row">{countryLabel(rate.country)}</th>
                <td data-label="Rate">{formatPercent(rate.rate, locale)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="link-button" onClick={() => edit(rate)}>
                      Edit<span className="visually-hidden"> tax rate for {rate.country}</span>
                    </button>
                    <button type="button" className="link-button danger" onClick={() => remove(rate)}>
                      Delete<span className="visually-hidden"> tax rate for {rate.country}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="tax-form-title" className="card">
        <h3 id="tax-form-title" className="card-title">
          Set a tax rate
        </h3>
        <form className="form" onSubmit={submit} noValidate>
          <div className="two-columns">
            <TextField
              id={COUNTRY_INPUT}
              label="Country"
              required
              maxLength={2}
              autoCapitalize="characters"
              hint="Two letters, e.g. DE; a country with a rate gets the new one"
              value={country}
              onChange={(event) => setCountry(event.target.value)}
              error={local.country ?? serverProblems.country}
            />
            <TextField
              id={PERCENT_INPUT}
              label="Rate (%)"
              inputMode="decimal"
              required
              hint="Up to 2 decimals, e.g. 19 or 7.25"
              value={percent}
              onChange={(event) => setPercent(event.target.value)}
              error={local.rate ?? serverProblems.rate}
            />
          </div>
          <ErrorNotice
            error={state.error}
            fieldLabels={{ country: 'Country', rate: 'Rate' }}
            title="The tax rate was not set"
          />
          <div className="actions">
            <button type="submit" disabled={state.busy}>
              {state.busy ? 'Saving…' : 'Set tax rate'}
            </button>
          </div>
        </form>
      </section>
    </section>
  );
}

/** Shipping and tax of the store in the URL (its admins and the admins). */
export function ShippingAndTaxPage() {
  const { store } = useShop();
  const currency = store?.currency ?? 'USD';
  return (
    <>
      <PageTitle>Shipping and tax</PageTitle>
      <ManagedStoreSwitch />
      <ShippingOptions currency={currency} />
      <TaxRates />
    </>
  );
}
