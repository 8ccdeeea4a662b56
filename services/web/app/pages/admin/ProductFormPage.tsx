import { type FormEvent, useState } from 'react';
import { ApiError } from '../../../src/api/problem.ts';
import type { Product, ProductInput } from '../../../src/api/types.ts';
import { minorToInput, parseMoney } from '../../../src/money.ts';
import { hrefFor } from '../../../src/routes.ts';
import {
  MAX_OPTIONS,
  type OptionRow,
  parsedOptions,
  rowsFor,
  type VariantRow,
  variantPatches,
  variantsToSend,
} from '../../../src/variant-form.ts';
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

/** The option rows of a new product's form, one per option it may have. */
const OPTION_SLOTS = Array.from({ length: MAX_OPTIONS }, (_, index) => `option-${index + 1}`);

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
  // A product with options: its price and stock are its variants' (set per row below).
  const editingVariants = product !== undefined && product.options.length > 0;
  const [withOptions, setWithOptions] = useState(editingVariants);
  const [optionRows, setOptionRows] = useState<OptionRow[]>(
    Array.from({ length: MAX_OPTIONS }, () => ({ name: '', values: '' })),
  );
  const [variantRows, setVariantRows] = useState<(VariantRow & { sell: boolean; variantId?: string })[]>(
    product && editingVariants
      ? product.variants.map((item) => ({
          variantId: item.variantId,
          options: item.options,
          sku: item.sku,
          price: minorToInput(item.price, product.currency),
          stock: String(item.stock),
          sell: true,
        }))
      : [],
  );
  const [rowProblems, setRowProblems] = useState<Record<number, string>>({});
  const setOption = (index: number, field: keyof OptionRow) => (event: { target: { value: string } }) => {
    const next = optionRows.map((row, at) => (at === index ? { ...row, [field]: event.target.value } : row));
    setOptionRows(next);
    setVariantRows(
      rowsFor(parsedOptions(next), variantRows, fields.name, fields.price, (row) => ({ ...row, sell: true })),
    );
  };
  const setRow =
    (index: number, field: 'sku' | 'price' | 'stock' | 'sell') =>
    (event: { target: { value: string; checked?: boolean } }) =>
      setVariantRows(
        variantRows.map((row, at) =>
          at === index
            ? { ...row, [field]: field === 'sell' ? Boolean(event.target.checked) : event.target.value }
            : row,
        ),
      );
  const set = (field: keyof FormFields) => (event: { target: { value: string } }) =>
    setFields({ ...fields, [field]: event.target.value });
  const serverErrors = state.error instanceof ApiError ? state.error.fieldErrors : {};
  const errorOf = (field: keyof FormFields) => local[field] ?? serverErrors[field];

  const submitWithOptions = async (currency: string) => {
    const sold = variantRows.filter((row) => row.sell);
    const checked = variantsToSend(sold, currency);
    setRowProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) return;
    const common = {
      name: fields.name.trim(),
      description: fields.description.trim(),
      category: fields.category.trim(),
      currency,
      ...(fields.imageUrl.trim() ? { imageUrl: fields.imageUrl.trim() } : {}),
    };
    setState({ busy: true });
    try {
      if (product) {
        await api.updateProduct(product.productId, common);
        const edited = checked.variants.map((item, index) => ({
          ...item,
          variantId: sold[index]?.variantId ?? '',
        }));
        for (const { variantId, patch } of variantPatches(product, edited))
          await api.updateVariant(product.productId, variantId, patch);
        navigate(hrefFor({ page: 'product', productId: product.productId }));
      } else {
        const options = parsedOptions(optionRows);
        const saved = await api.createProduct({ ...common, options, variants: checked.variants });
        navigate(hrefFor({ page: 'product', productId: saved.productId }));
      }
    } catch (error) {
      setState({ busy: false, error });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const currency = fields.currency.trim().toUpperCase();
    if (withOptions) return submitWithOptions(currency);
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
      <TextField
        label="Currency"
        required
        maxLength={3}
        hint="ISO 4217, e.g. USD"
        value={fields.currency}
        onChange={set('currency')}
        error={errorOf('currency')}
      />
      {!product && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={withOptions}
            onChange={(event) => setWithOptions(event.target.checked)}
          />{' '}
          Comes in options (sizes, colours…), each combination sold as its own variant
        </label>
      )}
      {!withOptions && (
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
            label="Stock"
            type="number"
            min={0}
            required
            value={fields.stock}
            onChange={set('stock')}
            error={errorOf('stock')}
          />
        </div>
      )}
      {withOptions && !product && (
        <fieldset className="options-editor">
          <legend>Options (up to {MAX_OPTIONS})</legend>
          {OPTION_SLOTS.map((slot, index) => (
            <div className="two-columns" key={slot}>
              <TextField
                label={`Option ${index + 1} name`}
                hint={index === 0 ? 'e.g. Size' : undefined}
                maxLength={40}
                value={optionRows[index]?.name ?? ''}
                onChange={setOption(index, 'name')}
              />
              <TextField
                label={`Option ${index + 1} values`}
                hint={index === 0 ? 'Comma separated, e.g. S, M, L' : undefined}
                value={optionRows[index]?.values ?? ''}
                onChange={setOption(index, 'values')}
              />
            </div>
          ))}
        </fieldset>
      )}
      {withOptions && product && (
        <p className="muted">
          Options:{' '}
          {product.options.map((option) => `${option.name} (${option.values.join(', ')})`).join('; ')}
        </p>
      )}
      {withOptions && variantRows.length > 0 && (
        <table className="variants-editor">
          <caption>Variants: each combination's SKU, price and stock</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              {!product && <th scope="col">Sell</th>}
              <th scope="col">SKU</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
            </tr>
          </thead>
          <tbody>
            {variantRows.map((row, index) => {
              const label = Object.values(row.options).join(' / ');
              return (
                <tr key={label}>
                  <th scope="row">
                    {label}
                    {rowProblems[index] && <span className="field-error"> {rowProblems[index]}</span>}
                  </th>
                  {!product && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Sell ${label}`}
                        checked={row.sell}
                        onChange={setRow(index, 'sell')}
                      />
                    </td>
                  )}
                  <td>
                    <input
                      aria-label={`SKU of ${label}`}
                      maxLength={64}
                      value={row.sku}
                      onChange={setRow(index, 'sku')}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Price of ${label}`}
                      inputMode="decimal"
                      value={row.price}
                      onChange={setRow(index, 'price')}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Stock of ${label}`}
                      type="number"
                      min={0}
                      value={row.stock}
                      onChange={setRow(index, 'stock')}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
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
