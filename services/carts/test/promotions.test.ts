import { describe, expect, it } from 'vitest';
import {
  type CartLine,
  emptyCart,
  removePromotionCode,
  setPromotionCode,
  settleOrder,
  startCheckout,
} from '../src/domain/cart.ts';
import { type PromotionView, priceCart } from '../src/domain/pricing.ts';
import type { ProductView } from '../src/domain/product-view.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const line = (productId: string, quantity: number): CartLine => ({
  productId,
  quantity,
  addedAt: now.toISOString(),
});
const view = (productId: string, unitPrice: number): ProductView => ({
  productId,
  storeId: 'main',
  name: productId,
  unitPrice,
  currency: 'USD',
  revision: 1,
});
const products = new Map([view('a', 1999), view('b', 501)].map((product) => [product.productId, product]));
const lines = [line('a', 2), line('b', 1)]; // 3998 + 501 = 4499

const promotion = (terms: Partial<PromotionView> = {}): PromotionView => ({
  code: 'TEN',
  type: 'percent',
  value: 10,
  timesUsed: 0,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...terms,
});
const applied = (terms: Partial<PromotionView> = {}, strict = false) => ({
  code: 'TEN',
  promotion: promotion(terms),
  mode: strict ? ('apply' as const) : ('view' as const),
});
const price = (code?: ReturnType<typeof applied>) =>
  priceCart(lines, products, undefined, undefined, { promotion: code, now });

describe('a cart priced with a promotion code', () => {
  it('takes 10 % off the goods, spread over the lines so that they add up to the total', () => {
    const cart = price(applied());
    expect(cart).toMatchObject({ subtotal: 4499, discountTotal: 450, total: 4049, promotionCode: 'TEN' });
    expect(cart.items.map((item) => item.discount)).toEqual([400, 50]);
    expect(cart.items.reduce((sum, item) => sum + item.lineTotal, 0)).toBe(cart.total);
  });

  it('takes a fixed amount off, never more than the goods cost', () => {
    expect(price(applied({ type: 'fixed', value: 1000 }))).toMatchObject({
      discountTotal: 1000,
      total: 3499,
    });
    expect(price(applied({ type: 'fixed', value: 99_999 }))).toMatchObject({ discountTotal: 4499, total: 0 });
  });

  it.each([
    ['expired', { endsAt: '2026-11-22T09:59:59.000Z' }, 'has expired'],
    ['not started', { startsAt: '2026-11-22T10:00:01.000Z' }, 'has not started'],
    ['used up', { usageLimit: 3, timesUsed: 3 }, 'is used up'],
    ['below its minimum', { minSubtotal: 4500 }, 'needs goods worth at least 4500'],
  ])('is refused with 409 when %s, and left out of a view', (_case, terms, detail) => {
    expect(() => price(applied(terms, true))).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => price(applied(terms, true))).toThrow(detail);
    const cart = price(applied(terms));
    expect(cart).toMatchObject({ discountTotal: 0, total: 4499 });
    expect(cart).not.toHaveProperty('promotionCode');
  });

  it('applies at its exact minimum and until just before it ends', () => {
    expect(price(applied({ minSubtotal: 4499, endsAt: '2026-11-22T10:00:00.001Z' }, true))).toMatchObject({
      discountTotal: 450,
    });
  });

  it('is refused with 404 for a code the store does not have, and with 409 at checkout', () => {
    const unknown = (mode: 'apply' | 'checkout' | 'view') =>
      priceCart(lines, products, undefined, undefined, {
        promotion: { code: 'NOPE', promotion: undefined, mode },
        now,
      });
    expect(() => unknown('apply')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => unknown('checkout')).toThrow(expect.objectContaining({ status: 409 }));
    expect(unknown('view')).toMatchObject({ discountTotal: 0, total: 4499 });
  });
});

describe("the cart's code", () => {
  it('is kept upper case, and taken off by DELETE', () => {
    const cart = setPromotionCode(emptyCart('u1'), 'welcome10', now);
    expect(cart).toMatchObject({ promotionCode: 'WELCOME10', version: 1 });
    const without = removePromotionCode(cart, now);
    expect(without).not.toHaveProperty('promotionCode');
    expect(removePromotionCode(without as NonNullable<typeof without>, now)).toBeUndefined();
  });

  it('leaves the cart with the order that used it, and stays when that order is rejected', () => {
    const cart = { ...setPromotionCode(emptyCart('u1'), 'TEN', now), lines };
    const priced = price(applied());
    const checkedOut = startCheckout(cart, 'o-1', priced, undefined, now);

    expect(settleOrder(checkedOut, 'o-1', 'REJECTED', now, 'TEN')).toMatchObject({ promotionCode: 'TEN' });
    // An order priced without it (the customer entered it after checking out) leaves it.
    expect(settleOrder(checkedOut, 'o-1', 'CONFIRMED', now)).toMatchObject({ promotionCode: 'TEN' });
    const confirmed = settleOrder(checkedOut, 'o-1', 'CONFIRMED', now, 'TEN');
    expect(confirmed).not.toHaveProperty('promotionCode');
    expect(confirmed?.lines).toEqual([]);
  });
});
