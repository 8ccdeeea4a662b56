// Who is signed in: tokens in memory, mirrored to sessionStorage so a reload keeps the session but
// closing the tab ends it. Roles are read from the access token's `cognito:groups`; the API
// enforces them anyway, so this only decides what the UI offers.
import type { LoginTokens, RefreshedTokens } from './api/types.ts';

/** The part of the Web Storage API the session needs (sessionStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SessionTokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
}

export interface SignedInUser {
  userId: string;
  email: string;
  name: string;
  groups: string[];
  isAdmin: boolean;
}

export interface SessionStore {
  tokens(): SessionTokens | undefined;
  user(): SignedInUser | undefined;
  signIn(tokens: LoginTokens): void;
  refreshed(tokens: RefreshedTokens): void;
  signOut(): void;
  /** Whether the access token expires within `marginMs` (or is gone). */
  expiresSoon(marginMs?: number): boolean;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export const SESSION_KEY = 'shop.session';

/** The claims of a JWT, without verifying it (the API verifies; the UI only reads). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringClaim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The signed-in user as the tokens describe them. */
export function userFromTokens(tokens: Pick<SessionTokens, 'accessToken' | 'idToken'>): SignedInUser {
  const access = decodeJwtPayload(tokens.accessToken);
  const id = decodeJwtPayload(tokens.idToken);
  const rawGroups = access?.['cognito:groups'] ?? id?.['cognito:groups'];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((group) => typeof group === 'string') : [];
  const email = stringClaim(id, 'email') ?? stringClaim(access, 'username') ?? '';
  return {
    userId: stringClaim(access, 'sub') ?? stringClaim(id, 'sub') ?? '',
    email,
    name: stringClaim(id, 'name') ?? email,
    groups,
    isAdmin: groups.includes('admin'),
  };
}

function isSessionTokens(value: unknown): value is SessionTokens {
  if (typeof value !== 'object' || value === null) return false;
  const tokens = value as Record<string, unknown>;
  return (
    typeof tokens.accessToken === 'string' &&
    typeof tokens.idToken === 'string' &&
    typeof tokens.refreshToken === 'string' &&
    typeof tokens.expiresAt === 'number'
  );
}

/** A session kept in memory and mirrored to `storage` (if given). */
export function createSessionStore(storage?: KeyValueStore, now: () => number = Date.now): SessionStore {
  const listeners = new Set<() => void>();
  let current: SessionTokens | undefined;
  let currentUser: SignedInUser | undefined;
  try {
    const saved: unknown = JSON.parse(storage?.getItem(SESSION_KEY) ?? 'null');
    if (isSessionTokens(saved)) current = saved;
  } catch {
    storage?.removeItem(SESSION_KEY);
  }
  currentUser = current ? userFromTokens(current) : undefined;

  const change = (next: SessionTokens | undefined) => {
    current = next;
    currentUser = next ? userFromTokens(next) : undefined;
    try {
      if (next) storage?.setItem(SESSION_KEY, JSON.stringify(next));
      else storage?.removeItem(SESSION_KEY);
    } catch {
      // Storage can be full or disabled (private mode); the in-memory session still works.
    }
    for (const listener of listeners) listener();
  };

  return {
    tokens: () => current,
    user: () => currentUser,
    signIn: (tokens) =>
      change({
        accessToken: tokens.accessToken,
        idToken: tokens.idToken,
        refreshToken: tokens.refreshToken,
        expiresAt: now() + tokens.expiresIn * 1000,
      }),
    refreshed: (tokens) => {
      if (!current) return;
      change({
        ...current,
        accessToken: tokens.accessToken,
        idToken: tokens.idToken,
        // Refresh tokens rotate: the one just used stops working seconds later, so keep the new one.
        refreshToken: tokens.refreshToken ?? current.refreshToken,
        expiresAt: now() + tokens.expiresIn * 1000,
      });
    },
    signOut: () => change(undefined),
    expiresSoon: (marginMs = 30_000) => !current || current.expiresAt - marginMs <= now(),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
