import type { NewProduct, Product, ProductPatch } from '@shop/contracts';

// The product, a new one and a patch are the HTTP contract's (`@shop/contracts`); the rules are here.
export type { NewProduct, Product, ProductPatch };

/**
 * The sort key of the category index: products in a category list by name, case-insensitively;
 * the id breaks ties between equal names so every key is unique.
 */
export function catalogNameKey(name: string, productId: string): string {
  return `${name.trim().toLowerCase()}#${productId}`;
}

/** The product after an admin's patch; `stock`, when given, is what can be sold from now on. */
export function applyPatch(current: Product, patch: ProductPatch, now: string): Product {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...current, ...changes, updatedAt: now };
}

/** What a new product needs of its store: its id, and the currency a body without one is priced in. */
export type OwningStore = { storeId: string; currency: string };

/** A new product of `store`, priced in the store's currency unless the admin named another. */
export function productOf(store: OwningStore, input: NewProduct, productId: string, now: string): Product {
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
