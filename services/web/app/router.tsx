import { type AnchorHTMLAttributes, type MouseEvent, useMemo, useSyncExternalStore } from 'react';
import { parseLocation, type Route } from '../src/routes.ts';
import { splitStorePath, storeHref } from '../src/stores.ts';

// A tiny history-API router: the URL is the state; pushState plus a notification re-renders.
// Links and navigation are within the store of the current URL (`/cart` in berlin is berlin's cart)
// unless they name a store (`/s/<id>/…`, from storeHref) or pass `store`.
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentHref = () => `${window.location.pathname}${window.location.search}`;

const currentStore = () => splitStorePath(window.location.pathname)?.storeId ?? 'main';

/** `to` in `store`, or in the current URL's store. */
export const resolveHref = (to: string, store?: string) => storeHref(store ?? currentStore(), to);

export function navigate(to: string, options: { replace?: boolean; store?: string } = {}) {
  const href = resolveHref(to, options.store);
  if (href === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  for (const listener of listeners) listener();
}

/** The current URL (path and query), its store and its route. */
export function useLocation(): { href: string; storeId: string; route: Route } {
  const href = useSyncExternalStore(subscribe, currentHref);
  const location = useMemo(() => {
    const url = new URL(href, window.location.origin);
    return parseLocation(url.pathname, url.search);
  }, [href]);
  return { href, ...location };
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; store?: string };

/** A real link (middle-click, copy address work) that navigates in the app on a plain click. */
export function Link({ to, store, onClick, ...props }: LinkProps) {
  const { storeId } = useLocation();
  const href = storeHref(store ?? storeId, to);
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to, { store: store ?? storeId });
  };
  return <a href={href} onClick={handleClick} {...props} />;
}
