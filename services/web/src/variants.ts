// The variant picker's rules, pure so they are unit-tested: which variant a choice of option values
// names, and which values are sold out given the others chosen (API.md "Variants").
import type { Product } from './api/types.ts';

type Variant = Product['variants'][number];

/** A choice of one value per option, by option name; a value not chosen yet is absent. */
export type OptionChoice = Readonly<Record<string, string>>;

/** Whether the product is sold by variant (it has options): its cart line is the variant's. */
export const hasOptions = (product: Pick<Product, 'options'>): boolean => product.options.length > 0;

/** The variant every option of `choice` names, if the product sells that combination. */
export function variantFor(
  product: Pick<Product, 'options' | 'variants'>,
  choice: OptionChoice,
): Variant | undefined {
  if (!hasOptions(product)) return product.variants[0];
  if (product.options.some(({ name }) => choice[name] === undefined)) return undefined;
  return product.variants.find((item) =>
    product.options.every(({ name }) => item.options[name] === choice[name]),
  );
}

/**
 * What choosing `value` for `option` would give, with the other options as chosen: "available" (a variant
 * with stock), "sold-out" (sold, none left) or "unavailable" (no such combination). An option left open
 * matches any value, so the first choice shows every value some variant still has.
 */
export function valueState(
  product: Pick<Product, 'options' | 'variants'>,
  choice: OptionChoice,
  option: string,
  value: string,
): 'available' | 'sold-out' | 'unavailable' {
  const wanted = { ...choice, [option]: value };
  const matching = product.variants.filter((item) =>
    Object.entries(wanted).every(([name, chosen]) => item.options[name] === chosen),
  );
  if (matching.length === 0) return 'unavailable';
  return matching.some((item) => item.stock > 0) ? 'available' : 'sold-out';
}

/** The choice a product page starts with: the first variant that has stock, else the first one. */
export function initialChoice(product: Pick<Product, 'options' | 'variants'>): OptionChoice {
  const first = product.variants.find((item) => item.stock > 0) ?? product.variants[0];
  return hasOptions(product) && first ? { ...first.options } : {};
}

/** "Size: M / Colour: Blue": a variant's options in the product's option order; none: "". */
export function choiceLabel(product: Pick<Product, 'options'>, choice: OptionChoice): string {
  return product.options
    .filter(({ name }) => choice[name] !== undefined)
    .map(({ name }) => `${name}: ${choice[name]}`)
    .join(' / ');
}
