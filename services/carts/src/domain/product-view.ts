import type { VariantOptions } from '@shop/contracts';

/** One variant of a product as a cart line shows and prices it. */
export type VariantView = {
  variantId: string;
  sku: string;
  /** Its option values by option name; none for a product without options. */
  options: VariantOptions;
  /** Integer minor units. */
  unitPrice: number;
};

/**
 * What the carts service knows of a product: its own copy, kept from `ProductChanged` events (the
 * read model). Only what a cart shows and prices; the products table is never read from here.
 */
export type ProductView = {
  productId: string;
  /** The store that sells it: a product is only ever in that store's carts. */
  storeId: string;
  name: string;
  /** Integer minor units: the product's price (with variants, the lowest of theirs). */
  unitPrice: number;
  currency: string;
  /** The catalog revision this copy reflects; a copy is only ever replaced by a higher one. */
  revision: number;
  /**
   * The variants it sells (issue 16). Absent, as in a copy from before variants or of a product
   * without options: one variant, the product itself (its id as id and SKU, its price, no options).
   */
  variants?: VariantView[];
};

/** Every variant the product sells: its own, or the one that is the product itself. */
export const variantsOf = (product: ProductView): VariantView[] =>
  product.variants && product.variants.length > 0
    ? product.variants
    : [{ variantId: product.productId, sku: product.productId, options: {}, unitPrice: product.unitPrice }];

/** The product's variant with that id, or undefined when it sells none such. */
export const findVariant = (product: ProductView, variantId: string): VariantView | undefined =>
  variantsOf(product).find((variant) => variant.variantId === variantId);
