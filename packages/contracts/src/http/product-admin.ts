import * as z from 'zod/mini';
import {
  MAX_OPTIONS,
  MAX_VARIANTS,
  type ProductOption,
  productOption,
  skuSchema,
  type VariantOptions,
  variantOptions,
} from '../variants.ts';
import { MAX_AMOUNT } from './common.ts';
import { categorySlug, MAX_STOCK } from './products.ts';

// What admins send to the products service: a new product, a patch, a variant's patch.

const iso4217 = new Set(Intl.supportedValuesOf('currency'));

// The fields an admin may set, each validated once here; create and patch differ only in what is required.
const productName = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200));
const productDescription = z.string().check(z.trim(), z.maxLength(4000));
const productCurrency = z.string().check(
  z.regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code of 3 uppercase letters', abort: true }),
  z.maxLength(3),
  z.refine((code) => iso4217.has(code), 'must be an ISO 4217 currency code'),
);
/** Money in integer minor units, bounded well inside JavaScript's safe integers. */
const price = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_AMOUNT));
const stock = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK));
const imageUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).check(z.maxLength(2048));
/**
 * A product expected to sell faster than one DynamoDB item takes writes (a flash sale): its stock is
 * split over shards so reservations spread over partitions. Once hot, a product stays hot.
 */
const hot = z.optional(z.boolean());

/** One variant as POST /products takes it. */
export const newVariantBody = z.strictObject({ sku: skuSchema, options: variantOptions, price, stock });
export type NewVariant = z.infer<typeof newVariantBody>;

/** PATCH /products/{productId}/variants/{variantId}: any of sku, price, stock, at least one. */
export const variantPatchBody = z
  .strictObject({ sku: z.optional(skuSchema), price: z.optional(price), stock: z.optional(stock) })
  .check(
    z.refine((patch) => Object.values(patch).some((value) => value !== undefined), {
      message: 'give at least one field to change',
    }),
  );
export type VariantPatch = z.infer<typeof variantPatchBody>;

/**
 * What is wrong between a product's options and its variants, each with the path of the field: a
 * repeated option name or value, a variant naming an unknown option, missing one or taking a value its
 * option does not list, a combination sold twice, a SKU given twice. Empty when nothing is.
 */
export function variantProblems(
  options: readonly ProductOption[],
  variants: readonly { sku: string; options: VariantOptions }[],
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const valuesOf = new Map<string, Set<string>>();
  options.forEach((option, index) => {
    if (valuesOf.has(option.name))
      problems.push({ path: ['options', index, 'name'], message: `option "${option.name}" is named twice` });
    const values = new Set(option.values);
    if (values.size !== option.values.length)
      problems.push({ path: ['options', index, 'values'], message: 'values must not repeat' });
    valuesOf.set(option.name, values);
  });
  const combinations = new Set<string>();
  const skus = new Set<string>();
  variants.forEach((item, index) => {
    for (const name of Object.keys(item.options))
      if (!valuesOf.has(name))
        problems.push({ path: ['variants', index, 'options', name], message: `no option "${name}"` });
    for (const [name, values] of valuesOf) {
      const value = item.options[name];
      if (value === undefined)
        problems.push({ path: ['variants', index, 'options'], message: `missing option "${name}"` });
      else if (!values.has(value))
        problems.push({
          path: ['variants', index, 'options', name],
          message: `"${value}" is not a value of "${name}"`,
        });
    }
    const combination = JSON.stringify([...valuesOf.keys()].map((name) => item.options[name] ?? null));
    if (combinations.has(combination))
      problems.push({
        path: ['variants', index, 'options'],
        message: 'this combination is sold by another variant',
      });
    combinations.add(combination);
    if (skus.has(item.sku))
      problems.push({ path: ['variants', index, 'sku'], message: `SKU "${item.sku}" is given twice` });
    skus.add(item.sku);
  });
  return problems;
}

/**
 * POST /products (API.md "Variants"): the v1 body (`price` and `stock`, one variant), or `options` with
 * `variants` (each its sku, options, price and stock; then no `price`/`stock` of the product's own). Unknown fields are
 * refused, so no client sets an id, its store, timestamps or anything else. Without `currency` the
 * product is priced in its store's currency (`main`: USD, as in v1). The rules between options and
 * variants (each combination once, exactly the product's options, values it lists) are checked here too.
 */
export const newProductBody = z
  .strictObject({
    name: productName,
    description: productDescription,
    category: categorySlug,
    price: z.optional(price),
    currency: z.optional(productCurrency),
    stock: z.optional(stock),
    imageUrl: z.optional(imageUrl),
    hot,
    options: z.optional(z.array(productOption).check(z.minLength(1), z.maxLength(MAX_OPTIONS))),
    variants: z.optional(z.array(newVariantBody).check(z.minLength(1), z.maxLength(MAX_VARIANTS))),
  })
  .check(
    z.refine((body) => body.options !== undefined || (body.price !== undefined && body.stock !== undefined), {
      message: 'give price and stock, or options and variants',
      path: ['price'],
    }),
    z.refine((body) => body.options === undefined || (body.price === undefined && body.stock === undefined), {
      message: 'a product with options takes its price and stock from its variants',
      path: ['price'],
    }),
    z.refine((body) => (body.options === undefined) === (body.variants === undefined), {
      message: 'options and variants go together',
      path: ['variants'],
    }),
    z.superRefine((body, context) => {
      if (body.options === undefined || body.variants === undefined) return;
      for (const { path, message } of variantProblems(body.options, body.variants))
        context.addIssue({ code: 'custom', message, path, input: body });
    }),
  );
export type NewProduct = z.infer<typeof newProductBody>;
/** The POST /products body as a client sends it (`currency` may be left out). */
export type NewProductInput = z.input<typeof newProductBody>;

/** PATCH /products/{productId}: any of the create fields, at least one. */
export const productPatchBody = z
  .strictObject({
    name: z.optional(productName),
    description: z.optional(productDescription),
    category: z.optional(categorySlug),
    price: z.optional(price),
    currency: z.optional(productCurrency),
    stock: z.optional(stock),
    imageUrl: z.optional(imageUrl),
    // A product can be made hot, not cold again: its reservations hold units of its shards.
    hot: z.optional(z.literal(true)),
  })
  .check(
    z.refine((patch) => Object.values(patch).some((value) => value !== undefined), {
      message: 'give at least one field to change',
    }),
  );
export type ProductPatch = z.infer<typeof productPatchBody>;
export type ProductPatchInput = z.input<typeof productPatchBody>;
