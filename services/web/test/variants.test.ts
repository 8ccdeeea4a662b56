import { describe, expect, it } from 'vitest';
import type { Product } from '../src/api/types.ts';
import { choiceLabel, hasOptions, initialChoice, valueState, variantFor } from '../src/variants.ts';

const variant = (variantId: string, Size: string, Colour: string, stock: number, price = 1500) => ({
  variantId,
  sku: variantId.toUpperCase(),
  options: { Size, Colour },
  price,
  stock,
});
// S and M in Blue and Black, but no "S / Black" sold at all; "M / Black" sold out.
const shirt = {
  options: [
    { name: 'Size', values: ['S', 'M'] },
    { name: 'Colour', values: ['Blue', 'Black'] },
  ],
  variants: [
    variant('p_v1', 'S', 'Blue', 0),
    variant('p_v2', 'M', 'Blue', 3, 1600),
    variant('p_v3', 'M', 'Black', 0),
  ],
} satisfies Pick<Product, 'options' | 'variants'>;
const lamp = { options: [], variants: [variant('p-lamp', '', '', 2)] } as Pick<
  Product,
  'options' | 'variants'
>;

describe('the variant picker', () => {
  it('names the variant of a full choice, none for a partial or unsold one, the one variant without options', () => {
    expect(variantFor(shirt, { Size: 'M', Colour: 'Blue' })?.variantId).toBe('p_v2');
    expect(variantFor(shirt, { Size: 'M' })).toBeUndefined();
    expect(variantFor(shirt, { Size: 'S', Colour: 'Black' })).toBeUndefined();
    expect(variantFor(lamp, {})?.variantId).toBe('p-lamp');
    expect([hasOptions(shirt), hasOptions(lamp)]).toEqual([true, false]);
  });

  it('tells each value available, sold out or not sold, given the other choices', () => {
    expect(valueState(shirt, { Size: 'M' }, 'Colour', 'Blue')).toBe('available');
    expect(valueState(shirt, { Size: 'M' }, 'Colour', 'Black')).toBe('sold-out');
    expect(valueState(shirt, { Size: 'S' }, 'Colour', 'Black')).toBe('unavailable');
    expect(valueState(shirt, { Size: 'S' }, 'Colour', 'Blue')).toBe('sold-out');
    // Nothing chosen yet: a value is available if any variant with it has stock.
    expect(valueState(shirt, {}, 'Size', 'S')).toBe('sold-out');
    expect(valueState(shirt, {}, 'Size', 'M')).toBe('available');
    // Changing one option keeps the others: choosing Black with M chosen looks at M / Black.
    expect(valueState(shirt, { Size: 'M', Colour: 'Blue' }, 'Colour', 'Black')).toBe('sold-out');
  });

  it('starts at the first variant in stock and labels a choice in option order', () => {
    expect(initialChoice(shirt)).toEqual({ Size: 'M', Colour: 'Blue' });
    expect(initialChoice(lamp)).toEqual({});
    expect(choiceLabel(shirt, { Colour: 'Blue', Size: 'M' })).toBe('Size: M / Colour: Blue');
  });
});
