import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import type { ShopApi } from '../src/api/client.ts';
import type { Cart, Store } from '../src/api/types.ts';
import type { SessionStore, SignedInUser } from '../src/session.ts';
import { localeForCountry } from '../src/stores.ts';
import { useLocation } from './router.tsx';
import { useAsync } from './use-async.ts';

interface ShopContextValue {
  /** The API in the store of the current URL (X-Store-Id). */
  api: ShopApi;
  session: SessionStore;
  apiBaseUrl: string;
  /** The store of the current URL; `store` is its record once GET /stores has answered. */
  storeId: string;
  store: Store | undefined;
  /** Every store (GET /stores); undefined while loading or when it failed (`storesError`). */
  stores: Store[] | undefined;
  storesError: unknown;
  reloadStores: () => void;
  /** How this store writes numbers and dates (a locale fitting its country). */
  locale: string;
  /** The signed-in user's cart in this store as last seen (for the header's count). */
  cart: Cart | undefined;
  setCart: (cart: Cart | undefined) => void;
  reloadCart: () => Promise<void>;
}

const ShopContext = createContext<ShopContextValue | undefined>(undefined);

export function ShopProvider(props: {
  api: ShopApi;
  session: SessionStore;
  apiBaseUrl: string;
  children: ReactNode;
}) {
  const { session, apiBaseUrl } = props;
  const { storeId } = useLocation();
  const api = props.api.inStore(storeId);
  const stores = useAsync(() => props.api.allStores(), [props.api]);
  const store = stores.data?.find((candidate) => candidate.storeId === storeId);
  // A cart is per user and store: carts are kept by store, so a late answer for the store the
  // shopper just left never shows as this store's.
  const [carts, setCarts] = useState<Record<string, Cart | undefined>>({});
  const user = useSyncExternalStore(session.subscribe, session.user);
  const setCart = useCallback(
    (cart: Cart | undefined) => setCarts((kept) => ({ ...kept, [storeId]: cart })),
    [storeId],
  );
  const reloadCart = useCallback(async () => {
    if (!session.tokens()) return setCarts({});
    const cart = await api.getCart().catch(() => undefined);
    setCarts((kept) => ({ ...kept, [storeId]: cart }));
  }, [api, session, storeId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cart belongs to whoever is signed in
  useEffect(() => {
    void reloadCart();
  }, [user?.userId, reloadCart]);
  const cart = carts[storeId];
  const value = useMemo(
    () => ({
      api,
      session,
      apiBaseUrl,
      storeId,
      store,
      stores: stores.data,
      storesError: stores.error,
      reloadStores: stores.reload,
      locale: localeForCountry(store?.country),
      cart,
      setCart,
      reloadCart,
    }),
    [
      api,
      session,
      apiBaseUrl,
      storeId,
      store,
      stores.data,
      stores.error,
      stores.reload,
      cart,
      setCart,
      reloadCart,
    ],
  );
  return <ShopContext.Provider value={value}>{props.children}</ShopContext.Provider>;
}

export function useShop(): ShopContextValue {
  const value = useContext(ShopContext);
  if (!value) throw new Error('useShop outside ShopProvider');
  return value;
}

export function useUser(): SignedInUser | undefined {
  const { session } = useShop();
  return useSyncExternalStore(session.subscribe, session.user);
}
