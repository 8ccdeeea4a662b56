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

const iso4217 = new Set(Intl.supportedValuesOf('currency'));

// The fields an admin may set, each validated once here; create and patch differ only in what is required.
const productName = z.string().trim().min(1, 'must not be empty').max(200);
const productDescription = z.string().trim().max(4000);
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code of 3 uppercase letters')
  .refine((code) => iso4217.has(code), 'must be an ISO 4217 currency code');
/** Money in integer minor units, bounded well inside JavaScript's safe integers. */
const price = z.number().int().min(0).max(1_000_000_000_00);
const stock = z.number().int().min(0).max(1_000_000_000);
const imageUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048);

/** POST /products: unknown fields are refused, so no client sets an id, timestamps or anything else. */
export const newProductBody = z
  .object({
    name: productName,
    description: productDescription,
    category: categorySlug,
    price,
    currency: currency.default('USD'),
    stock,
    imageUrl: imageUrl.optional(),
  })
  .strict();
export type NewProduct = z.infer<typeof newProductBody>;

/** PATCH /products/{productId}: any of the create fields, at least one. */
export const productPatchBody = z
  .object({
    name: productName.optional(),
    description: productDescription.optional(),
    category: categorySlug.optional(),
    price: price.optional(),
    currency: currency.optional(),
    stock: stock.optional(),
    imageUrl: imageUrl.optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'give at least one field to change',
  });
export type ProductPatch = z.infer<typeof productPatchBody>;

/** The product after an admin's patch; `stock`, when given, is what can be sold from now on. */
export function applyPatch(current: Product, patch: ProductPatch, now: string): Product {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...current, ...changes, updatedAt: now };
}
