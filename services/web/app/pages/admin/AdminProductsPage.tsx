import { type FormEvent, useState } from 'react';
import type { Product } from '../../../src/api/types.ts';
import { categoryLabel } from '../../../src/catalog.ts';
import { hrefFor } from '../../../src/routes.ts';
import { Money, PageTitle } from '../../components/bits.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/feedback.tsx';
import { ManagedStoreSwitch } from '../../components/stores.tsx';
import { Link } from '../../router.tsx';
import { useShop } from '../../shop-context.tsx';
import { useAsync } from '../../use-async.ts';

function StockForm({ product, onSaved }: { product: Product; onSaved: (product: Product) => void }) {
  const { api } = useShop();
  const [stock, setStock] = useState(String(product.stock));
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const id = `stock-${product.productId}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ busy: true });
    try {
      onSaved(await api.updateProduct(product.productId, { stock: Number(stock) }));
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <form className="inline stock-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Stock of {product.name}
      </label>
      <input
        id={id}
        className="qty"
        type="number"
        min={0}
        required
        value={stock}
        onChange={(event) => setStock(event.target.value)}
      />
      <button type="submit" className="button-small" disabled={state.busy || stock === String(product.stock)}>
        Save<span className="visually-hidden"> stock of {product.name}</span>
      </button>
      <ErrorNotice error={state.error} title="Stock not saved" />
    </form>
  );
}

export function AdminProductsPage() {
  const { api } = useShop();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const list = useAsync(() => api.listProducts({ q: query || undefined, limit: 100 }), [api, query]);
  const items = list.data?.items ?? [];
  const replace = (product: Product) => {
    if (!list.data) return;
    list.setData({
      ...list.data,
      items: items.map((item) => (item.productId === product.productId ? product : item)),
    });
    setNotice(`Saved ${product.name}: stock ${product.stock}.`);
  };
  const remove = async (product: Product) => {
    if (!window.confirm(`Delete ${product.name}? It can no longer be bought.`)) return;
    setError(undefined);
    try {
      await api.deleteProduct(product.productId);
      if (list.data)
        list.setData({ ...list.data, items: items.filter((item) => item.productId !== product.productId) });
      setNotice(`Deleted ${product.name}.`);
    } catch (reason) {
      setError(reason);
    }
  };
  return (
    <>
      <PageTitle>Products</PageTitle>
      <ManagedStoreSwitch />
      <div className="toolbar">
        <search className="search">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setQuery(q.trim());
            }}
          >
            <label htmlFor="admin-search">Search products</label>
            <div className="inline">
              <input
                id="admin-search"
                type="search"
                value={q}
                onChange={(event) => setQ(event.target.value)}
              />
              <button type="submit">Search</button>
            </div>
          </form>
        </search>
        <Link to="/admin/products/new" className="button">
          New product
        </Link>
      </div>
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      <ErrorNotice error={error} title="Not deleted" />
      {list.loading && <Loading label="Loading products…" />}
      <ErrorNotice error={list.error} title="The products could not be loaded" />
      {list.data && (
        <table className="table admin-table">
          <caption className="visually-hidden">Products{list.data.nextCursor ? ' (first 100)' : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Category</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((product) => (
              <tr key={product.productId}>
                <th scope="row">
                  <Link to={hrefFor({ page: 'product', productId: product.productId })}>{product.name}</Link>
                </th>
                <td data-label="Category">{categoryLabel(product.category)}</td>
                <td data-label="Price">
                  <Money amount={product.price} currency={product.currency} />
                </td>
                <td data-label="Stock">
                  <StockForm product={product} onSaved={replace} />
                </td>
                <td>
                  <div className="row-actions">
                    <Link to={hrefFor({ page: 'admin-product-edit', productId: product.productId })}>
                      Edit<span className="visually-hidden"> {product.name}</span>
                    </Link>
                    <button type="button" className="link-button danger" onClick={() => remove(product)}>
                      Delete<span className="visually-hidden"> {product.name}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data?.nextCursor && (
        <p className="muted">Showing the first 100 products; search to find others.</p>
      )}
    </>
  );
}
