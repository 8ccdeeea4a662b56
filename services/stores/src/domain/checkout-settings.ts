import {
  MAX_SHIPPING_OPTIONS,
  MAX_TAX_RATES,
  type NewShippingOption,
  type ShippingOption,
  type ShippingOptionPatch,
  servesCountry,
  type TaxRate,
} from '@shop/contracts';
import { ConflictError, NotFoundError } from '@shop/errors';

// A store's shipping options and tax rates (API.md "Money at checkout"): the rules of changing them,
// on the lists as the store holds them. Nothing here reads or writes; each answers new lists.

// Over a limit is a 409, not a 400: the request is valid in itself; it is the store's state that
// refuses it, and the same request succeeds once an option (or a rate) is removed.
const tooManyOptions = () =>
  new ConflictError(`A store offers at most ${MAX_SHIPPING_OPTIONS} shipping options; remove one first.`);
const tooManyRates = () =>
  new ConflictError(`A store keeps at most ${MAX_TAX_RATES} tax rates; remove one first.`);
const noSuchOption = (shippingOptionId: string) =>
  new NotFoundError(`The store has no shipping option "${shippingOptionId}".`);

/** The options that deliver to `country`, in the store's order; all of them without a country. */
export const shippingOptionsFor = (
  options: readonly ShippingOption[],
  country: string | undefined,
): ShippingOption[] =>
  country === undefined ? [...options] : options.filter((option) => servesCountry(option, country));

/** A new option from the admin's fields, with the id the server made. */
export function newShippingOption(input: NewShippingOption, shippingOptionId: string): ShippingOption {
  return {
    shippingOptionId,
    name: input.name,
    price: input.price,
    ...(input.freeOver === undefined ? {} : { freeOver: input.freeOver }),
    estimatedDays: input.estimatedDays,
    countries: [...input.countries],
  };
}

/** The options with `option` added last; 409 when the store offers the most it may already. */
export function addShippingOption(
  options: readonly ShippingOption[],
  option: ShippingOption,
): ShippingOption[] {
  if (options.length >= MAX_SHIPPING_OPTIONS) throw tooManyOptions();
  return [...options, option];
}

/** The options with one changed as the patch says (`freeOver: null` removes it), in its place; 404 unknown. */
export function changeShippingOption(
  options: readonly ShippingOption[],
  shippingOptionId: string,
  patch: ShippingOptionPatch,
): { options: ShippingOption[]; changed: ShippingOption } {
  const current = options.find((option) => option.shippingOptionId === shippingOptionId);
  if (!current) throw noSuchOption(shippingOptionId);
  const changed = newShippingOption(
    {
      name: patch.name ?? current.name,
      price: patch.price ?? current.price,
      freeOver: patch.freeOver === undefined ? current.freeOver : (patch.freeOver ?? undefined),
      estimatedDays: patch.estimatedDays ?? current.estimatedDays,
      countries: patch.countries ?? current.countries,
    },
    current.shippingOptionId,
  );
  return {
    options: options.map((option) => (option === current ? changed : option)),
    changed,
  };
}

/** The options without one; 404 unknown. */
export function removeShippingOption(
  options: readonly ShippingOption[],
  shippingOptionId: string,
): ShippingOption[] {
  const rest = options.filter((option) => option.shippingOptionId !== shippingOptionId);
  if (rest.length === options.length) throw noSuchOption(shippingOptionId);
  return rest;
}

/** The rates sorted by country (what GET /tax-rates answers and the store keeps). */
export const sortedTaxRates = (rates: readonly TaxRate[]): TaxRate[] =>
  [...rates].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));

/** The rates with the country's set (replacing any before), by country; 409 for a new country past the limit. */
export function putTaxRate(rates: readonly TaxRate[], rate: TaxRate): TaxRate[] {
  const others = rates.filter((entry) => entry.country !== rate.country);
  if (others.length === rates.length && rates.length >= MAX_TAX_RATES) throw tooManyRates();
  return sortedTaxRates([...others, { country: rate.country, rate: rate.rate }]);
}

/** The rates without the country's; 404 when it has none. */
export function removeTaxRate(rates: readonly TaxRate[], country: string): TaxRate[] {
  const rest = rates.filter((entry) => entry.country !== country);
  if (rest.length === rates.length) throw new NotFoundError(`The store keeps no tax rate for "${country}".`);
  return rest;
}
