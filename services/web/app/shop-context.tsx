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
import type { Cart } from '../src/api/types.ts';
import type { SessionStore, SignedInUser } from '../src/session.ts';

interface ShopContextValue {
  api: ShopApi;
  session: SessionStore;
  apiBaseUrl: string;
  /** The signed-in user's cart as last seen (for the header's count). */
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
  const { api, session, apiBaseUrl } = props;
  const [cart, setCart] = useState<Cart | undefined>();
  const user = useSyncExternalStore(session.subscribe, session.user);
  const reloadCart = useCallback(async () => {
    if (!session.tokens()) return setCart(undefined);
    setCart(await api.getCart().catch(() => undefined));
  }, [api, session]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cart belongs to whoever is signed in
  useEffect(() => {
    void reloadCart();
  }, [user?.userId, reloadCart]);
  const value = useMemo(
    () => ({ api, session, apiBaseUrl, cart, setCart, reloadCart }),
    [api, session, apiBaseUrl, cart, reloadCart],
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
