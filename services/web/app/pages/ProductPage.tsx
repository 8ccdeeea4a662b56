import { type FormEvent, useId, useState } from 'react';
import type { Product } from '../../src/api/types.ts';
import { categoryLabel, maxQuantity, stockLabel } from '../../src/catalog.ts';
import { hrefFor } from '../../src/routes.ts';
import { Money, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useShop, useUser } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';

/** Quantity and "Add to cart"; sends a signed-out shopper to sign in first, then back here. */
export function AddToCart({ product, compact = false }: { product: Product; compact?: boolean }) {
  const { api, setCart, cart } = useShop();
  const user = useUser();
  const { href } = useLocation();
  const id = useId();
  const [quantity, setQuantity] = useState(1);
  const [state, setState] = useState<{ busy: boolean; error?: unknown; added?: number }>({ busy: false });
  const max = maxQuantity(product);
  if (max === 0) return <p className="muted">Out of stock</p>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!user) return navigate(hrefFor({ page: 'signin', next: href }));
    setState({ busy: true });
    try {
      const inCart = cart?.items.find((line) => line.productId === product.productId)?.quantity ?? 0;
      const next = await api.setCartItem(product.productId, Math.min(99, inCart + quantity));
      setCart(next);
      setState({ busy: false, added: quantity });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <form className={compact ? 'add-to-cart compact' : 'add-to-cart'} onSubmit={submit}>
      {!compact && (
        <div className="field">
          <label htmlFor={`${id}-qty`}>Quantity</label>
          <input
            id={`${id}-qty`}
            type="number"
            min={1}
            max={max}
            value={quantity}
            onChange={(event) => setQuantity(Math.max(1, Math.min(max, Number(event.target.value) || 1)))}
          />
        </div>
      )}
      <button
        type="submit"
        disabled={state.busy}
        aria-label={compact ? `Add ${product.name} to cart` : undefined}
      >
        {state.busy ? 'Adding…' : 'Add to cart'}
      </button>
      <span role="status" className="added">
        {state.added ? (
          <>
            Added. <Link to="/cart">View cart</Link>
          </>
        ) : null}
      </span>
      <ErrorNotice error={state.error} title="Not added to the cart" />
    </form>
  );
}

export function ProductPage({ productId }: { productId: string }) {
  const { api } = useShop();
  const product = useAsync(() => api.getProduct(productId), [api, productId]);
  if (product.loading) return <Loading label="Loading the product…" />;
  if (!product.data) {
    return (
      <>
        <PageTitle>Product not available</PageTitle>
        <ErrorNotice error={product.error} />
        <p>
          <Link to="/">Back to the catalog</Link>
        </p>
      </>
    );
  }
  const item = product.data;
  return (
    <article className="product">
      <p className="breadcrumb">
        <Link to="/">Catalog</Link> /{' '}
        <Link to={hrefFor({ page: 'catalog', category: item.category })}>{categoryLabel(item.category)}</Link>
      </p>
      <PageTitle>{item.name}</PageTitle>
      {item.imageUrl && <img src={item.imageUrl} alt="" className="product-image" />}
      <p className="description">{item.description}</p>
      <p className="price-line big">
        <Money amount={item.price} currency={item.currency} />
        <span className={item.stock > 0 ? 'stock' : 'stock stock-out'}>{stockLabel(item.stock)}</span>
      </p>
      <AddToCart product={item} />
    </article>
  );
}
