import { newProductBody, variantPatchBody } from '@shop/contracts';
import { ValidationError } from '@shop/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, applyVariantPatch, productOf } from '../src/domain/product.ts';
import { mergeLines, shortLines, stockKeyOf } from '../src/domain/reservation.ts';
import { HOT_STOCK_SHARDS } from '../src/domain/stock-shards.ts';
import { shardsPerVariant, summaryOf, variantIdOf } from '../src/domain/variants.ts';

const now = '2026-12-03T10:00:00.000Z';
const shirtBody = {
  name: 'T-shirt',
  description: 'Cotton.',
  category: 'clothing',
  options: [
    { name: 'Size', values: ['S', 'M'] },
    { name: 'Colour', values: ['Blue', 'Black'] },
  ],
  variants: [
    { sku: 'TS-S-BLUE', options: { Size: 'S', Colour: 'Blue' }, price: 1500, stock: 4 },
    { sku: 'TS-M-BLUE', options: { Size: 'M', Colour: 'Blue' }, price: 1600, stock: 0 },
    { sku: 'TS-M-BLACK', options: { Size: 'M', Colour: 'Black' }, price: 1450, stock: 7 },
  ],
};
const shirt = () =>
  productOf({ storeId: 'main', currency: 'USD' }, newProductBody.parse(shirtBody), 'p-1', now);

describe('a product with variants', () => {
  it('is priced at its lowest variant and stocked with their sum, each variant its own id', () => {
    const product = shirt();
    expect(product).toMatchObject({ price: 1450, stock: 11, currency: 'USD' });
    expect(product.variants?.map((item) => item.variantId)).toEqual(['p-1_v1', 'p-1_v2', 'p-1_v3']);
    expect(product.variants?.[1]).toEqual({
      variantId: 'p-1_v2',
      sku: 'TS-M-BLUE',
      options: { Size: 'M', Colour: 'Blue' },
      price: 1600,
      stock: 0,
    });
  });

  it('summarizes any variants exactly: the minimum price and the summed stock', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ price: fc.nat(1_000_000), stock: fc.nat(1_000_000) }), {
          minLength: 1,
          maxLength: 100,
        }),
        (sold) => {
          const variants = sold.map((item, index) => ({
            ...item,
            variantId: variantIdOf('p', index + 1),
            sku: `S${index}`,
            options: {},
          }));
          const summary = summaryOf(variants);
          expect(summary.stock).toBe(sold.reduce((sum, item) => sum + item.stock, 0));
          expect(sold.every((item) => item.price >= summary.price)).toBe(true);
          expect(sold.some((item) => item.price === summary.price)).toBe(true);
        },
      ),
    );
  });

  it('takes price and stock per variant: a product patch of either is refused (400), naming the route', () => {
    expect(() => applyPatch(shirt(), { price: 100 }, now)).toThrow(ValidationError);
    expect(() => applyPatch(shirt(), { stock: 1 }, now)).toThrow(/per variant/);
    expect(applyPatch(shirt(), { name: 'Shirt' }, now)).toMatchObject({
      name: 'Shirt',
      price: 1450,
      stock: 11,
    });
  });

  it('changes one variant and keeps the summary right; an unknown variant is undefined', () => {
    const patched = applyVariantPatch(
      shirt(),
      'p-1_v3',
      variantPatchBody.parse({ price: 2000, stock: 1 }),
      now,
    );
    expect(patched).toMatchObject({ price: 1500, stock: 5, updatedAt: now });
    expect(patched?.variants?.[2]).toMatchObject({ sku: 'TS-M-BLACK', price: 2000, stock: 1 });
    expect(patched?.variants?.[0]).toEqual(shirt().variants?.[0]);
    expect(applyVariantPatch(shirt(), 'p-1_v9', { price: 1 }, now)).toBeUndefined();
    expect(applyVariantPatch(shirt(), 'p-2', { price: 1 }, now)).toBeUndefined();
  });

  it('treats a product without options as its one variant: price and stock, never its SKU', () => {
    const lamp = productOf(
      { storeId: 'main', currency: 'USD' },
      newProductBody.parse({ name: 'Lamp', description: '', category: 'lighting', price: 100, stock: 2 }),
      'p-lamp',
      now,
    );
    expect(applyVariantPatch(lamp, 'p-lamp', { price: 120, stock: 9 }, now)).toMatchObject({
      price: 120,
      stock: 9,
    });
    expect(applyVariantPatch(lamp, 'p-lamp', { sku: 'p-lamp' }, now)).toMatchObject({ price: 100 });
    expect(() => applyVariantPatch(lamp, 'p-lamp', { sku: 'LAMP-1' }, now)).toThrow(ValidationError);
    expect(applyVariantPatch(lamp, 'p-lamp_v1', { price: 1 }, now)).toBeUndefined();
  });

  it('spreads a hot product over its variants: the same shards in all, none for a variant alone', () => {
    expect(shardsPerVariant(1)).toBe(HOT_STOCK_SHARDS);
    expect(shardsPerVariant(4)).toBe(HOT_STOCK_SHARDS / 4);
    expect(shardsPerVariant(9)).toBe(0);
    for (let variants = 1; variants <= 100; variants += 1)
      expect(variants * shardsPerVariant(variants)).toBeLessThanOrEqual(HOT_STOCK_SHARDS);
  });
});

describe('the body of a product with variants', () => {
  const refused = (body: Record<string, unknown>) => {
    const parsed = newProductBody.safeParse({ ...shirtBody, ...body });
    expect(parsed.success).toBe(false);
    return parsed.error?.issues.map((issue) => issue.message).join('; ') ?? '';
  };

  it('refuses a repeated combination, an unknown or a missing option, 4 options, 51 values, a price beside options', () => {
    const [first, second] = shirtBody.variants as [
      (typeof shirtBody.variants)[0],
      (typeof shirtBody.variants)[0],
    ];
    expect(refused({ variants: [first, { ...second, options: first.options }] })).toMatch(/combination/);
    expect(refused({ variants: [{ ...first, options: { ...first.options, Fit: 'Slim' } }] })).toMatch(
      /no option/,
    );
    expect(refused({ variants: [{ ...first, options: { Size: 'S' } }] })).toMatch(/missing option/);
    expect(refused({ variants: [{ ...first, options: { Size: 'XL', Colour: 'Blue' } }] })).toMatch(
      /not a value/,
    );
    expect(refused({ variants: [first, { ...second, sku: first.sku }] })).toMatch(/given twice/);
    const four = ['A', 'B', 'C', 'D'].map((name) => ({ name, values: ['x'] }));
    refused({ options: four, variants: [{ ...first, options: { A: 'x', B: 'x', C: 'x', D: 'x' } }] });
    const many = Array.from({ length: 51 }, (_, index) => `v${index}`);
    refused({ options: [{ name: 'Size', values: many }], variants: [{ ...first, options: { Size: 'v1' } }] });
    expect(refused({ price: 100 })).toMatch(/variants/);
    expect(newProductBody.safeParse(shirtBody).success).toBe(true);
  });
});

describe('reserving variants', () => {
  it('merges lines per variant: two variants of one product stay two lines, a repeated one is one', () => {
    const merged = mergeLines([
      { productId: 'p-1', variantId: 'p-1_v1', quantity: 1, unitPrice: 1500 },
      { productId: 'p-1', variantId: 'p-1_v2', quantity: 2, unitPrice: 1600 },
      { productId: 'p-1', variantId: 'p-1_v1', quantity: 3, unitPrice: 1500 },
      { productId: 'p-2', variantId: 'p-2', quantity: 1 },
      { productId: 'p-2', quantity: 1 },
    ]);
    expect(merged).toEqual([
      { productId: 'p-1', variantId: 'p-1_v1', quantity: 4, quotedPrices: [1500] },
      { productId: 'p-1', variantId: 'p-1_v2', quantity: 2, quotedPrices: [1600] },
      // The product's own variant is the product: no variant id, the product's item.
      { productId: 'p-2', quantity: 2, quotedPrices: [] },
    ]);
    expect(merged.map(stockKeyOf)).toEqual(['p-1_v1', 'p-1_v2', 'p-2']);
  });

  it('names the short variant with what its own stock item has', () => {
    const lines = [
      { productId: 'p-1', variantId: 'p-1_v1', quantity: 2 },
      { productId: 'p-1', variantId: 'p-1_v2', quantity: 2 },
    ];
    expect(
      shortLines(
        lines,
        new Map([
          ['p-1_v1', 5],
          ['p-1_v2', 1],
        ]),
      ),
    ).toEqual([{ productId: 'p-1', variantId: 'p-1_v2', requested: 2, available: 1 }]);
  });
});
