import { type OrderStatus, orderStatus } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import {
  canMove,
  causedEventId,
  holdsNoStock,
  InvalidTransitionError,
  linesToReserve,
  move,
  newOrder,
  rejectionOfRefusal,
  reservedAtOrderPrices,
  snapshotOf,
  toOrderView,
} from '../src/domain/order.ts';
import { checkout } from './fixtures.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

const allowed: Array<[OrderStatus, OrderStatus]> = [
  ['PENDING', 'CONFIRMED'],
  ['PENDING', 'REJECTED'],
  ['PENDING', 'CANCELLED'],
  ['CONFIRMED', 'SHIPPED'],
  ['CONFIRMED', 'CANCELLED'],
  ['SHIPPED', 'DELIVERED'],
];

describe('the order status machine', () => {
  it('allows exactly the moves of API.md and nothing else', () => {
    for (const from of orderStatus.options) {
      for (const to of orderStatus.options) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect(canMove(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('refuses cancelling from SHIPPED, DELIVERED, REJECTED and CANCELLED with a 409', () => {
    for (const from of ['SHIPPED', 'DELIVERED', 'REJECTED', 'CANCELLED'] as const) {
      const order = { ...newOrder(checkout('o-1', 'u-1'), at(0)), status: from };
      const refused = (() => {
        try {
          move(order, 'CANCELLED', { at: at(1) });
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(InvalidTransitionError);
      expect((refused as InvalidTransitionError).status).toBe(409);
    }
  });

  it('counts only REJECTED and CANCELLED orders as holding no stock', () => {
    expect(orderStatus.options.filter(holdsNoStock)).toEqual(['REJECTED', 'CANCELLED']);
  });
});

describe('a new order', () => {
  it('is PENDING with the checkout lines, total, address and one history entry', () => {
    const request = checkout('o-1', 'u-1', { correlationId: 'corr-1' });

    const order = newOrder(request, at(0));

    expect(order).toMatchObject({
      orderId: 'o-1',
      storeId: 'main',
      userId: 'u-1',
      status: 'PENDING',
      total: 5500,
      currency: 'USD',
      paymentMethod: 'card_ok',
      correlationId: 'corr-1',
      checkoutAt: request.occurredAt,
      createdAt: at(0).toISOString(),
      history: [{ status: 'PENDING', at: at(0).toISOString() }],
    });
    // A line from before variants is its product's one variant: the product's id as id and SKU.
    expect(order.items).toEqual(
      request.data.lines.map((line) => ({
        ...line,
        variantId: line.productId,
        sku: line.productId,
        options: {},
        // A checkout from before issue 17 carries no line money: no discount, no tax.
        discount: 0,
        tax: 0,
        lineTotal: line.quantity * line.unitPrice,
      })),
    );
  });
});

describe('moving an order', () => {
  it('appends to the history, sets the reason and answers the change to write conditionally', () => {
    const order = newOrder(checkout('o-1', 'u-1'), at(0));

    const { order: rejected, change } = move(order, 'REJECTED', { at: at(2), reason: 'PAYMENT_DECLINED' });

    expect(rejected.status).toBe('REJECTED');
    expect(rejected.reason).toBe('PAYMENT_DECLINED');
    expect(rejected.updatedAt).toBe(at(2).toISOString());
    expect(rejected.history).toEqual([
      { status: 'PENDING', at: at(0).toISOString() },
      { status: 'REJECTED', at: at(2).toISOString(), reason: 'PAYMENT_DECLINED' },
    ]);
    expect(change).toEqual({
      orderId: 'o-1',
      storeId: 'main',
      userId: 'u-1',
      from: 'PENDING',
      to: 'REJECTED',
      at: at(2).toISOString(),
      reason: 'PAYMENT_DECLINED',
    });
    expect(order.status).toBe('PENDING');
  });

  it('shows the API exactly the fields of API.md, none of the saga’s own', () => {
    const { order } = move(newOrder(checkout('o-1', 'u-1'), at(0)), 'CONFIRMED', {
      at: at(1),
      payment: { authorizationId: 'auth-1', status: 'AUTHORIZED' },
    });

    expect(Object.keys(toOrderView(order)).sort()).toEqual(
      [
        'orderId',
        'storeId',
        'userId',
        'status',
        'items',
        'total',
        'subtotal',
        'discountTotal',
        'shippingTotal',
        'taxTotal',
        'currency',
        'shippingAddress',
        'createdAt',
        'updatedAt',
        'history',
        // v1.1: [] and 0 for an order without returns.
        'returns',
        'refundedTotal',
      ].sort(),
    );
    expect(snapshotOf(order)).toEqual({
      storeId: 'main',
      orderId: 'o-1',
      userId: 'u-1',
      status: 'CONFIRMED',
      items: order.items,
      total: 5500,
      subtotal: 5500,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      currency: 'USD',
      updatedAt: at(1).toISOString(),
    });
  });
});

describe('the price the customer saw', () => {
  const order = newOrder(checkout('o-1', 'u-1'), at(0));

  it('goes with every line to the reservation', () => {
    expect(linesToReserve(order)).toEqual([
      { productId: 'p-lamp', quantity: 3, unitPrice: 1000 },
      { productId: 'p-shade', quantity: 1, unitPrice: 2500 },
    ]);
  });

  it('turns a refusal for a changed price into PRICE_CHANGED and every other refusal into OUT_OF_STOCK', () => {
    expect(rejectionOfRefusal('PRICE_CHANGED')).toBe('PRICE_CHANGED');
    for (const reason of ['OUT_OF_STOCK', 'TOO_MANY_LINES', 'RELEASED'] as const)
      expect(rejectionOfRefusal(reason)).toBe('OUT_OF_STOCK');
  });

  it('is held by a reservation that proves it, or by one that proves no price at all', () => {
    const lines = (lamp?: number) => [
      { productId: 'p-lamp', quantity: 3, ...(lamp === undefined ? {} : { unitPrice: lamp }) },
      { productId: 'p-shade', quantity: 1 },
    ];
    expect(reservedAtOrderPrices(order, { lines: lines(1000), currency: 'USD' })).toBe(true);
    expect(reservedAtOrderPrices(order, { lines: lines() })).toBe(true);
    expect(reservedAtOrderPrices(order, { lines: lines(999), currency: 'USD' })).toBe(false);
    expect(reservedAtOrderPrices(order, { lines: lines(1000), currency: 'EUR' })).toBe(false);
  });
});

describe('ids of events caused without a state change', () => {
  it('are stable per cause and purpose, UUID-shaped, and differ between causes', () => {
    const id = causedEventId('release', 'event-1');
    expect(causedEventId('release', 'event-1')).toBe(id);
    expect(causedEventId('release', 'event-2')).not.toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
