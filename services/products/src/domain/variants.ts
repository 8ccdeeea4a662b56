import type { NewVariant, Variant, VariantPatch } from '@shop/contracts';
import { HOT_STOCK_SHARDS } from './stock-shards.ts';

// A product with options sells variants, each with its own SKU, price and stock (API.md "Variants").
// The rules here are pure; where each variant's stock lives is the adapter's (a stock item per variant).

/** The id of a product's `ordinal`-th variant (1-based): `<productId>_v<n>`, so the id names its product. */
export const variantIdOf = (productId: string, ordinal: number): string => `${productId}_v${ordinal}`;

/** A product's variants as created: ids in the order given, each with its sku, options, price and stock. */
export function variantsOf(productId: string, variants: readonly NewVariant[]): Variant[] {
  return variants.map(({ sku, options, price, stock }, index) => ({
    variantId: variantIdOf(productId, index + 1),
    sku,
    options,
    price,
    stock,
  }));
}

/** What a product with variants shows of them as one: its lowest variant price and their summed stock. */
export function summaryOf(variants: readonly Variant[]): { price: number; stock: number } {
  return {
    price: Math.min(...variants.map((item) => item.price)),
    stock: variants.reduce((sum, item) => sum + item.stock, 0),
  };
}

/** The variants after an admin's patch of one of them; undefined when the product has no such variant. */
export function patchedVariants(
  variants: readonly Variant[],
  variantId: string,
  patch: VariantPatch,
): Variant[] | undefined {
  if (!variants.some((item) => item.variantId === variantId)) return undefined;
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return variants.map((item) => (item.variantId === variantId ? { ...item, ...changes } : item));
}

/**
 * How many stock shards each variant of a hot product gets: the product's HOT_STOCK_SHARDS spread over
 * its variants, so a flash sale of the product still spreads over that many partitions and its write
 * stays one transaction. A variant left with one "shard" is not split (its own item is its partition).
 */
export function shardsPerVariant(variantCount: number): number {
  const each = Math.floor(HOT_STOCK_SHARDS / Math.max(1, variantCount));
  return each >= 2 ? each : 0;
}
