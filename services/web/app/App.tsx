import { lazy, Suspense, useEffect, useRef } from 'react';
import { adminPages, hrefFor, type Route, signedInPages } from '../src/routes.ts';
import { administers, DEFAULT_STORE_ID, managedStores, storeLabel } from '../src/stores.ts';
import { PageTitle } from './components/bits.tsx';
import { Loading } from './components/feedback.tsx';
import { StoreSwitch } from './components/stores.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { CartPage } from './pages/CartPage.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import { CheckoutPage } from './pages/CheckoutPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { OrderPage } from './pages/OrderPage.tsx';
import { OrdersPage } from './pages/OrdersPage.tsx';
import { ProductPage } from './pages/ProductPage.tsx';
import { SignInPage, SignUpPage } from './pages/SignInPage.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { useShop, useUser } from './shop-context.tsx';

// The admin pages are chunks of their own, loaded when an admin opens one: a shopper's pages (the
// catalog, a product) parse none of their code, which keeps the storefront's blocking time down.
const AdminOrdersPage = lazy(() =>
  import('./pages/admin/AdminOrdersPage.tsx').then((page) => ({ default: page.AdminOrdersPage })),
);
const AdminProductsPage = lazy(() =>
  import('./pages/admin/AdminProductsPage.tsx').then((page) => ({ default: page.AdminProductsPage })),
);
const ProductFormPage = lazy(() =>
  import('./pages/admin/ProductFormPage.tsx').then((page) => ({ default: page.ProductFormPage })),
);
const ShippingAndTaxPage = lazy(() =>
  import('./pages/admin/ShippingAndTaxPage.tsx').then((page) => ({ default: page.ShippingAndTaxPage })),
);
const PromotionsPage = lazy(() =>
  import('./pages/admin/PromotionsPage.tsx').then((page) => ({ default: page.PromotionsPage })),
);
const StoresPage = lazy(() =>
  import('./pages/admin/StoresPage.tsx').then((page) => ({ default: page.StoresPage })),
);
const StorePage = lazy(() =>
  import('./pages/admin/StoresPage.tsx').then((page) => ({ default: page.StorePage })),
);

function Header() {
  const user = useUser();
  const { api, cart, stores, storesError, storeId } = useShop();
  const { href } = useLocation();
  const count = cart?.items.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  // The admin links go to this store's admin pages if this user manages it, else to the first store
  // they manage.
  const managed = managedStores(user?.groups ?? [], stores ?? []);
  const adminStore = user && administers(user.groups, storeId) ? storeId : managed[0]?.storeId;
  const signOut = () => {
    // Local sign-out is immediate; the token's revocation finishes in the background.
    void api.logout();
    navigate('/', { store: storeId });
  };
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="header-inner">
        <Link to="/" className="brand">
          The Shop
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link to="/">Catalog</Link>
            </li>
            {user && (
              <>
                <li>
                  <Link to="/cart" aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
                    Cart <span className="count">{count}</span>
                  </Link>
                </li>
                <li>
                  <Link to="/orders">Orders</Link>
                </li>
                <li>
                  <Link to="/notifications">Notifications</Link>
                </li>
              </>
            )}
            {adminStore && (
              <>
                <li>
                  <Link to="/admin/products" store={adminStore}>
                    Admin: products
                  </Link>
                </li>
                <li>
                  <Link to="/admin/orders" store={adminStore}>
                    Admin: orders
                  </Link>
                </li>
                <li>
                  <Link to="/admin/shipping" store={adminStore}>
                    Admin: shipping and tax
                  </Link>
                </li>
                <li>
                  <Link to="/admin/promotions" store={adminStore}>
                    Admin: promotions
                  </Link>
                </li>
              </>
            )}
            {user?.isAdmin && (
              <li>
                <Link to="/admin/stores">Admin: stores</Link>
              </li>
            )}
          </ul>
        </nav>
        {/* While GET /stores is on its way the picker holds this store alone, so the header does not
            grow (and push the page down) when the list arrives. */}
        {((!stores && !storesError) || (stores && stores.length > 1)) && (
          <StoreSwitch
            id="store-picker"
            label="Store"
            className="store-picker"
            stores={(stores ?? []).map((store) => ({ storeId: store.storeId, label: storeLabel(store) }))}
          />
        )}
        <div className="account">
          {user ? (
            <>
              <Link to="/account" className="who" aria-label={`Your account: ${user.email}`}>
                {user.email}
                {user.isAdmin ? ' (admin)' : managed.length > 0 ? ' (store admin)' : ''}
              </Link>
              <button type="button" className="link-button" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            <>
              <Link to={hrefFor({ page: 'signin', next: href })}>Sign in</Link>
              <Link to={hrefFor({ page: 'signup', next: href })} className="button button-small">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

function NotYours({ email }: { email: string }) {
  const { store, storeId, stores } = useShop();
  const user = useUser();
  const managed = managedStores(user?.groups ?? [], stores ?? []);
  return (
    <>
      <PageTitle>Store admins only</PageTitle>
      <p>
        This page is for the admins of {store?.name ?? storeId}. You are signed in as {email}.
      </p>
      {managed.length > 0 && (
        <>
          <p>The stores you manage:</p>
          <ul>
            {managed.map((mine) => (
              <li key={mine.storeId}>
                <Link to="/admin/products" store={mine.storeId}>
                  {mine.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Page({ route, href }: { route: Route; href: string }) {
  const user = useUser();
  const { storeId, stores, storesError, store } = useShop();
  // A store the list does not have: nothing of it can be shown (the API answers 404 too).
  if (stores && !store) {
    return (
      <>
        <PageTitle>Store not found</PageTitle>
        <p>
          There is no store “{storeId}”.{' '}
          <Link to="/" store={DEFAULT_STORE_ID}>
            Go to the shop
          </Link>
        </p>
      </>
    );
  }
  if (signedInPages.has(route.page) && !user)
    return <SignInPage next={href} reason="Please sign in to continue." />;
  if (adminPages.has(route.page) || route.page === 'admin-stores' || route.page === 'admin-store') {
    if (!user) return <SignInPage next={href} reason="Please sign in as an admin to continue." />;
    const allowed =
      route.page === 'admin-stores'
        ? user.isAdmin
        : administers(user.groups, route.page === 'admin-store' ? route.storeId : storeId);
    if (!allowed) {
      if (route.page !== 'admin-stores') return <NotYours email={user.email} />;
      return (
        <>
          <PageTitle>Admins only</PageTitle>
          <p>This page is for the shop's admins. You are signed in as {user.email}.</p>
        </>
      );
    }
    // A store admin's pages wait for the store (its name, currency) before acting on it.
    if (!stores && !storesError && adminPages.has(route.page)) return <Loading label="Loading the store…" />;
  }
  switch (route.page) {
    case 'catalog':
      return <CatalogPage route={route} />;
    case 'product':
      return <ProductPage productId={route.productId} />;
    case 'cart':
      return <CartPage />;
    case 'checkout':
      return <CheckoutPage />;
    case 'signin':
      return <SignInPage next={route.next} />;
    case 'signup':
      return <SignUpPage next={route.next} />;
    case 'orders':
      return <OrdersPage />;
    case 'order':
      return <OrderPage orderId={route.orderId} />;
    case 'notifications':
      return <NotificationsPage />;
    case 'account':
      return <AccountPage />;
    case 'admin-products':
      return <AdminProductsPage />;
    case 'admin-product-new':
      return <ProductFormPage />;
    case 'admin-product-edit':
      return <ProductFormPage productId={route.productId} />;
    case 'admin-orders':
      return <AdminOrdersPage status={route.status} />;
    case 'admin-shipping':
      return <ShippingAndTaxPage />;
    case 'admin-promotions':
      return <PromotionsPage />;
    case 'admin-stores':
      return <StoresPage />;
    case 'admin-store':
      return <StorePage storeId={route.storeId} />;
    case 'not-found':
      return (
        <>
          <PageTitle>Page not found</PageTitle>
          <p>
            There is no page here. <Link to="/">Back to the catalog</Link>
          </p>
        </>
      );
  }
}

export function App() {
  const { href, route, storeId } = useLocation();
  const first = useRef(true);
  // After an in-app navigation, start keyboard and screen-reader users at the new page's heading.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    (document.getElementById('page-title') ?? document.getElementById('main'))?.focus();
  }, [href]);
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading label="Loading the page…" />}>
          <Page route={route} href={href} key={`${storeId}:${route.page}`} />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>The Shop · a serverless demo store. Payments are simulated; nothing is charged.</p>
      </footer>
    </>
  );
}
