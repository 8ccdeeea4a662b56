import { type FormEvent, useState } from 'react';
import type { Product } from '../../src/api/types.ts';
import { categoriesOf, categoryLabel, stockLabel } from '../../src/catalog.ts';
import { hrefFor } from '../../src/routes.ts';
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

export function CatalogPage({ category, q }: { category?: string | undefined; q?: string | undefined }) {
  const { api } = useShop();
  const [search, setSearch] = useState(q ?? '');
  // The API has no categories route: the first 100 products name them (the demo catalog has 56).
  const categories = useAsync(
    async () => categoriesOf((await api.listProducts({ limit: 100 })).items),
    [api],
  );
  const [more, setMore] = useState<{
    items: Product[];
    cursor: string | null;
    loading: boolean;
    error?: unknown;
  }>();
  const first = useAsync(async () => {
    setMore(undefined);
    return api.listProducts({ category, q, limit: 24 });
  }, [api, category, q]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    setMore((previous) => ({ items: previous?.items ?? [], cursor, loading: true }));
    try {
      const page = await api.listProducts({ category, q, limit: 24, cursor });
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
    navigate(hrefFor({ page: 'catalog', category, q: search.trim() || undefined }));
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
      <nav aria-label="Categories" className="categories">
        <ul>
          <li>
            <Link to={hrefFor({ page: 'catalog', q })} aria-current={!category ? 'page' : undefined}>
              All
            </Link>
          </li>
          {(categories.data ?? []).map((slug) => (
            <li key={slug}>
              <Link
                to={hrefFor({ page: 'catalog', category: slug, q })}
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
