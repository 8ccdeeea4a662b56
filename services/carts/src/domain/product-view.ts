/**
 * What the carts service knows of a product: its own copy, kept from `ProductChanged` events (the
 * read model). Only what a cart shows and prices; the products table is never read from here.
 */
export type ProductView = {
  productId: string;
  /** The store that sells it: a product is only ever in that store's carts. */
  storeId: string;
  name: string;
  /** Integer minor units. */
  unitPrice: number;
  currency: string;
  /** The catalog revision this copy reflects; a copy is only ever replaced by a higher one. */
  revision: number;
};
