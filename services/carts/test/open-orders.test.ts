import { ConflictError, HttpError } from '@shop/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cart,
  emptyCart,
  type OrderProgress,
  setQuantity,
  settleOrder,
  startCheckout,
} from '../src/domain/cart.ts';
import {
  type CheckoutLimits,
  CheckoutRefusedError,
  DEFAULT_CHECKOUT_LIMITS,
  FORGET_IN_FLIGHT_DAYS,
  openOrders,
  openUnits,
} from '../src/domain/open-orders.ts';
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
  revision: 1,
};
const catalog = new Map([lamp, shade].map((product) => [product.productId, product]));
const start = new Date('2026-11-22T10:00:00.000Z');
const minutes = (count: number) => new Date(start.getTime() + count * 60_000);

const withLines = (cart: Cart, quantities: Partial<Record<'lamp' | 'shade', number>>, now = start) => {
  let next = cart;
  for (const product of [lamp, shade]) {
    const quantity = quantities[product.productId as 'lamp' | 'shade'];
    if (quantity) next = setQuantity(next, product, quantity, priceCart(next.lines, catalog), now);
  }
  return next;
};
const checkout = (
  cart: Cart,
  orderId: string,
  limits: CheckoutLimits = DEFAULT_CHECKOUT_LIMITS,
  now = start,
) => startCheckout(cart, orderId, priceCart(cart.lines, catalog), limits, now);
const refusal = (act: () => unknown): CheckoutRefusedError | undefined => {
  try {
    act();
  } catch (error) {
    if (error instanceof CheckoutRefusedError) return error;
    throw error;
  }
  return undefined;
};

/** A cart whose customer placed `count` orders of one lamp each, all confirmed and not shipped. */
function withConfirmedOrders(count: number): Cart {
  let cart = emptyCart('u1');
  for (let index = 1; index <= count; index += 1) {
    cart = checkout(withLines(cart, { lamp: 1 }), `o-${index}`);
    cart = settleOrder(cart, `o-${index}`, 'CONFIRMED', start) as Cart;
  }
  return cart;
}

describe('one checkout in flight per cart', () => {
  it('refuses a second checkout while the first is in flight, with a 409 naming the order', () => {
    const cart = checkout(withLines(emptyCart('u1'), { lamp: 1 }), 'o-1');

    const refused = refusal(() => checkout(cart, 'o-2', DEFAULT_CHECKOUT_LIMITS, minutes(1)));

    expect(refused).toMatchObject({
      status: 409,
      title: 'Checkout in progress',
      limit: 'checkout-in-flight',
    });
    expect(refused?.type).toMatch(/\/checkout-in-flight$/);
    expect(refused?.detail).toContain('o-1');
  });

  it('lets the next checkout through once the first is confirmed, rejected or cancelled', () => {
    for (const progress of ['CONFIRMED', 'REJECTED', 'CANCELLED'] as const) {
      const cart = checkout(withLines(emptyCart('u1'), { lamp: 1 }), 'o-1');
      const settled = withLines(settleOrder(cart, 'o-1', progress, start) as Cart, { lamp: 1 });

      expect(checkout(settled, 'o-2').checkouts.map((entry) => entry.orderId)).toEqual(['o-2']);
    }
  });

  it('stops counting a checkout in flight for longer than the bound, so a lost order cannot lock the customer out', () => {
    const limits = { ...DEFAULT_CHECKOUT_LIMITS, inFlightMinutes: 60 };
    const cart = checkout(withLines(emptyCart('u1'), { lamp: 1 }), 'o-lost', limits);

    expect(refusal(() => checkout(cart, 'o-2', limits, minutes(59)))?.limit).toBe('checkout-in-flight');
    const next = checkout(cart, 'o-2', limits, minutes(60));

    expect(openOrders(next, limits, minutes(60)).map((order) => order.orderId)).toEqual(['o-2']);
    // It is kept, so a late confirmation still takes its lines out of the cart and counts it again.
    const late = settleOrder(next, 'o-lost', 'CONFIRMED', minutes(61)) as Cart;
    expect(late.openOrders.map((order) => order.orderId)).toEqual(['o-lost']);
  });

  it('forgets a checkout in flight after two weeks, when no event about it can still come', () => {
    const cart = checkout(withLines(emptyCart('u1'), { lamp: 1 }), 'o-lost');
    const later = minutes(FORGET_IN_FLIGHT_DAYS * 24 * 60);

    expect(
      checkout(cart, 'o-2', DEFAULT_CHECKOUT_LIMITS, later).checkouts.map((entry) => entry.orderId),
    ).toEqual(['o-2']);
  });
});

describe('open orders per customer', () => {
  it('refuses the sixth open order with a 409 naming the limit, and takes one once an order ships or is cancelled', () => {
    const cart = withLines(withConfirmedOrders(5), { shade: 1 });

    const refused = refusal(() => checkout(cart, 'o-6'));

    expect(refused).toMatchObject({ status: 409, limit: 'open-orders-limit' });
    expect(refused?.detail).toMatch(/5 open orders.*at most 5/);
    for (const progress of ['SHIPPED', 'CANCELLED'] as const) {
      const freed = settleOrder(cart, 'o-3', progress, start) as Cart;
      expect(checkout(freed, 'o-6').checkouts.map((entry) => entry.orderId)).toEqual(['o-6']);
    }
  });

  it('counts a checkout in flight as an open order', () => {
    const limits = { ...DEFAULT_CHECKOUT_LIMITS, maxOpenOrders: 2 };
    const cart = checkout(withLines(withConfirmedOrders(1), { lamp: 1 }), 'o-2', limits);

    expect(openOrders(cart, limits, start)).toHaveLength(2);
    const afterInFlight = withLines(settleOrder(cart, 'o-2', 'CONFIRMED', start) as Cart, { lamp: 1 });
    expect(refusal(() => checkout(afterInFlight, 'o-3', limits))?.limit).toBe('open-orders-limit');
  });

  it('takes its limit from the stage', () => {
    const limits = { ...DEFAULT_CHECKOUT_LIMITS, maxOpenOrders: 1 };
    const cart = withLines(withConfirmedOrders(1), { shade: 1 });
    expect(refusal(() => checkout(cart, 'o-2', limits))?.limit).toBe('open-orders-limit');
    expect(checkout(cart, 'o-2').checkouts).toHaveLength(1);
  });
});

describe('units of one product on open orders', () => {
  it('refuses a checkout that would put more than the limit of one product on open orders, naming the product', () => {
    let cart = checkout(withLines(emptyCart('u1'), { lamp: 15 }), 'o-1');
    cart = settleOrder(cart, 'o-1', 'CONFIRMED', start) as Cart;

    const refused = refusal(() => checkout(withLines(cart, { lamp: 6 }), 'o-2'));

    expect(refused).toMatchObject({ status: 409, limit: 'open-units-limit' });
    expect(refused?.detail).toMatch(/20 units of "Desk Lamp".*15 already.*asks for 6/);
    expect(
      openUnits(checkout(withLines(cart, { lamp: 5, shade: 20 }), 'o-2'), DEFAULT_CHECKOUT_LIMITS, start),
    ).toEqual(
      new Map([
        ['lamp', 20],
        ['shade', 20],
      ]),
    );
  });

  it('refuses one checkout of more units than the limit, with no other order open', () => {
    expect(refusal(() => checkout(withLines(emptyCart('u1'), { lamp: 21 }), 'o-1'))?.limit).toBe(
      'open-units-limit',
    );
  });
});

// The fates an order can have, as the order service moves it (API.md's status machine); each event of
// its fate reaches carts any number of times, in any order.
const fates: OrderProgress[][] = [
  ['REJECTED'],
  ['CANCELLED'],
  ['CONFIRMED'],
  ['CONFIRMED', 'SHIPPED'],
  ['CONFIRMED', 'CANCELLED'],
];
const closing = new Set<OrderProgress>(['REJECTED', 'CANCELLED', 'SHIPPED']);

type Step =
  | { kind: 'checkout'; lamp: number; shade: number; fate: number }
  | { kind: 'deliver'; order: number; event: number }
  | { kind: 'wait'; minutes: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('checkout' as const),
    lamp: fc.integer({ min: 0, max: 2 }),
    shade: fc.integer({ min: 0, max: 2 }),
    // Mostly orders that stay open (confirmed, not shipped), so the limits are reached often.
    fate: fc.oneof({ weight: 3, arbitrary: fc.constant(2) }, fc.nat(fates.length - 1)),
  }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('deliver' as const), order: fc.nat(3), event: fc.nat(1) }),
  },
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 0, max: 40 }) }),
);

const HOUR_MS = 60 * 60_000;

describe('the limits under any order of events', () => {
  it('never let a customer hold more than the limits, never reopen a closed order, and free the customer once every order is settled', () => {
    const limits: CheckoutLimits = { maxOpenOrders: 3, maxUnitsPerProduct: 5, inFlightMinutes: 60 };
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80, size: 'max' }), (steps) => {
        let cart = emptyCart('u1');
        let now = start;
        const placed: Array<{ orderId: string; fate: OrderProgress[] }> = [];
        const closed = new Set<string>();
        // Orders confirmed after their checkout had stopped counting (stuck past the bound): they count
        // again, and may take the customer over a limit until they ship; no checkout could do that.
        const late = new Set<string>();
        const check = () => {
          // Counted here from the cart itself, not with the functions under test.
          const live = cart.checkouts.filter((entry) => now.getTime() - Date.parse(entry.at) < HOUR_MS);
          expect(live.length).toBeLessThanOrEqual(1);
          const counted = [...live, ...cart.openOrders.filter((order) => !late.has(order.orderId))];
          expect(counted.length).toBeLessThanOrEqual(limits.maxOpenOrders);
          for (const productId of ['lamp', 'shade']) {
            const units = counted
              .flatMap((order) => order.lines)
              .filter((line) => line.productId === productId)
              .reduce((sum, line) => sum + line.quantity, 0);
            expect(units).toBeLessThanOrEqual(limits.maxUnitsPerProduct);
          }
          const held = [...cart.checkouts, ...cart.openOrders].map((order) => order.orderId);
          expect(new Set(held).size).toBe(held.length);
          for (const orderId of held) expect(closed.has(orderId)).toBe(false);
        };
        for (const next of steps) {
          if (next.kind === 'wait') now = new Date(now.getTime() + next.minutes * 60_000);
          if (next.kind === 'checkout') {
            const filled = withLines(cart, { lamp: next.lamp, shade: next.shade }, now);
            const orderId = `o-${placed.length + 1}`;
            try {
              cart = checkout(filled, orderId, limits, now);
              placed.push({ orderId, fate: fates[next.fate] as OrderProgress[] });
            } catch (error) {
              // Refused by a limit, or (nothing in the cart) as empty: both are 409s, nothing changes.
              expect(error).toBeInstanceOf(error instanceof CheckoutRefusedError ? HttpError : ConflictError);
              expect((error as HttpError).status).toBe(409);
              cart = filled;
            }
          }
          if (next.kind === 'deliver' && placed.length > 0) {
            // `order` counts back from the latest order: mostly the latest ones get their events.
            const order = placed[placed.length - 1 - (next.order % placed.length)] as (typeof placed)[number];
            const progress = order.fate[next.event % order.fate.length] as OrderProgress;
            const stuck = cart.checkouts.find((entry) => entry.orderId === order.orderId);
            if (progress === 'CONFIRMED' && stuck && now.getTime() - Date.parse(stuck.at) >= HOUR_MS)
              late.add(order.orderId);
            cart = settleOrder(cart, order.orderId, progress, now) ?? cart;
            if (closing.has(progress)) closed.add(order.orderId);
          }
          check();
        }
        // Every order reaches its end (a confirmed one ships): nothing holds the customer back any more.
        for (const order of placed) {
          for (const progress of [...order.fate, 'SHIPPED' as const])
            cart = settleOrder(cart, order.orderId, progress, now) ?? cart;
        }
        expect(openOrders(cart, limits, now)).toEqual([]);
        const again = checkout(withLines(cart, { lamp: 1 }, now), 'o-last', limits, now);
        expect(again.checkouts.map((entry) => entry.orderId)).toContain('o-last');
      }),
      { numRuns: 500 },
    );
  });
});
