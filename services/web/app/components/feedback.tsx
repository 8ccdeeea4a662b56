import { useEffect, useRef } from 'react';
import { ApiError, describeError } from '../../src/api/problem.ts';
import { Link, useLocation } from '../router.tsx';

/** A busy indicator that screen readers announce. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/**
 * An error as a person can act on it: the API's `detail`, and each field's message (`fieldLabels`
 * names the fields the way the form does). Takes focus when it appears, so keyboard and screen
 * reader users land on it; `takeFocus={false}` for an error of a call the page made on its own
 * while the customer is typing or choosing (it is announced all the same).
 */
export function ErrorNotice({
  error,
  fieldLabels = {},
  title,
  takeFocus = true,
}: {
  error: unknown;
  fieldLabels?: Record<string, string>;
  title?: string;
  takeFocus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { href } = useLocation();
  useEffect(() => {
    if (error && takeFocus) ref.current?.focus();
  }, [error, takeFocus]);
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  // A refused session asks to sign in again; a refused sign-in (also a 401) says why it was refused.
  const signedOut = error instanceof ApiError && error.sessionEnded;
  return (
    <div className="notice notice-error" role="alert" tabIndex={-1} ref={ref}>
      <p className="notice-title">{title ?? problem?.title ?? 'Something went wrong'}</p>
      <p>{signedOut ? 'Your session has ended. Please sign in again.' : describeError(error)}</p>
      {problem?.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              <strong>{fieldLabels[item.field] ?? item.field}</strong>: {item.message}
            </li>
          ))}
        </ul>
      )}
      {signedOut && (
        <p>
          <Link to={`/signin?next=${encodeURIComponent(href)}`}>Sign in</Link>
        </p>
      )}
    </div>
  );
}

export function SuccessNotice({ children }: { children: React.ReactNode }) {
  return (
    <p className="notice notice-success" role="status">
      {children}
    </p>
  );
}
