import * as z from 'zod';

/** A product as the API shows it; `stock` is what can still be sold. */
export const product = z.object({
  productId: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  price: z.number().int().nonnegative(),
  currency: z.string().length(3),
  stock: z.number().int().nonnegative(),
  imageUrl: z.string().url().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof product>;

/** Category slugs are lower-case words joined by dashes, e.g. `home-and-kitchen`. */
export const categorySlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "home-and-kitchen"');

/**
 * The sort key of the category index: products in a category list by name, case-insensitively;
 * the id breaks ties between equal names so every key is unique.
 */
export function catalogNameKey(name: string, productId: string): string {
  return `${name.trim().toLowerCase()}#${productId}`;
}
