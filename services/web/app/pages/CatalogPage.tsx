import { type FormEvent, useState } from 'react';
import type { Product, ProductSort } from '../../src/api/types.ts';
import { categoryLabel, stockLabel } from '../../src/catalog.ts';
import { minorToInput, parseMoney } from '../../src/money.ts';
import { CATALOG_SORTS, hrefFor, type Route } from '../../src/routes.ts';
import { hasOptions } from '../../src/variants.ts';
import { Money, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { Link, navigate } from '../router.tsx';
import { useShop } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';
import { AddToCart } from './ProductPage.tsx';

export function ProductCard({ product }: { product: Product }) {
  return (
    <li className="card product-card">
      <h2 className="card-title">
        <Link to={hrefFor({ page: 'product', productId: product.productId })}>{product.name}</Link>
      </h2>
      <p className="muted">{categoryLabel(product.category)}</p>
      <p className="description">{product.description}</p>
      <p className="price-line">
        {/* A product with options is priced at its lowest variant. */}
        {hasOptions(product) ? 'From ' : null}
        <Money amount={product.price} currency={product.currency} />
        <span className={product.stock > 0 ? 'stock' : 'stock stock-out'}>{stockLabel(product.stock)}</span>
      </p>
      <AddToCart product={product} compact />
    </li>
  );
}

type CatalogRoute = Extract<Route, { page: 'catalog' }>;

/** Sort, price range and in-stock: a form whose choice becomes the page's URL. */
function CatalogFilters({ route, currency }: { route: CatalogRoute; currency: string }) {
  const [minPrice, setMinPrice] = useState(
    route.minPrice ? minorToInput(Number(route.minPrice), currency) : '',
  );
  const [maxPrice, setMaxPrice] = useState(
    route.maxPrice ? minorToInput(Number(route.maxPrice), currency) : '',
  );
  const [problem, setProblem] = useState<string>();
  const go = (changes: Partial<CatalogRoute>) => navigate(hrefFor({ ...route, ...changes }));
  const applyPrices = (event: FormEvent) => {
    event.preventDefault();
    const low = minPrice.trim() ? parseMoney(minPrice, currency) : undefined;
    const high = maxPrice.trim() ? parseMoney(maxPrice, currency) : undefined;
    if ((minPrice.trim() && low === undefined) || (maxPrice.trim() && high === undefined))
      return setProblem('Enter amounts such as 10 or 19.99');
    if (low !== undefined && high !== undefined && low > high)
      return setProblem('The lowest price must not be above the highest');
    setProblem(undefined);
    go({
      minPrice: low === undefined ? undefined : String(low),
      maxPrice: high === undefined ? undefined : String(high),
    });
  };
  return (
    <form className="catalog-filters" onSubmit={applyPrices} aria-label="Sort and filter">
      <div className="field">
        <label htmlFor="catalog-sort">Sort by</label>
        <select
          id="catalog-sort"
          value={route.sort ?? 'name'}
          onChange={(event) => go({ sort: event.target.value === 'name' ? undefined : event.target.value })}
        >
          {CATALOG_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="catalog-min">Lowest price</label>
        <input
          id="catalog-min"
          inputMode="decimal"
          value={minPrice}
          onChange={(event) => setMinPrice(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="catalog-max">Highest price</label>
        <input
          id="catalog-max"
          inputMode="decimal"
          value={maxPrice}
          onChange={(event) => setMaxPrice(event.target.value)}
        />
      </div>
      <button type="submit" className="secondary">
        Apply prices
      </button>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={route.inStock === 'true'}
          onChange={(event) => go({ inStock: event.target.checked ? 'true' : undefined })}
        />{' '}
        In stock only
      </label>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

const SORT_LABELS: Record<(typeof CATALOG_SORTS)[number], string> = {
  name: 'Name',
  price: 'Price: low to high',
  '-price': 'Price: high to low',
  newest: 'Newest',
  rating: 'Best rated',
};

export function CatalogPage({ route }: { route: CatalogRoute }) {
  const { category, q } = route;
  const { api, store } = useShop();
  const [search, setSearch] = useState(q ?? '');
  // The store's categories, with how many products each (the facets of the whole catalog).
  const categories = useAsync(
    async () => (await api.productFacets()).categories.map((item) => item.value),
    [api],
  );
  const listQuery = {
    category,
    q,
    sort: route.sort as ProductSort | undefined,
    minPrice: route.minPrice ? Number(route.minPrice) : undefined,
    maxPrice: route.maxPrice ? Number(route.maxPrice) : undefined,
    inStock: route.inStock === 'true' || undefined,
  };
  const queryKey = hrefFor(route);
  const [more, setMore] = useState<{
    items: Product[];
    cursor: string | null;
    loading: boolean;
    error?: unknown;
  }>();
  const first = useAsync(async () => {
    setMore(undefined);
    return api.listProducts({ ...listQuery, limit: 24 });
  }, [api, queryKey]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    setMore((previous) => ({ items: previous?.items ?? [], cursor, loading: true }));
    try {
      const page = await api.listProducts({ ...listQuery, limit: 24, cursor });
      setMore((previous) => ({
        items: [...(previous?.items ?? []), ...page.items],
        cursor: page.nextCursor,
        loading: false,
      }));
    } catch (error) {
      setMore((previous) => ({ items: previous?.items ?? [], cursor, loading: false, error }));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefFor({ ...route, q: search.trim() || undefined }));
  };

  const heading = q
    ? `Results for “${q}”${category ? ` in ${categoryLabel(category)}` : ''}`
    : category
      ? categoryLabel(category)
      : 'Catalog';
  return (
    <>
      <PageTitle>{heading}</PageTitle>
      <search>
        <form className="search" onSubmit={submit}>
          <label htmlFor="search">Search products</label>
          <div className="inline">
            <input
              id="search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="e.g. coffee"
            />
            <button type="submit">Search</button>
          </div>
        </form>
      </search>
      <CatalogFilters key={queryKey} route={route} currency={store?.currency ?? 'USD'} />
      <nav aria-label="Categories" className="categories">
        <ul>
          <li>
            <Link
              to={hrefFor({ ...route, category: undefined })}
              aria-current={!category ? 'page' : undefined}
            >
              All
            </Link>
          </li>
          {(categories.data ?? []).map((slug) => (
            <li key={slug}>
              <Link
                to={hrefFor({ ...route, category: slug })}
                aria-current={slug === category ? 'page' : undefined}
              >
                {categoryLabel(slug)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {first.loading && <Loading label="Loading products…" />}
      <ErrorNotice error={first.error} title="The products could not be loaded" />
      {!first.loading && !first.error && items.length === 0 && (
        <p>No products match. Try another word or category.</p>
      )}
      <ul className="grid" aria-label="Products">
        {items.map((product) => (
          <ProductCard key={product.productId} product={product} />
        ))}
      </ul>
      <ErrorNotice error={more?.error} title="More products could not be loaded" />
      {cursor && !first.loading && (
        <p className="center">
          <button type="button" onClick={loadMore} disabled={more?.loading}>
            {more?.loading ? 'Loading…' : 'Show more products'}
          </button>
        </p>
      )}
    </>
  );
}
