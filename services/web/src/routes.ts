// The app's pages and their URLs. Real paths (history API), so links can be shared; the hosting
// answers every unknown path with index.html (CloudFront error responses, the local server's fallback).
// These paths are within a store: `parseLocation` and `storeHref` (stores.ts) add the store's part.
import { type OrderStatus, orderStatuses } from './api/types.ts';
import { isStoreId, splitStorePath } from './stores.ts';

export type Route =
  | {
      page: 'catalog';
      category?: string;
      q?: string;
      /** One of CATALOG_SORTS; absent: by name. */
      sort?: string;
      /** A price bound in minor units, digits only. */
      minPrice?: string;
      maxPrice?: string;
      /** `true`: only what is in stock. */
      inStock?: string;
    }
  | { page: 'product'; productId: string }
  | { page: 'cart' }
  | { page: 'checkout' }
  | { page: 'signin'; next?: string }
  | { page: 'signup'; next?: string }
  | { page: 'orders' }
  | { page: 'order'; orderId: string }
  | { page: 'notifications' }
  | { page: 'account' }
  | { page: 'admin-products' }
  | { page: 'admin-product-new' }
  | { page: 'admin-product-edit'; productId: string }
  | { page: 'admin-orders'; status?: OrderStatus }
  | { page: 'admin-shipping' }
  | { page: 'admin-promotions' }
  | { page: 'admin-stores' }
  | { page: 'admin-store'; storeId: string }
  | { page: 'not-found' };

/** Pages that need a signed-in user, and those that need an admin. */
export const signedInPages = new Set<Route['page']>([
  'cart',
  'checkout',
  'orders',
  'order',
  'notifications',
  'account',
]);
/** Pages that manage the store they are in: for its store admins and the admins. */
export const adminPages = new Set<Route['page']>([
  'admin-products',
  'admin-product-new',
  'admin-product-edit',
  'admin-orders',
  'admin-shipping',
  'admin-promotions',
]);

/** The catalog's sorts (API.md "Catalog queries"), as the URL and the API name them. */
export const CATALOG_SORTS = ['name', 'price', '-price', 'newest', 'rating'] as const;

const priceParam = (value: string | null) => (value && /^\d{1,12}$/.test(value) ? value : undefined);

function decoded(part: string): string | undefined {
  try {
    const value = decodeURIComponent(part);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** Only same-app paths may be a `next`, so a crafted link cannot send a signed-in user elsewhere. */
export function safeNext(next: string | null | undefined): string | undefined {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}

const withOptional = <T extends object>(route: T, extra: Record<string, string | undefined>) => {
  const result: Record<string, unknown> = { ...(route as Record<string, unknown>) };
  for (const [key, value] of Object.entries(extra)) if (value) result[key] = value;
  return result as T;
};

export function parseRoute(pathname: string, search = ''): Route {
  const params = new URLSearchParams(search);
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  const [first, second, third, fourth] = parts;
  const id = (part: string | undefined) => (part ? decoded(part) : undefined);
  switch (first) {
    case undefined:
      return withOptional(
        { page: 'catalog' as const },
        {
          category: params.get('category') ?? undefined,
          q: params.get('q')?.trim() || undefined,
          // Unknown or malformed values are dropped, never sent on to the API.
          sort: CATALOG_SORTS.find((sort) => sort !== 'name' && sort === params.get('sort')),
          minPrice: priceParam(params.get('minPrice')),
          maxPrice: priceParam(params.get('maxPrice')),
          inStock: params.get('inStock') === 'true' ? 'true' : undefined,
        },
      );
    case 'products': {
      const productId = id(second);
      return productId && parts.length === 2 ? { page: 'product', productId } : { page: 'not-found' };
    }
    case 'cart':
      return parts.length === 1 ? { page: 'cart' } : { page: 'not-found' };
    case 'checkout':
      return parts.length === 1 ? { page: 'checkout' } : { page: 'not-found' };
    case 'signin':
    case 'signup':
      return withOptional({ page: first }, { next: safeNext(params.get('next')) });
    case 'orders': {
      if (parts.length === 1) return { page: 'orders' };
      const orderId = id(second);
      return orderId && parts.length === 2 ? { page: 'order', orderId } : { page: 'not-found' };
    }
    case 'notifications':
      return parts.length === 1 ? { page: 'notifications' } : { page: 'not-found' };
    case 'account':
      return parts.length === 1 ? { page: 'account' } : { page: 'not-found' };
    case 'admin': {
      if (second === 'products' && parts.length === 2) return { page: 'admin-products' };
      if (second === 'products' && third === 'new' && parts.length === 3)
        return { page: 'admin-product-new' };
      const productId = id(third);
      if (second === 'products' && productId && fourth === 'edit' && parts.length === 4) {
        return { page: 'admin-product-edit', productId };
      }
      if (second === 'orders' && parts.length === 2) {
        const status = params.get('status');
        return (orderStatuses as readonly string[]).includes(status ?? '')
          ? { page: 'admin-orders', status: status as OrderStatus }
          : { page: 'admin-orders' };
      }
      if (second === 'shipping' && parts.length === 2) return { page: 'admin-shipping' };
      if (second === 'promotions' && parts.length === 2) return { page: 'admin-promotions' };
      if (second === 'stores' && parts.length === 2) return { page: 'admin-stores' };
      const storeId = id(third);
      if (second === 'stores' && storeId && isStoreId(storeId) && parts.length === 3) {
        return { page: 'admin-store', storeId };
      }
      return { page: 'not-found' };
    }
    default:
      return { page: 'not-found' };
  }
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The URL of a page; parseRoute(hrefFor(route)) gives the route back. */
export function hrefFor(route: Route): string {
  const id = encodeURIComponent;
  switch (route.page) {
    case 'catalog':
      return `/${query({
        category: route.category,
        q: route.q,
        sort: route.sort,
        minPrice: route.minPrice,
        maxPrice: route.maxPrice,
        inStock: route.inStock,
      })}`;
    case 'product':
      return `/products/${id(route.productId)}`;
    case 'cart':
      return '/cart';
    case 'checkout':
      return '/checkout';
    case 'signin':
    case 'signup':
      return `/${route.page}${query({ next: route.next })}`;
    case 'orders':
      return '/orders';
    case 'order':
      return `/orders/${id(route.orderId)}`;
    case 'notifications':
      return '/notifications';
    case 'account':
      return '/account';
    case 'admin-products':
      return '/admin/products';
    case 'admin-product-new':
      return '/admin/products/new';
    case 'admin-product-edit':
      return `/admin/products/${id(route.productId)}/edit`;
    case 'admin-orders':
      return `/admin/orders${query({ status: route.status })}`;
    case 'admin-shipping':
      return '/admin/shipping';
    case 'admin-promotions':
      return '/admin/promotions';
    case 'admin-stores':
      return '/admin/stores';
    case 'admin-store':
      return `/admin/stores/${id(route.storeId)}`;
    case 'not-found':
      return '/not-found';
  }
}

/** The store and the page of a URL; a malformed store part is a page not found in `main`. */
export function parseLocation(pathname: string, search = ''): { storeId: string; route: Route } {
  const inStore = splitStorePath(pathname);
  if (!inStore) return { storeId: 'main', route: { page: 'not-found' } };
  return { storeId: inStore.storeId, route: parseRoute(inStore.path, search) };
}

/**
 * Where the store picker goes from `route` in another store: the same kind of page, but not an id
 * of this store (a product or order is 404 in the other one) nor its categories.
 */
export function counterpartIn(route: Route): Route {
  switch (route.page) {
    case 'catalog':
      return route.q ? { page: 'catalog', q: route.q } : { page: 'catalog' };
    case 'product':
    case 'not-found':
      return { page: 'catalog' };
    case 'checkout':
      return { page: 'cart' };
    case 'order':
      return { page: 'orders' };
    case 'admin-product-new':
    case 'admin-product-edit':
      return { page: 'admin-products' };
    default:
      return route;
  }
}
