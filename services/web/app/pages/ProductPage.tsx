import { type FormEvent, useId, useState } from 'react';
import type { Product } from '../../src/api/types.ts';
import { categoryLabel, maxQuantity, stockLabel } from '../../src/catalog.ts';
import { hrefFor } from '../../src/routes.ts';
import {
  choiceLabel,
  hasOptions,
  initialChoice,
  type OptionChoice,
  valueState,
  variantFor,
} from '../../src/variants.ts';
import { Money, PageTitle } from '../components/bits.tsx';
import { ErrorNotice, Loading } from '../components/feedback.tsx';
import { ProductReviews } from '../components/reviews.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useShop, useUser } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';

/**
 * Quantity and "Add to cart"; sends a signed-out shopper to sign in first, then back here. A product
 * with options is added as the chosen `variant` (none chosen, or a combination not sold: nothing to add);
 * in a compact listing it links to its page, where the shopper picks one.
 */
export function AddToCart({
  product,
  variant,
  compact = false,
}: {
  product: Product;
  variant?: Product['variants'][number] | undefined;
  compact?: boolean;
}) {
  const { api, setCart, cart } = useShop();
  const user = useUser();
  const { href } = useLocation();
  const id = useId();
  const [quantity, setQuantity] = useState(1);
  const [state, setState] = useState<{ busy: boolean; error?: unknown; added?: number }>({ busy: false });
  const byVariant = hasOptions(product);
  if (byVariant && compact)
    return (
      <Link to={hrefFor({ page: 'product', productId: product.productId })} className="button-link">
        Choose options
      </Link>
    );
  if (byVariant && !variant) return <p className="muted">This combination is not sold</p>;
  const max = maxQuantity(byVariant && variant ? variant : product);
  if (max === 0) return <p className="muted">Out of stock</p>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!user) return navigate(hrefFor({ page: 'signin', next: href }));
    setState({ busy: true });
    try {
      const line = byVariant && variant ? variant.variantId : product.productId;
      const inCart = cart?.items.find((item) => (item.variantId ?? item.productId) === line)?.quantity ?? 0;
      const wanted = Math.min(99, inCart + quantity);
      const next = byVariant ? await api.setCartVariant(line, wanted) : await api.setCartItem(line, wanted);
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

/** One radio group per option; a value whose combination is sold out or not sold is disabled. */
function VariantPicker({
  product,
  choice,
  onChoose,
}: {
  product: Product;
  choice: OptionChoice;
  onChoose: (choice: OptionChoice) => void;
}) {
  const id = useId();
  return (
    <div className="variant-picker">
      {product.options.map((option, index) => (
        <fieldset key={option.name} className="option">
          <legend>{option.name}</legend>
          {option.values.map((value) => {
            const state = valueState(product, choice, option.name, value);
            const inputId = `${id}-${index}-${value}`;
            return (
              <span key={value} className={`option-value ${state}`}>
                <input
                  type="radio"
                  id={inputId}
                  name={`${id}-${index}`}
                  value={value}
                  checked={choice[option.name] === value}
                  disabled={state !== 'available'}
                  onChange={() => onChoose({ ...choice, [option.name]: value })}
                />
                <label htmlFor={inputId}>
                  {value}
                  {state === 'sold-out' ? <span className="visually-hidden"> (sold out)</span> : null}
                </label>
              </span>
            );
          })}
        </fieldset>
      ))}
    </div>
  );
}

/** A product's page: a product with options shows the picker and the chosen variant's price and stock. */
function ProductDetails({ item }: { item: Product }) {
  const [choice, setChoice] = useState<OptionChoice>(() => initialChoice(item));
  const variant = variantFor(item, choice);
  const price = hasOptions(item) && variant ? variant.price : item.price;
  const stock = hasOptions(item) ? (variant?.stock ?? 0) : item.stock;
  return (
    <>
      {hasOptions(item) && <VariantPicker product={item} choice={choice} onChoose={setChoice} />}
      <p className="price-line big">
        <Money amount={price} currency={item.currency} />
        <span className={stock > 0 ? 'stock' : 'stock stock-out'}>
          {hasOptions(item) && variant ? `${choiceLabel(item, choice)}: ` : ''}
          {stockLabel(stock)}
        </span>
      </p>
      <AddToCart product={item} variant={variant} />
    </>
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
      <ProductDetails key={item.productId} item={item} />
      <ProductReviews key={`reviews-${item.productId}`} product={item} />
    </article>
  );
}
