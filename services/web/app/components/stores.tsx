import { type FormEvent, useEffect, useState } from 'react';
import { counterpartIn, hrefFor } from '../../src/routes.ts';
import { managedStores } from '../../src/stores.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useShop, useUser } from '../shop-context.tsx';

/**
 * A labelled choice of store and a button that goes there: the same kind of page in the chosen
 * store. A button rather than going on every change, so moving through the options with the
 * keyboard does not leave the page.
 */
export function StoreSwitch({
  id,
  label,
  stores,
  className,
}: {
  id: string;
  label: string;
  stores: { storeId: string; label: string }[];
  className?: string;
}) {
  const { storeId, route } = useLocation();
  const [choice, setChoice] = useState(storeId);
  useEffect(() => setChoice(storeId), [storeId]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefFor(counterpartIn(route)), { store: choice });
  };
  return (
    <form className={`store-switch ${className ?? ''}`} onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={choice} onChange={(event) => setChoice(event.target.value)}>
        {!stores.some((store) => store.storeId === storeId) && <option value={storeId}>{storeId}</option>}
        {stores.map((store) => (
          <option key={store.storeId} value={store.storeId}>
            {store.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button-small" disabled={choice === storeId}>
        Switch<span className="visually-hidden"> {label.toLowerCase()}</span>
      </button>
    </form>
  );
}

/** On the admin pages: which of the stores this user manages the page acts on. */
export function ManagedStoreSwitch() {
  const { stores, store, storeId } = useShop();
  const user = useUser();
  const managed = managedStores(user?.groups ?? [], stores ?? []);
  return (
    <div className="managed-store">
      <p>
        Managing <strong>{store?.name ?? storeId}</strong>
        {store ? ` (${store.currency}, ${store.country})` : ''} ·{' '}
        <Link to={hrefFor({ page: 'admin-store', storeId })}>Store settings</Link>
      </p>
      {managed.length > 1 && (
        <StoreSwitch
          id="managed-store"
          label="Store you manage"
          stores={managed.map(({ storeId: id, name }) => ({ storeId: id, label: name }))}
        />
      )}
    </div>
  );
}
