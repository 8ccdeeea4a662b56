import { type FormEvent, useState } from 'react';
import { ApiError } from '../../../src/api/problem.ts';
import type { Product, ProductInput } from '../../../src/api/types.ts';
import { minorToInput, parseMoney } from '../../../src/money.ts';
import { hrefFor } from '../../../src/routes.ts';
import { PageTitle } from '../../components/bits.tsx';
import { ErrorNotice, Loading } from '../../components/feedback.tsx';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { ManagedStoreSwitch } from '../../components/stores.tsx';
import { Link, navigate } from '../../router.tsx';
import { useShop } from '../../shop-context.tsx';
import { useAsync } from '../../use-async.ts';

interface FormFields {
  name: string;
  description: string;
  category: string;
  price: string;
  currency: string;
  stock: string;
  imageUrl: string;
}

const fieldLabels: Record<keyof FormFields, string> = {
  name: 'Name',
  description: 'Description',
  category: 'Category',
  price: 'Price',
  currency: 'Currency',
  stock: 'Stock',
  imageUrl: 'Image URL',
};

const fromProduct = (product: Product): FormFields => ({
  name: product.name,
  description: product.description,
  category: product.category,
  price: minorToInput(product.price, product.currency),
  currency: product.currency,
  stock: String(product.stock),
  imageUrl: product.imageUrl ?? '',
});

function ProductForm({ product }: { product?: Product }) {
  const { api, store } = useShop();
  // A new product is priced in its store's currency.
  const [fields, setFields] = useState<FormFields>(
    product
      ? fromProduct(product)
      : {
          name: '',
          description: '',
          category: '',
          price: '',
          currency: store?.currency ?? 'USD',
          stock: '0',
          imageUrl: '',
        },
  );
  const [local, setLocal] = useState<Partial<Record<keyof FormFields, string>>>({});
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const set = (field: keyof FormFields) => (event: { target: { value: string } }) =>
    setFields({ ...fields, [field]: event.target.value });
  const serverErrors = state.error instanceof ApiError ? state.error.fieldErrors : {};
  const errorOf = (field: keyof FormFields) => local[field] ?? serverErrors[field];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const currency = fields.currency.trim().toUpperCase();
    const price = parseMoney(fields.price, currency);
    const stock = Number(fields.stock);
    const problems: Partial<Record<keyof FormFields, string>> = {};
    if (price === undefined) problems.price = `Enter an amount such as 19.99 (${currency})`;
    if (!Number.isInteger(stock) || stock < 0) problems.stock = 'Enter a whole number, 0 or more';
    setLocal(problems);
    if (price === undefined || Object.keys(problems).length > 0) return;
    const body: ProductInput = {
      name: fields.name.trim(),
      description: fields.description.trim(),
      category: fields.category.trim(),
      price,
      currency,
      stock,
    };
    if (fields.imageUrl.trim()) body.imageUrl = fields.imageUrl.trim();
    setState({ busy: true });
    try {
      const saved = product
        ? await api.updateProduct(product.productId, body)
        : await api.createProduct(body);
      navigate(hrefFor({ page: 'product', productId: saved.productId }));
    } catch (error) {
      setState({ busy: false, error });
    }
  };

  return (
    <form className="form" onSubmit={submit}>
      <TextField
        label="Name"
        required
        maxLength={200}
        value={fields.name}
        onChange={set('name')}
        error={errorOf('name')}
      />
      <TextAreaField
        label="Description"
        rows={4}
        maxLength={4000}
        value={fields.description}
        onChange={set('description')}
        error={errorOf('description')}
      />
      <TextField
        label="Category"
        required
        hint="Lower-case words joined by dashes, e.g. home-and-kitchen"
        value={fields.category}
        onChange={set('category')}
        error={errorOf('category')}
      />
      <div className="two-columns">
        <TextField
          label="Price"
          inputMode="decimal"
          required
          hint="e.g. 19.99"
          value={fields.price}
          onChange={set('price')}
          error={errorOf('price')}
        />
        <TextField
          label="Currency"
          required
          maxLength={3}
          hint="ISO 4217, e.g. USD"
          value={fields.currency}
          onChange={set('currency')}
          error={errorOf('currency')}
        />
      </div>
      <TextField
        label="Stock"
        type="number"
        min={0}
        required
        value={fields.stock}
        onChange={set('stock')}
        error={errorOf('stock')}
      />
      <TextField
        label="Image URL (optional)"
        type="url"
        value={fields.imageUrl}
        onChange={set('imageUrl')}
        error={errorOf('imageUrl')}
      />
      <ErrorNotice error={state.error} fieldLabels={fieldLabels} title="The product was not saved" />
      <div className="actions">
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Saving…' : product ? 'Save changes' : 'Create product'}
        </button>
        <Link to="/admin/products">Cancel</Link>
      </div>
    </form>
  );
}

export function ProductFormPage({ productId }: { productId?: string }) {
  const { api } = useShop();
  const existing = useAsync(
    async () => (productId ? api.getProduct(productId) : undefined),
    [api, productId],
  );
  if (!productId) {
    return (
      <>
        <PageTitle>New product</PageTitle>
        <ManagedStoreSwitch />
        <ProductForm />
      </>
    );
  }
  return (
    <>
      <PageTitle>Edit product</PageTitle>
      <ManagedStoreSwitch />
      {existing.loading && <Loading label="Loading the product…" />}
      <ErrorNotice error={existing.error} title="The product could not be loaded" />
      {existing.data && <ProductForm product={existing.data} />}
    </>
  );
}
