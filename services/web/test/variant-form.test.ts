import { describe, expect, it } from 'vitest';
import {
  combinations,
  parsedOptions,
  rowsFor,
  suggestedSku,
  variantPatches,
  variantsToSend,
} from '../src/variant-form.ts';

const fresh = (row: Parameters<Parameters<typeof rowsFor>[4]>[0]) => row;

describe("the admin's variant editor", () => {
  it('reads options as typed: trimmed, empty rows and repeated values dropped', () => {
    expect(
      parsedOptions([
        { name: ' Size ', values: 'S, M,,M , L' },
        { name: 'Colour', values: '' },
        { name: '', values: 'x' },
      ]),
    ).toEqual([{ name: 'Size', values: ['S', 'M', 'L'] }]);
  });

  it('makes every combination once, the first option varying slowest', () => {
    expect(
      combinations([
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Colour', values: ['Blue', 'Black'] },
      ]),
    ).toEqual([
      { Size: 'S', Colour: 'Blue' },
      { Size: 'S', Colour: 'Black' },
      { Size: 'M', Colour: 'Blue' },
      { Size: 'M', Colour: 'Black' },
    ]);
    expect(combinations([])).toEqual([{}]);
  });

  it('suggests a SKU of the name and values, and keeps rows already typed when options change', () => {
    expect(suggestedSku('Organic Tée', { Size: 'M', Colour: 'Blue' })).toBe('ORGANIC-TEE-M-BLUE');
    const first = rowsFor([{ name: 'Size', values: ['S', 'M'] }], [], 'Tee', '19.99', fresh);
    const typed = first.map((row) =>
      row.options.Size === 'M' ? { ...row, stock: '7', price: '21.00' } : row,
    );
    const next = rowsFor([{ name: 'Size', values: ['M', 'L'] }], typed, 'Tee', '19.99', fresh);
    expect(next).toEqual([
      { options: { Size: 'M' }, sku: 'TEE-M', price: '21.00', stock: '7' },
      { options: { Size: 'L' }, sku: 'TEE-L', price: '19.99', stock: '0' },
    ]);
  });

  it('sends integer minor units, or names the row that is wrong', () => {
    const rows = [
      { options: { Size: 'S' }, sku: 'TEE-S', price: '19.99', stock: '3' },
      { options: { Size: 'M' }, sku: 'TEE-M', price: 'lots', stock: '3' },
      { options: { Size: 'L' }, sku: 'TEE L', price: '1', stock: '3' },
    ];
    expect(variantsToSend(rows, 'USD')).toEqual({
      ok: false,
      problems: { 1: expect.stringContaining('price'), 2: expect.stringContaining('SKU') },
    });
    expect(variantsToSend(rows.slice(0, 1), 'USD')).toEqual({
      ok: true,
      variants: [{ sku: 'TEE-S', options: { Size: 'S' }, price: 1999, stock: 3 }],
    });
  });

  it('patches only what changed, per variant', () => {
    const product = {
      variants: [
        { variantId: 'p_v1', sku: 'A', options: {}, price: 100, stock: 1 },
        { variantId: 'p_v2', sku: 'B', options: {}, price: 200, stock: 2 },
      ],
    };
    expect(
      variantPatches(product, [
        { variantId: 'p_v1', sku: 'A', price: 100, stock: 1 },
        { variantId: 'p_v2', sku: 'B2', price: 200, stock: 5 },
      ]),
    ).toEqual([{ variantId: 'p_v2', patch: { sku: 'B2', stock: 5 } }]);
  });
});
