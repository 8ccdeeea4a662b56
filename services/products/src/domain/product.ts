import type { NewProduct, Product, ProductPatch, Variant, VariantPatch } from '@shop/contracts';
import { ValidationError } from '@shop/errors';
import { patchedVariants, summaryOf, variantsOf } from './variants.ts';

// The product, a new one and a patch are the HTTP contract's (`@shop/contracts`); the rules are here.
export type { NewProduct, Product, ProductPatch };

/**
 * A product as the catalog keeps it: a product without options stores no variants (its one variant is
 * the product itself) and one without reviews no rating; `shownProduct` answers the API's whole shape.
 */
export type ProductRecord = Omit<Product, 'options' | 'variants' | 'rating'> &
  Partial<Pick<Product, 'options' | 'variants' | 'rating'>>;

/** The product as the API shows it: its one variant and a zero rating where the record holds none. */
export function shownProduct(record: ProductRecord): Product {
  const { options, variants, rating, ...product } = record;
  return {
    ...product,
    options: options ?? [],
    variants: variants ?? [
      {
        variantId: product.productId,
        sku: product.productId,
        options: {},
        price: product.price,
        stock: product.stock,
      },
    ],
    rating: rating ?? { average: 0, count: 0 },
  };
}

/**
 * The sort key of the category index: products in a category list by name, case-insensitively;
 * the id breaks ties between equal names so every key is unique.
 */
export function catalogNameKey(name: string, productId: string): string {
  return `${name.trim().toLowerCase()}#${productId}`;
}

/**
 * The product after an admin's patch; `stock`, when given, is what can be sold from now on. A product
 * with options takes its price and stock from its variants, so those are set per variant (400 here).
 */
export function applyPatch(current: ProductRecord, patch: ProductPatch, now: string): ProductRecord {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  if (current.variants !== undefined) {
    const perVariant = ['price', 'stock'].filter((field) => field in changes);
    if (perVariant.length > 0)
      throw new ValidationError('This product has variants: set price and stock per variant.', [
        ...perVariant.map((field) => ({
          field,
          message: `is its variants'; use PATCH /products/${current.productId}/variants/{variantId}`,
        })),
      ]);
  }
  return { ...current, ...changes, updatedAt: now };
}

/**
 * The product after an admin's patch of one variant (its sku, price or stock); undefined when the
 * product has no such variant. A product without options has one variant, the product itself: its
 * price and stock are the product's, and its SKU its id, which does not change (400).
 */
export function applyVariantPatch(
  current: ProductRecord,
  variantId: string,
  patch: VariantPatch,
  now: string,
): ProductRecord | undefined {
  if (current.variants === undefined) {
    if (variantId !== current.productId) return undefined;
    if (patch.sku !== undefined && patch.sku !== current.productId)
      throw new ValidationError('A product without options has its id as its SKU.', [
        { field: 'sku', message: 'cannot change for a product without options' },
      ]);
    const { sku: _sku, ...fields } = patch;
    return applyPatch(current, fields, now);
  }
  const variants = patchedVariants(current.variants, variantId, patch);
  return variants && { ...current, ...withVariants(variants), updatedAt: now };
}

/** What a new product needs of its store: its id, and the currency a body without one is priced in. */
export type OwningStore = { storeId: string; currency: string };

/** A product's price and stock from its variants, with them. */
const withVariants = (variants: Variant[]) => ({ ...summaryOf(variants), variants });

/** A new product of `store`, priced in the store's currency unless the admin named another. */
export function productOf(
  store: OwningStore,
  input: NewProduct,
  productId: string,
  now: string,
): ProductRecord {
  const { currency, options, variants, price, stock, ...fields } = input;
  // The body's rules guarantee price and stock without options, and variants with them.
  const sold = variants?.length
    ? { ...withVariants(variantsOf(productId, variants)), options }
    : { price: price ?? 0, stock: stock ?? 0 };
  return {
    ...fields,
    ...sold,
    productId,
    storeId: store.storeId,
    currency: currency ?? store.currency,
    createdAt: now,
    updatedAt: now,
  };
}
