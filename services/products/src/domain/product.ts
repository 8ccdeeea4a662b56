import type { NewProduct, Product, ProductPatch } from '@shop/contracts';

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

/** The product after an admin's patch; `stock`, when given, is what can be sold from now on. */
export function applyPatch(current: ProductRecord, patch: ProductPatch, now: string): ProductRecord {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...current, ...changes, updatedAt: now };
}

/** What a new product needs of its store: its id, and the currency a body without one is priced in. */
export type OwningStore = { storeId: string; currency: string };

/** A new product of `store`, priced in the store's currency unless the admin named another. */
export function productOf(
  store: OwningStore,
  input: NewProduct,
  productId: string,
  now: string,
): ProductRecord {
  const { currency, ...fields } = input;
  return {
    ...fields,
    productId,
    storeId: store.storeId,
    currency: currency ?? store.currency,
    createdAt: now,
    updatedAt: now,
  };
}
