import { paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { storeIdSchema } from '../stores.ts';
import { amount, currency, MAX_AMOUNT, page, serverId, timestamp } from './common.ts';

// The products service's routes: the catalog, read by anyone, changed by admins.

/** Category slugs are lower-case words joined by dashes, e.g. `home-and-kitchen`. */
export const categorySlug = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "home-and-kitchen"'),
  );

/** The most units of one product the catalog holds. */
export const MAX_STOCK = 1_000_000_000;

/** `{productId}` in a product route's path. */
export const productPath = z.object({ productId: z.string().check(z.minLength(1), z.maxLength(64)) });
export type ProductPath = z.infer<typeof productPath>;

/** `sort=` of GET /products (catalog queries, issue 16): `name` (A–Z, the v1 order) when absent. */
export const productSort = z.enum(['name', 'price', '-price', 'newest', 'rating']);
export type ProductSort = z.infer<typeof productSort>;

/** A query-string amount in minor units (`minPrice`, `maxPrice`). */
const priceBound = z.coerce
  .number({ error: 'Must be a whole number of minor units (1999 = 19.99)' })
  .check(z.int('Must be a whole number of minor units'), z.minimum(0), z.maximum(MAX_AMOUNT));

/** A search: 1–200 characters of words; words of 3 letters or more also match as prefixes. */
const searchText = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/**
 * GET /products query: a category, a word search, sorts, price bounds and in-stock only, all
 * combinable, a page at a time. A cursor is bound to the store, sort and filters it was made for.
 */
export const listProductsQuery = z
  .extend(paginationQuery, {
    category: z.optional(categorySlug),
    q: z.optional(searchText),
    sort: z._default(productSort, 'name'),
    minPrice: z.optional(priceBound),
    maxPrice: z.optional(priceBound),
    /** Only `true` filters; anything else is refused, so a typo never silently lists everything. */
    inStock: z.optional(z.literal('true')),
  })
  .check(
    z.refine(
      (query) =>
        query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice,
      {
        message: 'minPrice must not be above maxPrice',
        path: ['minPrice'],
      },
    ),
  );
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

/** GET /products/facets query: the filters whose selection the facets describe. */
export const productFacetsQuery = z.object({
  category: z.optional(categorySlug),
  q: z.optional(searchText),
});
export type ProductFacetsQuery = z.infer<typeof productFacetsQuery>;

/** GET /products/facets answer: categories with how many products each, and the price range, of what the filters select. */
export const productFacets = z.object({
  categories: z.array(z.object({ value: categorySlug, count: z.number().check(z.int(), z.minimum(0)) })),
  /** Lowest and highest product price (minor units) selected; both null when nothing is. */
  priceRange: z.object({ min: z.nullable(amount), max: z.nullable(amount) }),
});
export type ProductFacets = z.infer<typeof productFacets>;

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

// Variants (issue 16): up to 3 options of up to 50 values each, and one variant per combination sold.
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
export const variantIdSchema = serverId(96);
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

/** `{productId}/variants/{variantId}` in a variant route's path. */
export const variantPath = z.object({
  productId: z.string().check(z.minLength(1), z.maxLength(64)),
  variantId: z.string().check(z.minLength(1), z.maxLength(96)),
});
export type VariantPath = z.infer<typeof variantPath>;

/** A variant as the API shows it. */
export const variant = z.object({
  variantId: variantIdSchema,
  sku: skuSchema,
  options: variantOptions,
  price: amount,
  /** What can still be sold of this variant (reserved units are not in it). */
  stock: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK)),
});
export type Variant = z.infer<typeof variant>;

/** A product's rating from its reviews: `average` to one decimal, 0 while `count` is 0. */
export const productRating = z.object({
  average: z.number().check(z.minimum(0), z.maximum(5)),
  count: z.number().check(z.int(), z.minimum(0)),
});
export type ProductRating = z.infer<typeof productRating>;

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
 * POST /products: the v1 body (`price` and `stock`, one variant), or `options` with `variants` (each
 * its sku, options, price and stock; then no `price`/`stock` of the product's own). Unknown fields are
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

/** A product as the API shows it; `stock` is what can still be sold (reserved units are not in it). */
export const product = z.object({
  productId: serverId(64),
  /** The store whose catalog holds the product (issue 15); a product of another store is 404 here. */
  storeId: storeIdSchema,
  name: z.string().check(z.maxLength(200)),
  description: z.string().check(z.maxLength(4000)),
  category: categorySlug,
  price: amount,
  currency,
  stock: z.number().check(z.int(), z.minimum(0), z.maximum(MAX_STOCK)),
  imageUrl: z.optional(z.url().check(z.maxLength(2048))),
  /** A flash-sale product: its stock is split over shards (still one `stock` here, their sum). */
  hot: z.optional(z.boolean()),
  /** Its options (none for a v1 product); `price` is its lowest variant price and `stock` their sum. */
  options: z.array(productOption).check(z.maxLength(MAX_OPTIONS)),
  /** What it sells: exactly one variant (the product's id, price and stock) for a product without options. */
  variants: z.array(variant).check(z.minLength(1), z.maxLength(MAX_VARIANTS)),
  rating: productRating,
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Product = z.infer<typeof product>;

/** GET /products answer. */
export const productPage = page(product);
export type ProductPage = z.infer<typeof productPage>;
