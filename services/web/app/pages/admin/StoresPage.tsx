import { type FormEvent, useState } from 'react';
import { ApiError } from '../../../src/api/problem.ts';
import type { Store } from '../../../src/api/types.ts';
import { hrefFor } from '../../../src/routes.ts';
import { blankStore, bodyOf, changesOf, fieldsOf, type StoreFields } from '../../../src/store-form.ts';
import { PageTitle } from '../../components/bits.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/feedback.tsx';
import { TextField } from '../../components/fields.tsx';
import { Link } from '../../router.tsx';
import { useShop, useUser } from '../../shop-context.tsx';
import { useAsync } from '../../use-async.ts';

const fieldLabels: Record<keyof StoreFields, string> = {
  storeId: 'Store id',
  name: 'Name',
  currency: 'Currency',
  country: 'Country',
  taxIncluded: 'Prices include tax',
  returnWindowDays: 'Return window (days)',
};

function StoreForm({
  fields,
  setFields,
  error,
  busy,
  submitLabel,
  onSubmit,
  editing,
}: {
  fields: StoreFields;
  setFields: (fields: StoreFields) => void;
  error: unknown;
  busy: boolean;
  submitLabel: string;
  onSubmit: (event: FormEvent) => void;
  editing: boolean;
}) {
  const serverErrors = error instanceof ApiError ? error.fieldErrors : {};
  const taken = error instanceof ApiError && error.status === 409 ? 'This store id is taken' : undefined;
  const set = (field: keyof StoreFields) => (event: { target: { value: string } }) =>
    setFields({ ...fields, [field]: event.target.value });
  return (
    <form className="form" onSubmit={onSubmit}>
      {!editing && (
        <TextField
          label="Store id"
          required
          minLength={2}
          maxLength={32}
          pattern="[a-z0-9][a-z0-9\-]{1,31}"
          hint="Lower-case letters, digits and dashes, e.g. berlin. It is in the store's links and cannot change."
          value={fields.storeId}
          onChange={set('storeId')}
          error={serverErrors.storeId ?? taken}
        />
      )}
      <TextField
        label="Name"
        required
        maxLength={100}
        value={fields.name}
        onChange={set('name')}
        error={serverErrors.name}
      />
      <div className="two-columns">
        <TextField
          label="Currency"
          required
          maxLength={3}
          hint="ISO 4217, e.g. EUR"
          value={fields.currency}
          onChange={set('currency')}
          error={serverErrors.currency}
        />
        <TextField
          label="Country"
          required
          maxLength={2}
          hint="Two letters, e.g. DE"
          value={fields.country}
          onChange={set('country')}
          error={serverErrors.country}
        />
      </div>
      <TextField
        label="Return window (days)"
        type="number"
        min={0}
        hint={editing ? undefined : 'Leave empty for the shop’s default'}
        value={fields.returnWindowDays}
        onChange={set('returnWindowDays')}
        error={serverErrors.returnWindowDays}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={fields.taxIncluded}
          onChange={(event) => setFields({ ...fields, taxIncluded: event.target.checked })}
        />{' '}
        Prices include tax
      </label>
      <ErrorNotice error={error} fieldLabels={fieldLabels} title="The store was not saved" />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** The platform admin's stores: every store, and a new one. */
export function StoresPage() {
  const { api, stores, storesError, reloadStores } = useShop();
  const [fields, setFields] = useState<StoreFields>(blankStore);
  const [state, setState] = useState<{ busy: boolean; error?: unknown; created?: Store }>({ busy: false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ busy: true });
    try {
      const created = await api.createStore(bodyOf(fields));
      setFields(blankStore);
      setState({ busy: false, created });
      reloadStores();
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <>
      <PageTitle>Stores</PageTitle>
      {!stores && !storesError && <Loading label="Loading the stores…" />}
      <ErrorNotice error={storesError} title="The stores could not be loaded" />
      {stores && (
        <table className="table admin-table">
          <caption className="visually-hidden">Stores</caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">Id</th>
              <th scope="col">Currency</th>
              <th scope="col">Country</th>
              <th scope="col">Tax</th>
              <th scope="col">Returns</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stores.map((store) => (
              <tr key={store.storeId} data-store-id={store.storeId}>
                <th scope="row">
                  <Link to="/" store={store.storeId}>
                    {store.name}
                  </Link>
                </th>
                <td data-label="Id">{store.storeId}</td>
                <td data-label="Currency">{store.currency}</td>
                <td data-label="Country">{store.country}</td>
                <td data-label="Tax">{store.taxIncluded ? 'Included' : 'Added'}</td>
                <td data-label="Returns">{store.returnWindowDays} days</td>
                <td>
                  <Link to={hrefFor({ page: 'admin-store', storeId: store.storeId })}>
                    Edit<span className="visually-hidden"> {store.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-store-title">
        <h2 id="new-store-title">New store</h2>
        {state.created && (
          <SuccessNotice>
            Created {state.created.name}.{' '}
            <Link to={hrefFor({ page: 'admin-store', storeId: state.created.storeId })}>Add its admins</Link>
          </SuccessNotice>
        )}
        <StoreForm
          fields={fields}
          setFields={setFields}
          error={state.error}
          busy={state.busy}
          submitLabel="Create store"
          onSubmit={submit}
          editing={false}
        />
      </section>
    </>
  );
}

/** Who administers a store: granted and revoked by email (the platform admin only). */
function StoreAdmins({ store }: { store: Store }) {
  const { api } = useShop();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: unknown; done?: string }>({ busy: false });
  const act = async (kind: 'grant' | 'revoke') => {
    const who = email.trim();
    if (!who) return setState({ busy: false, error: new Error('Enter the email of the account first.') });
    setState({ busy: true });
    try {
      if (kind === 'grant') await api.grantStoreAdmin(store.storeId, who);
      else await api.revokeStoreAdmin(store.storeId, who);
      setState({
        busy: false,
        done:
          kind === 'grant'
            ? `${who} administers ${store.name} from their next sign-in.`
            : `${who} no longer administers ${store.name} (from their next sign-in).`,
      });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <section aria-labelledby="admins-title" className="card">
      <h2 id="admins-title" className="card-title">
        Store admins
      </h2>
      <p className="muted">
        A store admin manages this store's products, orders, shipping and tax, and nothing of another store.
        The change reaches them when they next sign in (or their session refreshes).
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void act('grant');
        }}
      >
        <TextField
          label="Email of the account"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        {state.done && <SuccessNotice>{state.done}</SuccessNotice>}
        <ErrorNotice error={state.error} title="Nothing changed" />
        <div className="actions">
          <button type="submit" disabled={state.busy}>
            Make store admin
          </button>
          <button
            type="button"
            className="secondary"
            disabled={state.busy}
            onClick={() => void act('revoke')}
          >
            Remove as store admin
          </button>
        </div>
      </form>
    </section>
  );
}

/** One store's settings (its admins or the platform admin), and its admins (the platform admin). */
export function StorePage({ storeId }: { storeId: string }) {
  const { api, reloadStores } = useShop();
  const user = useUser();
  const loaded = useAsync(() => api.getStore(storeId), [api, storeId]);
  const [fields, setFields] = useState<StoreFields>();
  const [state, setState] = useState<{ busy: boolean; error?: unknown; saved?: boolean }>({ busy: false });
  const store = loaded.data;
  const current = fields ?? (store ? fieldsOf(store) : undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!store || !current) return;
    setState({ busy: true });
    try {
      const changes = changesOf(store, current);
      const saved = Object.keys(changes).length > 0 ? await api.updateStore(storeId, changes) : store;
      loaded.setData(saved);
      setFields(undefined);
      setState({ busy: false, saved: true });
      reloadStores();
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <>
      <PageTitle>{store ? `Store: ${store.name}` : 'Store'}</PageTitle>
      {user?.isAdmin && (
        <p>
          <Link to="/admin/stores">All stores</Link>
        </p>
      )}
      {loaded.loading && !store && <Loading label="Loading the store…" />}
      <ErrorNotice error={loaded.error} title="The store could not be loaded" />
      {store && current && (
        <section aria-labelledby="settings-title">
          <h2 id="settings-title">Settings</h2>
          {state.saved && <SuccessNotice>Saved {store.name}.</SuccessNotice>}
          <StoreForm
            fields={current}
            setFields={(next) => {
              setFields(next);
              setState({ busy: false });
            }}
            error={state.error}
            busy={state.busy}
            submitLabel="Save changes"
            onSubmit={submit}
            editing
          />
        </section>
      )}
      {store && user?.isAdmin && <StoreAdmins store={store} />}
    </>
  );
}
