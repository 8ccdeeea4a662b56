import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../../src/api/problem.ts';
import type { Promotion } from '../../../src/api/types.ts';
import { fieldProblems } from '../../../src/checkout-settings-form.ts';
import {
  blankPromotion,
  type PromotionField,
  type PromotionFields,
  promotionState,
  promotionTerms,
  promotionToSend,
  usageLabel,
} from '../../../src/promotion-form.ts';
import { PageTitle } from '../../components/bits.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/feedback.tsx';
import { TextField } from '../../components/fields.tsx';
import { ManagedStoreSwitch } from '../../components/stores.tsx';
import { useShop } from '../../shop-context.tsx';
import { useAsync } from '../../use-async.ts';

const fields: PromotionField[] = [
  'code',
  'type',
  'value',
  'startsAt',
  'endsAt',
  'usageLimit',
  'perCustomerLimit',
  'minSubtotal',
];
const labels: Record<PromotionField, string> = {
  code: 'Code',
  type: 'Kind',
  value: 'Value',
  startsAt: 'Starts',
  endsAt: 'Ends',
  usageLimit: 'Uses in all',
  perCustomerLimit: 'Uses per customer',
  minSubtotal: 'Minimum order',
};
const inputId = (field: PromotionField) => `promotion-${field}`;
const STATE_LABELS = { active: 'Active', ended: 'Ended', scheduled: 'Scheduled' } as const;

/** The form that creates a code; the API's field errors land on their fields. */
function NewPromotionForm({
  currency,
  onSaved,
}: {
  currency: string;
  onSaved: (promotion: Promotion) => void;
}) {
  const { api } = useShop();
  const [form, setForm] = useState<PromotionFields>(blankPromotion);
  const [local, setLocal] = useState<Partial<Record<PromotionField, string>>>({});
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const server =
    state.error instanceof ApiError ? fieldProblems(state.error.problem.errors ?? [], fields) : {};
  const problem = (field: PromotionField) => local[field] ?? server[field];
  const set = (field: PromotionField) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  // A refused submit lands on the first field to fix, so its error is read out with it.
  useEffect(() => {
    const first = fields.find((field) => local[field]);
    if (first) document.getElementById(inputId(first))?.focus();
  }, [local]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = promotionToSend(form, currency);
    setLocal(checked.ok ? {} : checked.problems);
    if (!checked.ok) return setState({ busy: false });
    setState({ busy: true });
    try {
      const saved = await api.createPromotion(checked.body);
      setForm(blankPromotion);
      setState({ busy: false });
      onSaved(saved);
    } catch (error) {
      setState({ busy: false, error });
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="two-columns">
        <TextField
          id={inputId('code')}
          label={labels.code}
          required
          maxLength={32}
          autoCapitalize="characters"
          hint="Customers type it in any case, e.g. SUMMER10"
          value={form.code}
          onChange={set('code')}
          error={problem('code')}
        />
        <div className="field">
          <label htmlFor={inputId('type')}>{labels.type}</label>
          <select id={inputId('type')} value={form.type} onChange={set('type')}>
            <option value="percent">Percent off the goods</option>
            <option value="fixed">Amount off the goods</option>
            <option value="free_shipping">Free shipping</option>
          </select>
        </div>
      </div>
      {form.type !== 'free_shipping' && (
        <TextField
          id={inputId('value')}
          label={form.type === 'percent' ? 'Percent off' : `Amount off (${currency})`}
          inputMode={form.type === 'percent' ? 'numeric' : 'decimal'}
          required
          hint={form.type === 'percent' ? 'A whole percent, 1 to 100' : 'e.g. 5.00'}
          value={form.value}
          onChange={set('value')}
          error={problem('value')}
        />
      )}
      <div className="two-columns">
        <TextField
          id={inputId('startsAt')}
          label={labels.startsAt}
          type="datetime-local"
          hint="Optional; your time zone"
          value={form.startsAt}
          onChange={set('startsAt')}
          error={problem('startsAt')}
        />
        <TextField
          id={inputId('endsAt')}
          label={labels.endsAt}
          type="datetime-local"
          hint="Optional; your time zone"
          value={form.endsAt}
          onChange={set('endsAt')}
          error={problem('endsAt')}
        />
      </div>
      <div className="two-columns">
        <TextField
          id={inputId('usageLimit')}
          label={labels.usageLimit}
          inputMode="numeric"
          hint="Optional: confirmed orders in all"
          value={form.usageLimit}
          onChange={set('usageLimit')}
          error={problem('usageLimit')}
        />
        <TextField
          id={inputId('perCustomerLimit')}
          label={labels.perCustomerLimit}
          inputMode="numeric"
          hint="Optional: confirmed orders per customer"
          value={form.perCustomerLimit}
          onChange={set('perCustomerLimit')}
          error={problem('perCustomerLimit')}
        />
      </div>
      <TextField
        id={inputId('minSubtotal')}
        label={`${labels.minSubtotal} (${currency})`}
        inputMode="decimal"
        hint="Optional: the goods must come to at least this"
        value={form.minSubtotal}
        onChange={set('minSubtotal')}
        error={problem('minSubtotal')}
      />
      <ErrorNotice error={state.error} fieldLabels={labels} title="The code was not created" />
      <div className="actions">
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Saving…' : 'Create code'}
        </button>
      </div>
    </form>
  );
}

/** The promotion codes of the store in the URL, with their use (its admins and the admins). */
export function PromotionsPage() {
  const { api, store, locale } = useShop();
  const currency = store?.currency ?? 'USD';
  const list = useAsync(() => api.listPromotions(), [api]);
  const items = list.data?.items ?? [];
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<unknown>();

  const replace = (saved: Promotion) => {
    list.setData({
      items: [...items.filter((item) => item.code !== saved.code), saved].sort((a, b) =>
        a.code < b.code ? -1 : 1,
      ),
      nextCursor: list.data?.nextCursor ?? null,
    });
    list.reload();
  };
  const end = async (promotion: Promotion) => {
    setNotice(undefined);
    setFailure(undefined);
    try {
      replace(await api.updatePromotion(promotion.code, { endsAt: new Date().toISOString() }));
      setNotice(`${promotion.code} has ended: carts no longer accept it.`);
    } catch (error) {
      setFailure(error);
    }
  };
  const remove = async (promotion: Promotion) => {
    if (!window.confirm(`Delete the code ${promotion.code}? Orders already placed keep their discount.`))
      return;
    setNotice(undefined);
    setFailure(undefined);
    try {
      await api.deletePromotion(promotion.code);
      list.setData({ items: items.filter((item) => item.code !== promotion.code), nextCursor: null });
      list.reload();
      setNotice(`Deleted the code ${promotion.code}.`);
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <>
      <PageTitle>Promotions</PageTitle>
      <ManagedStoreSwitch />
      <p className="muted">
        Codes customers enter in the cart. A use is counted when an order is confirmed, and given back when
        the order is rejected or cancelled.
      </p>
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <ErrorNotice error={failure} title="The code was not changed" />
      {list.loading && !list.data && <Loading label="Loading the promotions…" />}
      <ErrorNotice error={list.error} title="The promotions could not be loaded" />
      {list.data && items.length === 0 && <p>No promotion codes yet.</p>}
      {list.data && items.length > 0 && (
        <table className="table admin-table">
          <caption className="visually-hidden">Promotion codes and their use</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Terms</th>
              <th scope="col">Used</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((promotion) => {
              const state = promotionState(promotion);
              return (
                <tr key={promotion.code}>
                  <th scope="row">{promotion.code}</th>
                  <td data-label="Terms">{promotionTerms(promotion, currency, locale)}</td>
                  <td data-label="Used">{usageLabel(promotion)}</td>
                  <td data-label="State">{STATE_LABELS[state]}</td>
                  <td>
                    <div className="row-actions">
                      {state !== 'ended' && (
                        <button type="button" className="link-button" onClick={() => end(promotion)}>
                          End now<span className="visually-hidden"> {promotion.code}</span>
                        </button>
                      )}
                      <button type="button" className="link-button danger" onClick={() => remove(promotion)}>
                        Delete<span className="visually-hidden"> {promotion.code}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <section aria-labelledby="promotion-form-title" className="card">
        <h2 id="promotion-form-title" className="card-title">
          Create a code
        </h2>
        <NewPromotionForm
          currency={currency}
          onSaved={(saved) => {
            replace(saved);
            setNotice(`Created ${saved.code}: ${promotionTerms(saved, currency, locale)}.`);
          }}
        />
      </section>
    </>
  );
}
