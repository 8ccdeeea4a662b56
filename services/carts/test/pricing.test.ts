import { describe, expect, it } from 'vitest';
import type { CartLine } from '../src/domain/cart.ts';
import { priceCart } from '../src/domain/pricing.ts';
import type { ProductView } from '../src/domain/product-view.ts';

const at = '2026-11-22T10:00:00.000Z';
const line = (productId: string, quantity: number): CartLine => ({ productId, quantity, addedAt: at });
const view = (productId: string, unitPrice: number, currency = 'USD'): ProductView => ({
  productId,
  storeId: 'main',
  name: `Name of ${productId}`,
  unitPrice,
  currency,
  revision: 1,
});

describe('pricing a cart', () => {
  it('prices every line from the read model, in integer minor units', () => {
    const products = new Map([view('a', 1999), view('b', 5)].map((product) => [product.productId, product]));

    expect(priceCart([line('a', 3), line('b', 99)], products)).toEqual({
      items: [
        {
          productId: 'a',
          name: 'Name of a',
          variantId: 'a',
          sku: 'a',
          options: {},
          quantity: 3,
          unitPrice: 1999,
          discount: 0,
          tax: 0,
          lineTotal: 5997,
        },
        {
          productId: 'b',
          name: 'Name of b',
          variantId: 'b',
          sku: 'b',
          options: {},
          quantity: 99,
          unitPrice: 5,
          discount: 0,
          tax: 0,
          lineTotal: 495,
        },
      ],
      subtotal: 6492,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 6492,
      currency: 'USD',
    });
  });

  it('answers an empty cart in USD', () => {
    expect(priceCart([], new Map())).toEqual({
      items: [],
      subtotal: 0,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 0,
      currency: 'USD',
    });
  });

  it("answers an empty cart in its store's currency, and a priced one in its lines' currency", () => {
    const products = new Map([[`a`, view('a', 100)]]);

    const euro = { currency: 'EUR', country: 'DE', taxIncluded: true };
    expect(priceCart([], new Map(), euro)).toMatchObject({
      items: [],
      subtotal: 0,
      total: 0,
      currency: 'EUR',
    });
    expect(priceCart([line('gone', 1)], products, euro)).toMatchObject({ items: [], currency: 'EUR' });
    expect(priceCart([line('a', 1)], products, euro)).toMatchObject({ subtotal: 100, currency: 'USD' });
  });

  it('leaves out lines whose product is unknown or deleted', () => {
    const products = new Map([[`a`, view('a', 100)]]);

    expect(priceCart([line('gone', 1), line('a', 2)], products)).toMatchObject({
      items: [{ productId: 'a' }],
      subtotal: 200,
    });
  });

  it('prices in the currency of the oldest sellable line and leaves out lines in another', () => {
    const products = new Map(
      [view('eur', 900, 'EUR'), view('usd', 100)].map((product) => [product.productId, product]),
    );

    expect(priceCart([line('eur', 1), line('usd', 1)], products)).toMatchObject({
      items: [{ productId: 'eur' }],
      subtotal: 900,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 900,
      currency: 'EUR',
    });
  });
});
