import { createEvent } from '@shop/events';
import { describe, expect, it } from 'vitest';
import {
  inventoryEvents,
  inventoryRequests,
  MAX_RESERVATION_LINES,
  productEvents,
  rejectionReason,
  storeOf,
} from '../src/index.ts';

describe('the inventory messages', () => {
  it('carry a reservation request and its replies in the shared envelope', () => {
    const request = createEvent(
      inventoryEvents.stockReservationRequested,
      { orderId: 'o-1', lines: [{ productId: 'p-1', quantity: 2 }] },
      { source: 'orders' },
    );
    expect(request).toMatchObject({ type: 'StockReservationRequested', version: 1, source: 'orders' });
    const failed = createEvent(
      inventoryEvents.stockReservationFailed,
      {
        orderId: 'o-1',
        reason: 'OUT_OF_STOCK',
        shortLines: [{ productId: 'p-1', requested: 2, available: 1 }],
      },
      { source: 'products', correlationId: request.correlationId },
    );
    expect(failed.correlationId).toBe(request.id);
    expect(inventoryRequests.map((definition) => definition.type)).toEqual([
      'StockReservationRequested',
      'StockReleaseRequested',
    ]);
  });

  it('refuse a zero quantity, an empty order, and a failure reason nobody handles', () => {
    const { stockReservationRequested, stockReservationFailed } = inventoryEvents;
    expect(stockReservationRequested.data.safeParse({ orderId: 'o', lines: [] }).success).toBe(false);
    expect(
      stockReservationRequested.data.safeParse({ orderId: 'o', lines: [{ productId: 'p', quantity: 0 }] })
        .success,
    ).toBe(false);
    expect(
      stockReservationFailed.data.safeParse({ orderId: 'o', reason: 'BORED', shortLines: [] }).success,
    ).toBe(false);
  });

  it('carry the price the customer saw to the reservation, and a price refusal with the catalog price', () => {
    const { stockReservationRequested, stockReserved, stockReservationFailed } = inventoryEvents;
    const request = stockReservationRequested.data.parse({
      orderId: 'o-1',
      lines: [{ productId: 'p-1', quantity: 2, unitPrice: 1999 }],
      currency: 'EUR',
    });
    expect(request).toEqual({
      orderId: 'o-1',
      lines: [{ productId: 'p-1', quantity: 2, unitPrice: 1999 }],
      currency: 'EUR',
    });
    // A request from before prices (and stores) were sent stays valid, is main's, and no currency is made up for it.
    const old = stockReservationRequested.data.parse({
      orderId: 'o-1',
      lines: [{ productId: 'p-1', quantity: 2 }],
    });
    expect(old).toEqual({ orderId: 'o-1', lines: [{ productId: 'p-1', quantity: 2 }] });
    expect(storeOf(old)).toBe('main');
    expect(
      stockReservationRequested.data.parse({
        storeId: 'berlin',
        orderId: 'o-1',
        lines: [{ productId: 'p-1', quantity: 2 }],
      }).storeId,
    ).toBe('berlin');
    expect(
      stockReservationRequested.data.safeParse({
        storeId: 'Berlin!',
        orderId: 'o-1',
        lines: [{ productId: 'p-1', quantity: 2 }],
      }).success,
    ).toBe(false);
    expect(
      stockReserved.data.parse({
        orderId: 'o-1',
        lines: [{ productId: 'p-1', quantity: 2, unitPrice: 1999 }],
      }).lines[0]?.unitPrice,
    ).toBe(1999);
    const refused = stockReservationFailed.data.parse({
      orderId: 'o-1',
      reason: 'PRICE_CHANGED',
      shortLines: [],
      changedPrices: [
        { productId: 'p-1', orderedUnitPrice: 1999, unitPrice: 2499, currency: 'EUR', revision: 4 },
      ],
    });
    expect(refused.changedPrices?.[0]).toMatchObject({ unitPrice: 2499, revision: 4 });
    expect(rejectionReason.options).toContain('PRICE_CHANGED');
  });

  it('refuse a price that is not integer minor units, and a currency that is not ISO 4217', () => {
    const { stockReservationRequested } = inventoryEvents;
    const line = { productId: 'p-1', quantity: 1 };
    for (const unitPrice of [19.99, -1, '1999'])
      expect(
        stockReservationRequested.data.safeParse({ orderId: 'o', lines: [{ ...line, unitPrice }] }).success,
      ).toBe(false);
    expect(
      stockReservationRequested.data.safeParse({ orderId: 'o', lines: [line], currency: 'usd' }).success,
    ).toBe(false);
  });

  it('leave room in one transaction for the reservation record and the reply', () => {
    expect(MAX_RESERVATION_LINES + 2).toBe(100);
  });

  it('describe a product change with its revision and deletion flag', () => {
    const parsed = productEvents.productChanged.data.parse({
      productId: 'p-1',
      name: 'Lamp',
      description: '',
      category: 'lighting',
      price: 100,
      currency: 'USD',
      stock: 0,
      deleted: true,
      revision: 3,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(parsed.deleted).toBe(true);
  });
});
