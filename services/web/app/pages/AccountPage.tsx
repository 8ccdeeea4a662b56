import { useState } from 'react';
import { formatDate, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { navigate } from '../router.tsx';
import { useShop } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';

/** The signed-in customer's account: who they are to the shop, and erasing it for good. */
export function AccountPage() {
  const { api } = useShop();
  const profile = useAsync(() => api.getProfile(), [api]);
  const [understood, setUnderstood] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [error, setError] = useState<unknown>();

  const erase = async () => {
    setErasing(true);
    setError(undefined);
    try {
      await api.eraseAccount();
      navigate('/');
    } catch (failure) {
      setError(failure);
      setErasing(false);
    }
  };

  return (
    <>
      <PageTitle>Your account</PageTitle>
      {profile.loading && !profile.data && <Loading label="Loading your account…" />}
      <ErrorNotice error={profile.error} title="Your account could not be loaded" />
      {profile.data && (
        <dl className="card account-details">
          <dt>Name</dt>
          <dd>{profile.data.name}</dd>
          <dt>Email</dt>
          <dd>{profile.data.email}</dd>
          <dt>Saved addresses</dt>
          <dd>{profile.data.addresses.length}</dd>
          <dt>Customer since</dt>
          <dd>{formatDate(profile.data.createdAt)}</dd>
        </dl>
      )}
      <section className="card danger-zone" aria-labelledby="erase-title">
        <h2 id="erase-title" className="card-title">
          Delete my account
        </h2>
        <p>
          This signs you out for good and erases what the shop keeps about you: your profile and saved
          addresses, your cart and your emails. Orders stay for the shop's accounts, without your address. It
          cannot be undone.
        </p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={understood}
            onChange={(event) => setUnderstood(event.target.checked)}
          />{' '}
          I understand that my account and its data will be erased
        </label>
        <ErrorNotice error={error} title="Your account could not be deleted" />
        <button
          type="button"
          className="button button-danger"
          disabled={!understood || erasing}
          onClick={() => void erase()}
        >
          {erasing ? 'Deleting…' : 'Delete my account'}
        </button>
      </section>
    </>
  );
}
