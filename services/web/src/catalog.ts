// Catalog helpers.
import type { Product } from './api/types.ts';

/** `home-and-kitchen` → `Home and kitchen`. */
export function categoryLabel(slug: string): string {
  const words = slug.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a shopper may put in the cart of `product` at once (the API allows 1–99 per line). */
export function maxQuantity(product: Pick<Product, 'stock'>): number {
  return Math.max(0, Math.min(99, product.stock));
}

/** "In stock (30)", "Only 3 left", "Out of stock". */
export function stockLabel(stock: number): string {
  if (stock <= 0) return 'Out of stock';
  if (stock <= 5) return `Only ${stock} left`;
  return `In stock (${stock})`;
}

/** A variant's options as a cart line shows them: "Size: M / Colour: Blue"; none: "". */
export function optionsLabel(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}: ${value}`)
    .join(' / ');
}
