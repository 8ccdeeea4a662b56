import * as z from 'zod/mini';

// Variants (issue 16): the pieces of a product's options and variants that messages and the HTTP
// contract share. A module of its own so a consumer that only reads a line's variant bundles (and
// builds at init) these few schemas, not the products routes' contract.

// Up to 3 options of up to 50 values each, and one variant per combination sold.
/** The most options a product has (size, colour, material). */
export const MAX_OPTIONS = 3;
/** The most values one option has. */
export const MAX_OPTION_VALUES = 50;
/** The most variants one product sells (every combination of its options at most once). */
export const MAX_VARIANTS = 100;

const optionName = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
const optionValue = z.string().check(z.trim(), z.minLength(1), z.maxLength(40));

/** One option of a product: its name and the values a variant may take. */
export const productOption = z.object({
  name: optionName,
  values: z.array(optionValue).check(z.minLength(1), z.maxLength(MAX_OPTION_VALUES)),
});
export type ProductOption = z.infer<typeof productOption>;

/** A variant's option values by option name: `{ "Size": "M", "Colour": "Blue" }`. */
export const variantOptions = z.record(optionName, optionValue);
export type VariantOptions = z.infer<typeof variantOptions>;

/** A stock-keeping unit, unique per store: letters, digits, `.`, `_`, `-`. */
export const skuSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
    z.maxLength(64),
  );

/**
 * A variant's id. A one-variant product's variant has the product's id; a variant of a product with
 * options is `<productId>_<suffix>`, so every route finds its product from the id alone.
 */
export const variantIdSchema = z.string().check(z.minLength(1), z.maxLength(96), z.regex(/^[A-Za-z0-9_-]+$/));
/** The product a variant id belongs to (see variantIdSchema). */
export const productIdOfVariant = (variantId: string): string => variantId.split('_')[0] as string;

/**
 * What a line of a message names of its variant, each optional so a message from before variants
 * still parses (absent: the product's one variant, whose id and SKU are the product's, no options).
 */
export const variantLabel = z.object({
  variantId: z.optional(z.string().check(z.minLength(1), z.maxLength(96))),
  sku: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  options: z.optional(z.record(z.string().check(z.maxLength(40)), z.string().check(z.maxLength(40)))),
});
export type VariantLabel = z.infer<typeof variantLabel>;

/** The variant a message's line names: its own fields, else the product's one variant. */
export const variantOfLine = (line: { productId: string } & VariantLabel) => ({
  variantId: line.variantId ?? line.productId,
  sku: line.sku ?? line.productId,
  options: line.options ?? {},
});

/** `{productId}/variants/{variantId}` in a variant route's path. */
