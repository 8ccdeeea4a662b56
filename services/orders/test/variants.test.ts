import { stockReserved } from '@shop/contracts';
import { createEvent } from '@shop/events';
import { describe, expect, it } from 'vitest';
import { simulatedPaymentProvider } from '../src/adapters/simulated-payment-provider.ts';
import { linesToReserve, newOrder, reservedAtOrderPrices, toOrderView } from '../src/domain/order.ts';
import { reservationRequest, statusEvent } from '../src/domain/order-events.ts';
import { orderSaga } from '../src/domain/order-saga.ts';
import { variantCheckout } from './fixtures.ts';
import { memoryOrderStore } from './memory-order-store.ts';

// Issue 16: an order's lines are variants, and their stock is reserved per variant.

const at = new Date(Date.UTC(2026, 11, 1, 12));
const order = newOrder(variantCheckout('o-1', 'u-1'), at);
const mediumBlue = {
  productId: 'p-shirt',
  name: 'T-shirt',
  variantId: 'p-shirt_v3',
  sku: 'TS-M-BLUE',
  options: { Size: 'M', Colour: 'Blue' },
  quantity: 2,
  unitPrice: 1600,
};

describe("an order's items", () => {
  it("carry each variant's id, SKU and options, and a product's one variant as the product", () => {
    // Lines from a checkout before issue 17: no discount, no tax, lineTotal = quantity × unitPrice.
    const expected = [
      { ...mediumBlue, discount: 0, tax: 0, lineTotal: 3200 },
      {
        ...mediumBlue,
        variantId: 'p-shirt_v4',
        sku: 'TS-M-BLACK',
        options: { Size: 'M', Colour: 'Black' },
        quantity: 1,
        unitPrice: 1610,
        discount: 0,
        tax: 0,
        lineTotal: 1610,
      },
      {
        productId: 'p-lamp',
        name: 'Lamp',
        variantId: 'p-lamp',
        sku: 'p-lamp',
        options: {},
        quantity: 2,
        unitPrice: 4999,
        discount: 0,
        tax: 0,
        lineTotal: 9998,
      },
    ];

    expect(order.items).toEqual(expected);
    expect(toOrderView(order).items).toEqual(expected);
    // What the emails and the carts read.
    expect(statusEvent(order).data).toMatchObject({ items: expected });
  });
});

describe('the reservation request', () => {
  it('names the variant of every line, and leaves a product’s own one variant as before variants', () => {
    const expected = [
      { productId: 'p-shirt', variantId: 'p-shirt_v3', quantity: 2, unitPrice: 1600 },
      { productId: 'p-shirt', variantId: 'p-shirt_v4', quantity: 1, unitPrice: 1610 },
      { productId: 'p-lamp', quantity: 2, unitPrice: 4999 },
    ];

    expect(linesToReserve(order)).toEqual(expected);
    expect(reservationRequest(order)).toMatchObject({
      type: 'StockReservationRequested',
      data: { orderId: 'o-1', lines: expected, currency: 'USD' },
    });
  });

  it('goes out once the saga places the order', async () => {
    const store = memoryOrderStore();
    const saga = orderSaga({ store, payments: simulatedPaymentProvider() });

    await saga.placeOrder(variantCheckout('o-2', 'u-1'));

    const request = store.sent.find((event) => event.type === 'StockReservationRequested');
    expect(request?.data).toMatchObject({
      lines: [
        { productId: 'p-shirt', variantId: 'p-shirt_v3', quantity: 2 },
        { productId: 'p-shirt', variantId: 'p-shirt_v4', quantity: 1 },
        { productId: 'p-lamp', quantity: 2 },
      ],
    });
  });
});

describe("a reservation's prices", () => {
  const reply = (blue: number, black: number, lamp: { variantId?: string } = {}) => ({
    currency: 'USD',
    lines: [
      { productId: 'p-shirt', variantId: 'p-shirt_v3', quantity: 2, unitPrice: blue },
      { productId: 'p-shirt', variantId: 'p-shirt_v4', quantity: 1, unitPrice: black },
      { productId: 'p-lamp', ...lamp, quantity: 2, unitPrice: 4999 },
    ],
  });

  it("are matched to the order's items by variant, so two variants of one product keep their own prices", () => {
    expect(reservedAtOrderPrices(order, reply(1600, 1610))).toBe(true);
    expect(reservedAtOrderPrices(order, reply(1600, 1610, { variantId: 'p-lamp' }))).toBe(true);
    expect(reservedAtOrderPrices(order, reply(1610, 1600))).toBe(false);
    expect(reservedAtOrderPrices(order, reply(1600, 1500))).toBe(false);
  });

  it('are matched by product for a reply line that names no variant', () => {
    const byProduct = (unitPrice: number) => ({
      lines: [{ productId: 'p-shirt', quantity: 3, unitPrice }],
    });

    // One price cannot prove two: the product's items differ.
    expect(reservedAtOrderPrices(order, byProduct(1600))).toBe(false);
    expect(
      reservedAtOrderPrices(newOrder(variantCheckout('o-3', 'u-1'), at), {
        lines: [{ productId: 'p-lamp', quantity: 2, unitPrice: 4999 }],
      }),
    ).toBe(true);
  });

  it('confirm the order when every variant was reserved at its price, and reject it PRICE_CHANGED when one was not', async () => {
    const store = memoryOrderStore();
    const saga = orderSaga({ store, payments: simulatedPaymentProvider() });
    await saga.placeOrder(variantCheckout('o-ok', 'u-1'));
    await saga.placeOrder(variantCheckout('o-stale', 'u-1'));
    const replyFor = (orderId: string, black: number) =>
      createEvent(
        stockReserved,
        { orderId, ...reply(1600, black) },
        { source: 'products', correlationId: `checkout-${orderId}` },
      );

    await saga.stockReserved(replyFor('o-ok', 1610));
    await saga.stockReserved(replyFor('o-stale', 1700));

    expect(store.orders.get('o-ok')?.status).toBe('CONFIRMED');
    expect(store.orders.get('o-stale')).toMatchObject({ status: 'REJECTED', reason: 'PRICE_CHANGED' });
  });
});
