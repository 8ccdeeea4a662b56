// The admin's options-and-variants editor, pure so it is unit-tested: options typed as "name" and
// "values, comma separated", every combination of them as a variant row, and what to send.
import type { Product } from './api/types.ts';
import { parseMoney } from './money.ts';

/** One option as the admin types it. */
export type OptionRow = { name: string; values: string };
/** One variant row: its combination and what the admin typed for it. */
export type VariantRow = { options: Record<string, string>; sku: string; price: string; stock: string };

/** The API's limits (API.md "Variants"): 3 options of 50 values. */
export const MAX_OPTIONS = 3;
export const MAX_OPTION_VALUES = 50;
/** The most variants one product sells (the contract's MAX_VARIANTS). */
export const MAX_VARIANTS = 100;

/** The options typed so far, trimmed, without empty names or values and without repeated values. */
export function parsedOptions(rows: readonly OptionRow[]): { name: string; values: string[] }[] {
  return rows
    .map((row) => ({
      name: row.name.trim(),
      values: [
        ...new Set(
          row.values
            .split(',')
            .map((value) => value.trim())
            .filter(Boolean),
        ),
      ],
    }))
    .filter((option) => option.name !== '' && option.values.length > 0);
}

/** Every combination of the options' values, in order (the first option varies slowest). */
export function combinations(
  options: readonly { name: string; values: string[] }[],
): Record<string, string>[] {
  return options.reduce<Record<string, string>[]>(
    (sofar, option) =>
      sofar.flatMap((combo) => option.values.map((value) => ({ ...combo, [option.name]: value }))),
    [{}],
  );
}

/** A SKU from the product's name and the combination: "Organic Tee", M, Blue → "ORGANIC-TEE-M-BLUE". */
export function suggestedSku(productName: string, combo: Record<string, string>): string {
  const words = [productName, ...Object.values(combo)]
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  return words.join('-').slice(0, 64) || 'SKU';
}

const comboKey = (combo: Record<string, string>) => JSON.stringify(Object.entries(combo).sort());

/**
 * The variant rows for the options as now typed: a row the admin already filled keeps what they typed
 * (matched by its combination), a new combination starts with a suggested SKU, the default price and 0.
 */
export function rowsFor<R extends VariantRow>(
  options: readonly { name: string; values: string[] }[],
  previous: readonly R[],
  productName: string,
  defaultPrice: string,
  fresh: (row: VariantRow) => R,
): R[] {
  const kept = new Map(previous.map((row) => [comboKey(row.options), row]));
  return combinations(options)
    .slice(0, MAX_VARIANTS)
    .map(
      (combo) =>
        kept.get(comboKey(combo)) ??
        fresh({ options: combo, sku: suggestedSku(productName, combo), price: defaultPrice, stock: '0' }),
    );
}

/** What the admin typed, checked row by row: the variants to send, or the problem per row. */
export function variantsToSend(
  rows: readonly VariantRow[],
  currency: string,
):
  | { ok: true; variants: { sku: string; options: Record<string, string>; price: number; stock: number }[] }
  | { ok: false; problems: Record<number, string> } {
  const problems: Record<number, string> = {};
  const variants = rows.map((row, index) => {
    const price = parseMoney(row.price, currency);
    const stock = Number(row.stock);
    if (price === undefined) problems[index] = `Enter a price such as 19.99 (${currency})`;
    else if (!Number.isInteger(stock) || stock < 0) problems[index] = 'Enter a stock of 0 or more';
    else if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(row.sku.trim()))
      problems[index] = 'A SKU is 1–64 letters, digits, ".", "_" or "-"';
    return { sku: row.sku.trim(), options: row.options, price: price ?? 0, stock };
  });
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, variants };
}

/** The variant patches an edit needs: only what changed, per variant (none when nothing did). */
export function variantPatches(
  product: Pick<Product, 'variants'>,
  edited: readonly { variantId: string; sku: string; price: number; stock: number }[],
): { variantId: string; patch: { sku?: string; price?: number; stock?: number } }[] {
  return edited.flatMap((row) => {
    const was = product.variants.find((item) => item.variantId === row.variantId);
    if (!was) return [];
    const patch = {
      ...(row.sku !== was.sku ? { sku: row.sku } : {}),
      ...(row.price !== was.price ? { price: row.price } : {}),
      ...(row.stock !== was.stock ? { stock: row.stock } : {}),
    };
    return Object.keys(patch).length > 0 ? [{ variantId: row.variantId, patch }] : [];
  });
}
