import { type AnchorHTMLAttributes, type MouseEvent, useMemo, useSyncExternalStore } from 'react';
import { parseRoute, type Route } from '../src/routes.ts';

// A tiny history-API router: the URL is the state; pushState plus a notification re-renders.
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

export function navigate(href: string, options: { replace?: boolean } = {}) {
  if (href === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  for (const listener of listeners) listener();
}

/** The current URL (path and query) and its route. */
export function useLocation(): { href: string; route: Route } {
  const href = useSyncExternalStore(subscribe, currentHref);
  const route = useMemo(() => {
    const url = new URL(href, window.location.origin);
    return parseRoute(url.pathname, url.search);
  }, [href]);
  return { href, route };
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** A real link (middle-click, copy address work) that navigates in the app on a plain click. */
export function Link({ to, onClick, ...props }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...props} />;
}
