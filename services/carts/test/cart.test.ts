import { MAX_CART_LINES } from '@shop/contracts';
import { ConflictError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import {
  type Cart,
  emptyCart,
  removeLine,
  setQuantity,
  settleOrder,
  startCheckout,
} from '../src/domain/cart.ts';
import { DEFAULT_CHECKOUT_LIMITS as limits } from '../src/domain/open-orders.ts';
import { priceCart } from '../src/domain/pricing.ts';
import type { ProductView } from '../src/domain/product-view.ts';

const lamp: ProductView = {
  productId: 'lamp',
  storeId: 'main',
  name: 'Desk Lamp',
  unitPrice: 4999,
  currency: 'USD',
  revision: 1,
};
const shade: ProductView = {
  productId: 'shade',
  storeId: 'main',
  name: 'Shade',
  unitPrice: 1250,
  currency: 'USD',
  revision: 3,
};
const euroVase: ProductView = {
  productId: 'vase',
  storeId: 'main',
  name: 'Vase',
  unitPrice: 900,
  currency: 'EUR',
  revision: 1,
};
const catalog = new Map([lamp, shade, euroVase].map((product) => [product.productId, product]));
const now = new Date('2026-11-22T10:00:00.000Z');

const add = (cart: Cart, product: ProductView, quantity: number) =>
  setQuantity(cart, product, quantity, priceCart(cart.lines, catalog), now);

describe('setting a quantity', () => {
  it('adds a product with its quantity and bumps the version', () => {
    const cart = add(emptyCart('u1'), lamp, 2);

    expect(cart.lines).toEqual([{ productId: 'lamp', quantity: 2, addedAt: now.toISOString() }]);
    expect(cart.version).toBe(1);
  });

  it('replaces the quantity of a product already in the cart, keeping its place', () => {
    const cart = add(add(add(emptyCart('u1'), lamp, 2), shade, 1), lamp, 5);

    expect(cart.lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['lamp', 5],
      ['shade', 1],
    ]);
  });

  it.each([0, 100, 1.5, -1])('refuses quantity %s', (quantity) => {
    expect(() => add(emptyCart('u1'), lamp, quantity)).toThrow();
  });

  it('refuses a product in another currency than the cart', () => {
    expect(() => add(add(emptyCart('u1'), lamp, 1), euroVase, 1)).toThrow(ConflictError);
  });

  it(`refuses a new product beyond ${MAX_CART_LINES} different ones, but still changes held ones`, () => {
    let cart = emptyCart('u1');
    const many = new Map<string, ProductView>();
    for (let index = 0; index < MAX_CART_LINES; index += 1) {
      const product = { ...lamp, productId: `p${index}` };
      many.set(product.productId, product);
      cart = setQuantity(cart, product, 1, priceCart(cart.lines, many), now);
    }
    const extra = { ...lamp, productId: 'extra' };

    expect(() => setQuantity(cart, extra, 1, priceCart(cart.lines, many), now)).toThrow(ConflictError);
    expect(
      setQuantity(cart, { ...lamp, productId: 'p0' }, 3, priceCart(cart.lines, many), now).lines[0]?.quantity,
    ).toBe(3);
  });
});

describe('removing a product', () => {
  it('takes it out of the cart', () => {
    const cart = add(add(emptyCart('u1'), lamp, 2), shade, 1);

    expect(removeLine(cart, 'lamp', now)?.lines.map((line) => line.productId)).toEqual(['shade']);
  });

  it('changes nothing when the product is not in the cart', () => {
    expect(removeLine(add(emptyCart('u1'), lamp, 2), 'shade', now)).toBeUndefined();
  });
});

describe('checking out and settling', () => {
  const filled = () => add(add(emptyCart('u1'), lamp, 2), shade, 1);
  const checkedOut = (cart: Cart, orderId = 'o-1') =>
    startCheckout(cart, orderId, priceCart(cart.lines, catalog), limits, now);

  it('records the priced lines under the order id and keeps them in the cart', () => {
    const cart = filled();
    const next = checkedOut(cart);

    expect(next.lines).toEqual(cart.lines);
    expect(next.checkouts).toEqual([
      {
        orderId: 'o-1',
        lines: [
          { productId: 'lamp', quantity: 2 },
          { productId: 'shade', quantity: 1 },
        ],
        at: now.toISOString(),
      },
    ]);
  });

  it('refuses an empty cart, and one where nothing can be sold any more, with 409', () => {
    expect(() => startCheckout(emptyCart('u1'), 'o-1', priceCart([], catalog), limits, now)).toThrow(
      ConflictError,
    );
    const cart = filled();
    expect(() => startCheckout(cart, 'o-1', priceCart(cart.lines, new Map()), limits, now)).toThrow(
      ConflictError,
    );
  });

  it('takes out exactly what was checked out once the order is confirmed, keeping later additions, and keeps the order open', () => {
    // After checking out, the customer wants one more lamp.
    const next = add(checkedOut(filled()), lamp, 3);

    const settled = settleOrder(next, 'o-1', 'CONFIRMED', now);

    expect(settled?.lines.map((line) => [line.productId, line.quantity])).toEqual([['lamp', 1]]);
    expect(settled?.checkouts).toEqual([]);
    expect(settled?.openOrders).toEqual([
      {
        orderId: 'o-1',
        lines: [
          { productId: 'lamp', quantity: 2 },
          { productId: 'shade', quantity: 1 },
        ],
        confirmedAt: now.toISOString(),
      },
    ]);
  });

  it('keeps the whole cart when the order is rejected or cancelled while in flight, and closes it', () => {
    for (const progress of ['REJECTED', 'CANCELLED'] as const) {
      const cart = filled();
      const settled = settleOrder(checkedOut(cart), 'o-1', progress, now);

      expect(settled?.lines).toEqual(cart.lines);
      expect(settled?.checkouts).toEqual([]);
      expect(settled?.openOrders).toEqual([]);
    }
  });

  it('closes an open order once shipped or cancelled, changing nothing else', () => {
    for (const progress of ['SHIPPED', 'CANCELLED'] as const) {
      const confirmed = settleOrder(checkedOut(filled()), 'o-1', 'CONFIRMED', now) as Cart;
      const closed = settleOrder(confirmed, 'o-1', progress, now);

      expect(closed?.openOrders).toEqual([]);
      expect(closed?.lines).toEqual(confirmed.lines);
    }
  });

  it('takes a shipped order out of the cart when its confirmation has not arrived yet, and never reopens it', () => {
    const shipped = settleOrder(checkedOut(filled()), 'o-1', 'SHIPPED', now) as Cart;

    expect(shipped.lines).toEqual([]);
    expect(shipped.checkouts).toEqual([]);
    expect(shipped.openOrders).toEqual([]);
    expect(settleOrder(shipped, 'o-1', 'CONFIRMED', now)).toBeUndefined();
  });

  it('settles an order once: a second confirmation, or one of an unknown order, changes nothing', () => {
    const cart = filled();
    const settled = settleOrder(checkedOut(cart), 'o-1', 'CONFIRMED', now);

    expect(settled && settleOrder(settled, 'o-1', 'CONFIRMED', now)).toBeUndefined();
    expect(settleOrder(cart, 'o-unknown', 'CONFIRMED', now)).toBeUndefined();
    expect(settleOrder(cart, 'o-unknown', 'SHIPPED', now)).toBeUndefined();
  });
});
