import { cartLinePath } from '@shop/contracts';
import { ConflictError, NotFoundError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import {
  type Cart,
  emptyCart,
  removeLine,
  removeVariantLine,
  setQuantity,
  settleOrder,
  setVariantQuantity,
  startCheckout,
} from '../src/domain/cart.ts';
import { orderLineOf } from '../src/domain/checkout.ts';
import { CheckoutRefusedError, DEFAULT_CHECKOUT_LIMITS as limits } from '../src/domain/open-orders.ts';
import { priceCart } from '../src/domain/pricing.ts';
import type { ProductView } from '../src/domain/product-view.ts';

// Issue 16: a cart line is one variant of a product, priced at that variant's price.

const shirt: ProductView = {
  productId: 'shirt',
  storeId: 'main',
  name: 'T-shirt',
  unitPrice: 1500,
  currency: 'USD',
  revision: 2,
  variants: [
    { variantId: 'shirt_v1', sku: 'TS-S-BLUE', options: { Size: 'S', Colour: 'Blue' }, unitPrice: 1500 },
    { variantId: 'shirt_v2', sku: 'TS-M-BLUE', options: { Size: 'M', Colour: 'Blue' }, unitPrice: 1600 },
    { variantId: 'shirt_v3', sku: 'TS-M-BLACK', options: { Size: 'M', Colour: 'Black' }, unitPrice: 1610 },
  ],
};
// A product without options: no variants held, its one variant is itself.
const lamp: ProductView = {
  productId: 'lamp',
  storeId: 'main',
  name: 'Desk Lamp',
  unitPrice: 4999,
  currency: 'USD',
  revision: 1,
};
// Options with a single value each: one variant, though not the product itself.
const poster: ProductView = {
  productId: 'poster',
  storeId: 'main',
  name: 'Poster',
  unitPrice: 900,
  currency: 'USD',
  revision: 1,
  variants: [{ variantId: 'poster_v1', sku: 'POSTER-A2', options: { Size: 'A2' }, unitPrice: 900 }],
};
const catalog = new Map([shirt, lamp, poster].map((product) => [product.productId, product]));
const now = new Date('2026-12-01T10:00:00.000Z');

const putVariant = (cart: Cart, product: ProductView, variantId: string, quantity: number) =>
  setVariantQuantity(cart, product, variantId, quantity, priceCart(cart.lines, catalog), now);
const putProduct = (cart: Cart, product: ProductView, quantity: number) =>
  setQuantity(cart, product, quantity, priceCart(cart.lines, catalog), now);
const thrown = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('a variant in the cart', () => {
  it('is priced at its own price, with its SKU and options', () => {
    const cart = putVariant(emptyCart('u1'), shirt, 'shirt_v2', 2);

    expect(priceCart(cart.lines, catalog)).toEqual({
      items: [
        {
          productId: 'shirt',
          name: 'T-shirt',
          variantId: 'shirt_v2',
          sku: 'TS-M-BLUE',
          options: { Size: 'M', Colour: 'Blue' },
          quantity: 2,
          unitPrice: 1600,
          discount: 0,
          tax: 0,
          lineTotal: 3200,
        },
      ],
      subtotal: 3200,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: 3200,
      currency: 'USD',
    });
  });

  it('is a line of its own: two variants of one product are two lines, each set on its own', () => {
    let cart = putVariant(emptyCart('u1'), shirt, 'shirt_v2', 2);
    cart = putVariant(cart, shirt, 'shirt_v3', 1);
    cart = putVariant(cart, shirt, 'shirt_v2', 5);

    expect(cart.lines.map((line) => [line.productId, line.variantId, line.quantity])).toEqual([
      ['shirt', 'shirt_v2', 5],
      ['shirt', 'shirt_v3', 1],
    ]);
    expect(priceCart(cart.lines, catalog)).toMatchObject({
      items: [
        { variantId: 'shirt_v2', unitPrice: 1600, lineTotal: 8000 },
        { variantId: 'shirt_v3', unitPrice: 1610, lineTotal: 1610 },
      ],
      subtotal: 9610,
    });
  });

  it('answers 404 for a variant the product does not sell', () => {
    const error = thrown(() => putVariant(emptyCart('u1'), shirt, 'shirt_v9', 1));

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
  });

  it("takes a one-variant product's variant by the product's id, stored as before variants", () => {
    const cart = putVariant(emptyCart('u1'), lamp, 'lamp', 1);

    expect(cart.lines).toEqual([{ productId: 'lamp', quantity: 1, addedAt: now.toISOString() }]);
    expect(putProduct(cart, lamp, 3).lines).toEqual([
      { productId: 'lamp', quantity: 3, addedAt: now.toISOString() },
    ]);
  });

  it('is left out of the price once the product no longer sells it', () => {
    const cart = putVariant(putVariant(emptyCart('u1'), shirt, 'shirt_v2', 1), lamp, 'lamp', 1);
    const withoutMediumBlue = new Map(catalog).set('shirt', {
      ...shirt,
      variants: shirt.variants?.filter((variant) => variant.variantId !== 'shirt_v2'),
    });

    expect(priceCart(cart.lines, withoutMediumBlue)).toMatchObject({
      items: [{ variantId: 'lamp' }],
      subtotal: 4999,
    });
  });
});

describe('PUT /cart/items/{productId} for a product with variants', () => {
  it('answers 409 for a product with several variants, naming the route that takes one', () => {
    const error = thrown(() => putProduct(emptyCart('u1'), shirt, 1));

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).status).toBe(409);
    expect((error as ConflictError).message).toContain('/cart/variants/');
    expect((error as ConflictError).message).toContain('"T-shirt" has 3 variants');
  });

  it('puts in the only variant of a product that has one', () => {
    const cart = putProduct(emptyCart('u1'), poster, 2);

    expect(cart.lines).toEqual([
      { productId: 'poster', variantId: 'poster_v1', quantity: 2, addedAt: now.toISOString() },
    ]);
    expect(priceCart(cart.lines, catalog).items).toMatchObject([
      { sku: 'POSTER-A2', options: { Size: 'A2' } },
    ]);
  });
});

describe('taking variants out', () => {
  const filled = () =>
    putVariant(
      putVariant(putVariant(emptyCart('u1'), shirt, 'shirt_v2', 1), shirt, 'shirt_v3', 1),
      lamp,
      'lamp',
      1,
    );

  it('by variant takes that line only', () => {
    expect(
      removeVariantLine(filled(), 'shirt_v2', now)?.lines.map((line) => line.variantId ?? line.productId),
    ).toEqual(['shirt_v3', 'lamp']);
    expect(removeVariantLine(filled(), 'lamp', now)?.lines.map((line) => line.variantId)).toEqual([
      'shirt_v2',
      'shirt_v3',
    ]);
  });

  it('by product takes every variant of it', () => {
    expect(removeLine(filled(), 'shirt', now)?.lines.map((line) => line.productId)).toEqual(['lamp']);
  });

  it('changes nothing for a variant that is not in the cart', () => {
    expect(removeVariantLine(filled(), 'shirt_v1', now)).toBeUndefined();
  });
});

describe('checking out variants', () => {
  it('records each variant checked out and, once confirmed, takes out exactly those variants', () => {
    const cart = putVariant(putVariant(emptyCart('u1'), shirt, 'shirt_v2', 2), shirt, 'shirt_v3', 1);
    const checkedOut = startCheckout(cart, 'o-1', priceCart(cart.lines, catalog), limits, now);
    // Meanwhile another Medium Blue, and a Small Blue.
    const more = putVariant(putVariant(checkedOut, shirt, 'shirt_v2', 3), shirt, 'shirt_v1', 1);

    expect(checkedOut.checkouts[0]?.lines).toEqual([
      { productId: 'shirt', variantId: 'shirt_v2', quantity: 2 },
      { productId: 'shirt', variantId: 'shirt_v3', quantity: 1 },
    ]);
    const settled = settleOrder(more, 'o-1', 'CONFIRMED', now);
    expect(settled?.lines.map((line) => [line.variantId, line.quantity])).toEqual([
      ['shirt_v2', 1],
      ['shirt_v1', 1],
    ]);
  });

  it('counts the variants of one product together against the units limit', () => {
    const cart = putVariant(putVariant(emptyCart('u1'), shirt, 'shirt_v2', 11), shirt, 'shirt_v3', 10);

    const error = thrown(() => startCheckout(cart, 'o-1', priceCart(cart.lines, catalog), limits, now));

    expect(error).toBeInstanceOf(CheckoutRefusedError);
    expect((error as CheckoutRefusedError).limit).toBe('open-units-limit');
    expect((error as CheckoutRefusedError).message).toContain('asks for 21');
    const fewer = putVariant(cart, shirt, 'shirt_v2', 10);
    expect(startCheckout(fewer, 'o-1', priceCart(fewer.lines, catalog), limits, now).checkouts).toHaveLength(
      1,
    );
  });
});

describe('a checkout line for orders', () => {
  it("carries a variant's id, SKU and options", () => {
    const [item] = priceCart(putVariant(emptyCart('u1'), shirt, 'shirt_v3', 1).lines, catalog).items;

    expect(item && orderLineOf(item)).toEqual({
      productId: 'shirt',
      name: 'T-shirt',
      variantId: 'shirt_v3',
      sku: 'TS-M-BLACK',
      options: { Size: 'M', Colour: 'Black' },
      quantity: 1,
      unitPrice: 1610,
      discount: 0,
      tax: 0,
      lineTotal: 1610,
    });
  });

  it("is a product's own one variant as before variants (with its money), and any other SKU goes along", () => {
    const [item] = priceCart(putVariant(emptyCart('u1'), lamp, 'lamp', 2).lines, catalog).items;
    const money = { discount: 0, tax: 0, lineTotal: 9998 };

    expect(item && orderLineOf(item)).toEqual({
      productId: 'lamp',
      name: 'Desk Lamp',
      quantity: 2,
      unitPrice: 4999,
      ...money,
    });
    expect(item && orderLineOf({ ...item, sku: 'LAMP-1' })).toEqual({
      productId: 'lamp',
      name: 'Desk Lamp',
      variantId: 'lamp',
      sku: 'LAMP-1',
      options: {},
      quantity: 2,
      unitPrice: 4999,
      ...money,
    });
  });
});

describe('the path of the functions that serve both /cart/items/{productId} and /cart/variants/{variantId}', () => {
  it('names a product or a variant, never both or neither', () => {
    expect(cartLinePath.safeParse({ productId: 'shirt' }).success).toBe(true);
    expect(cartLinePath.safeParse({ variantId: 'shirt_v2' }).success).toBe(true);
    expect(cartLinePath.safeParse({ productId: 'shirt', variantId: 'shirt_v2' }).success).toBe(false);
    expect(cartLinePath.safeParse({}).success).toBe(false);
    expect(cartLinePath.safeParse({ variantId: 'v'.repeat(97) }).success).toBe(false);
  });
});
