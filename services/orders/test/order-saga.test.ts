import { describe, expect, it, vi } from 'vitest';
import { simulatedPaymentProvider } from '../src/adapters/simulated-payment-provider.ts';
import { orderCommands } from '../src/domain/order-commands.ts';
import { type OrderMetrics, OrderNotYetPlacedError, orderSaga } from '../src/domain/order-saga.ts';
import { checkout, released, reservationFailed, reserved } from './fixtures.ts';
import { memoryOrderStore } from './memory-order-store.ts';

const alice = { userId: 'u-alice', storeId: 'main', admin: false };
const bob = { userId: 'u-bob', storeId: 'main', admin: false };
const admin = { userId: 'u-admin', storeId: 'main', admin: true };

/** The saga and the route commands over one in-memory store, as the service runs them. */
function ordersInMemory() {
  const store = memoryOrderStore();
  const payments = simulatedPaymentProvider();
  const refund = vi.spyOn(payments, 'refund');
  const metrics = { confirmed: vi.fn(), rejected: vi.fn() } satisfies OrderMetrics;
  return {
    store,
    payments,
    refund,
    metrics,
    saga: orderSaga({ store, payments, metrics }),
    commands: orderCommands({ store }),
  };
}

const types = (events: Array<{ type: string }>) => events.map((event) => event.type);

describe('placing an order from a checkout', () => {
  it('creates it PENDING once, with OrderPlaced and one reservation request carrying the checkout’s correlation id', async () => {
    const { saga, store } = ordersInMemory();
    const request = checkout('o-1', alice.userId, { correlationId: 'corr-1' });

    expect(await saga.placeOrder(request)).toBe(true);
    expect(await saga.placeOrder(request)).toBe(false);
    expect(await saga.placeOrder(checkout('o-1', alice.userId))).toBe(false);

    expect(store.orders.get('o-1')?.status).toBe('PENDING');
    expect(types(store.sent)).toEqual(['OrderPlaced', 'StockReservationRequested']);
    expect(store.sent.every((event) => event.correlationId === 'corr-1')).toBe(true);
    // Each line at the price the customer saw: products reserves only at exactly that price.
    expect(store.sent[1]?.data).toEqual({
      storeId: 'main',
      orderId: 'o-1',
      lines: [
        { productId: 'p-lamp', quantity: 3, unitPrice: 1000 },
        { productId: 'p-shade', quantity: 1, unitPrice: 2500 },
      ],
      currency: 'USD',
    });
  });
});

describe('the stock replies', () => {
  it('confirms once when two copies of one reply are handled at the same moment, refunding nothing', async () => {
    // Without an idempotency record both copies read PENDING and authorize (the provider answers one
    // authorization per order); the one that loses the write must not refund the winner's authorization.
    const { saga, store, refund } = ordersInMemory();
    await saga.placeOrder(checkout('o-twin', alice.userId));
    const reply = reserved('o-twin');

    await Promise.all([saga.stockReserved(reply), saga.stockReserved(reply)]);

    const order = store.orders.get('o-twin');
    expect(order?.status).toBe('CONFIRMED');
    expect(order?.payment?.status).toBe('AUTHORIZED');
    expect(refund).not.toHaveBeenCalled();
    expect(types(store.sent)).toEqual(['OrderPlaced', 'StockReservationRequested', 'OrderConfirmed']);
  });

  it('confirms a reserved order whose card authorizes, keeping the authorization, and counts it', async () => {
    const { saga, store, metrics } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));

    await saga.stockReserved(reserved('o-1'));

    const order = store.orders.get('o-1');
    expect(order?.status).toBe('CONFIRMED');
    expect(order?.payment).toEqual({
      authorizationId: expect.stringMatching(/^auth_/),
      status: 'AUTHORIZED',
    });
    expect(types(store.sent).at(-1)).toBe('OrderConfirmed');
    expect(metrics.confirmed).toHaveBeenCalledOnce();
  });

  it('rejects a reserved order whose card declines as PAYMENT_DECLINED and asks for its stock back', async () => {
    const { saga, store, metrics } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId, { paymentMethod: 'card_declined' }));

    await saga.stockReserved(reserved('o-1'));

    expect(store.orders.get('o-1')).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    expect(types(store.sent)).toEqual([
      'OrderPlaced',
      'StockReservationRequested',
      'OrderRejected',
      'StockReleaseRequested',
    ]);
    expect(metrics.rejected).toHaveBeenCalledWith('PAYMENT_DECLINED');
  });

  it('rejects an order whose reservation failed as OUT_OF_STOCK, asking for nothing back', async () => {
    const { saga, store } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));

    await saga.stockReservationFailed(reservationFailed('o-1'));

    expect(store.orders.get('o-1')).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK' });
    expect(types(store.sent)).not.toContain('StockReleaseRequested');
  });

  it('rejects an order priced from a stale read model as PRICE_CHANGED, holding nothing and charging nothing', async () => {
    const { saga, store, metrics, payments } = ordersInMemory();
    const authorize = vi.spyOn(payments, 'authorize');
    await saga.placeOrder(checkout('o-1', alice.userId));

    await saga.stockReservationFailed(reservationFailed('o-1', 'PRICE_CHANGED'));
    await saga.stockReservationFailed(reservationFailed('o-1', 'PRICE_CHANGED'));

    const order = store.orders.get('o-1');
    expect(order).toMatchObject({ status: 'REJECTED', reason: 'PRICE_CHANGED', total: 5500 });
    expect(order?.history.map((entry) => [entry.status, entry.reason])).toEqual([
      ['PENDING', undefined],
      ['REJECTED', 'PRICE_CHANGED'],
    ]);
    expect(types(store.sent)).toEqual(['OrderPlaced', 'StockReservationRequested', 'OrderRejected']);
    expect(store.sent[2]?.data).toMatchObject({ status: 'REJECTED', reason: 'PRICE_CHANGED' });
    expect(authorize).not.toHaveBeenCalled();
    expect(metrics.rejected).toHaveBeenCalledOnce();
    expect(metrics.rejected).toHaveBeenCalledWith('PRICE_CHANGED');
  });

  it('confirms a reservation that proves the order’s own prices', async () => {
    const { saga, store } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));

    await saga.stockReserved(reserved('o-1', undefined, { lamp: 1000, shade: 2500, currency: 'USD' }));

    expect(store.orders.get('o-1')?.status).toBe('CONFIRMED');
  });

  it('never charges a reservation that proves another price than the order’s: PRICE_CHANGED and the stock back', async () => {
    for (const proven of [
      { lamp: 1200, shade: 2500, currency: 'USD' },
      { lamp: 1000, shade: 2500, currency: 'EUR' },
    ]) {
      const { saga, store, payments } = ordersInMemory();
      const authorize = vi.spyOn(payments, 'authorize');
      await saga.placeOrder(checkout('o-1', alice.userId));

      await saga.stockReserved(reserved('o-1', undefined, proven));

      expect(store.orders.get('o-1')).toMatchObject({ status: 'REJECTED', reason: 'PRICE_CHANGED' });
      expect(types(store.sent).slice(2)).toEqual(['OrderRejected', 'StockReleaseRequested']);
      expect(store.sent[3]?.data).toEqual({ storeId: 'main', orderId: 'o-1', reason: 'PRICE_CHANGED' });
      expect(authorize).not.toHaveBeenCalled();
    }
  });

  it('asks products to release a reservation that lands after the order was cancelled, once per reply', async () => {
    const { saga, commands, store } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));
    await commands.cancel('o-1', alice);
    const late = reserved('o-1');

    await saga.stockReserved(late);
    await saga.stockReserved(late);

    expect(store.orders.get('o-1')?.status).toBe('CANCELLED');
    expect(types(store.sent)).toEqual([
      'OrderPlaced',
      'StockReservationRequested',
      'OrderCancelled',
      'StockReleaseRequested',
      'StockReleaseRequested',
    ]);
  });

  it('ignores a repeated reservation for a confirmed order and a refusal after a cancel', async () => {
    const { saga, commands, store } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));
    await saga.stockReserved(reserved('o-1'));
    await saga.stockReserved(reserved('o-1'));
    await saga.placeOrder(checkout('o-2', alice.userId));
    await commands.cancel('o-2', alice);
    await saga.stockReservationFailed(reservationFailed('o-2', 'RELEASED'));
    await saga.stockReleased(released('o-2'));

    expect(store.orders.get('o-1')?.history.map((entry) => entry.status)).toEqual(['PENDING', 'CONFIRMED']);
    expect(store.orders.get('o-2')?.status).toBe('CANCELLED');
  });

  it('fails a reply for an order not placed yet, so the queue redelivers it later', async () => {
    const { saga } = ordersInMemory();
    await expect(saga.stockReserved(reserved('o-unknown'))).rejects.toBeInstanceOf(OrderNotYetPlacedError);
  });
});

/** Order o-1 PENDING, and its owner cancels it while the payment is being authorized. */
async function pendingOrderCancelledDuringAuthorization() {
  const setup = ordersInMemory();
  await setup.saga.placeOrder(checkout('o-1', alice.userId));
  const authorize = setup.payments.authorize.bind(setup.payments);
  vi.spyOn(setup.payments, 'authorize').mockImplementation(async (request) => {
    const answer = await authorize(request);
    await setup.commands.cancel('o-1', alice);
    return answer;
  });
  return setup;
}

describe('a cancel racing the confirmation', () => {
  it('lets the cancel win, voids the authorization made meanwhile and releases the reservation', async () => {
    const { saga, store, refund } = await pendingOrderCancelledDuringAuthorization();

    await saga.stockReserved(reserved('o-1'));

    const order = store.orders.get('o-1');
    expect(order?.status).toBe('CANCELLED');
    expect(order?.history.map((entry) => entry.status)).toEqual(['PENDING', 'CANCELLED']);
    expect(order?.payment).toMatchObject({ status: 'REFUNDED' });
    expect(refund).toHaveBeenCalledOnce();
    expect(types(store.sent)).not.toContain('OrderConfirmed');
    expect(types(store.sent).filter((type) => type === 'StockReleaseRequested').length).toBeGreaterThan(0);
  });
});

describe('a refund cut short', () => {
  it('is finished by the redelivered reply when a cancel overtook the authorization', async () => {
    const { saga, store, refund } = await pendingOrderCancelledDuringAuthorization();
    // The refund is made, but its record fails: the reply's handling fails and the queue redelivers it.
    const record = store.recordPayment.bind(store);
    vi.spyOn(store, 'recordPayment').mockImplementation(async (orderId, payment) => {
      if (payment.status === 'REFUNDED' && refund.mock.calls.length === 1) throw new Error('timeout');
      return record(orderId, payment);
    });

    await expect(saga.stockReserved(reserved('o-1'))).rejects.toThrow('timeout');
    expect(store.orders.get('o-1')?.payment).toMatchObject({ status: 'REFUND_PENDING' });
    await saga.stockReserved(reserved('o-1'));

    expect(store.orders.get('o-1')?.payment).toMatchObject({ status: 'REFUNDED' });
    expect(store.orders.get('o-1')?.status).toBe('CANCELLED');
  });
});

describe('cancel, ship and deliver', () => {
  it('cancels a confirmed order for its owner, releasing the stock and leaving the refund pending', async () => {
    const { saga, commands, store, refund } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));
    await saga.stockReserved(reserved('o-1'));

    const cancelled = await commands.cancel('o-1', alice);

    expect(cancelled).toMatchObject({ status: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER' });
    expect(store.orders.get('o-1')?.payment).toMatchObject({ status: 'REFUND_PENDING' });
    expect(refund).not.toHaveBeenCalled();
    expect(types(store.sent).slice(-2)).toEqual(['OrderCancelled', 'StockReleaseRequested']);
  });

  it('refunds on OrderCancelled once, however often it arrives, and after a crash before the record', async () => {
    const { saga, commands, store, refund } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));
    await saga.stockReserved(reserved('o-1'));
    await commands.cancel('o-1', alice);
    const cancelledEvent = store.sent.find((event) => event.type === 'OrderCancelled') as Parameters<
      typeof saga.orderEnded
    >[0];

    // The first delivery refunds, then dies before recording it; the queue delivers again.
    const record = store.recordPayment.bind(store);
    const recordPayment = vi.spyOn(store, 'recordPayment').mockRejectedValueOnce(new Error('timeout'));
    await expect(saga.orderEnded(cancelledEvent)).rejects.toThrow('timeout');
    expect(store.orders.get('o-1')?.payment).toMatchObject({ status: 'REFUND_PENDING' });
    recordPayment.mockImplementation(record);
    await saga.orderEnded(cancelledEvent);
    await saga.orderEnded(cancelledEvent);

    const payment = store.orders.get('o-1')?.payment;
    expect(payment).toMatchObject({ status: 'REFUNDED', refundId: expect.stringMatching(/^refund_/) });
    // Two calls reached the provider (before and after the crash), answered with one refund; none after.
    expect(refund).toHaveBeenCalledTimes(2);
    const refundIds = await Promise.all(
      refund.mock.results.map(async (result) => (await result.value).refundId),
    );
    expect(new Set(refundIds)).toEqual(new Set([payment?.refundId]));
  });

  it('refunds nothing on OrderCancelled for an order cancelled before its payment', async () => {
    const { saga, commands, store, refund } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));
    await commands.cancel('o-1', alice);
    const cancelledEvent = store.sent.find((event) => event.type === 'OrderCancelled') as Parameters<
      typeof saga.orderEnded
    >[0];

    await saga.orderEnded(cancelledEvent);

    expect(store.orders.get('o-1')?.payment).toBeUndefined();
    expect(refund).not.toHaveBeenCalled();
  });

  it('answers 404 to another customer, and lets an admin see, ship and deliver', async () => {
    const { saga, commands } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId));
    await saga.stockReserved(reserved('o-1'));

    await expect(commands.find('o-1', bob)).rejects.toMatchObject({ status: 404 });
    await expect(commands.cancel('o-1', bob)).rejects.toMatchObject({ status: 404 });
    await expect(commands.deliver('o-1', admin)).rejects.toMatchObject({ status: 409 });
    expect((await commands.ship('o-1', admin)).status).toBe('SHIPPED');
    await expect(commands.cancel('o-1', alice)).rejects.toMatchObject({ status: 409 });
    expect((await commands.deliver('o-1', admin)).status).toBe('DELIVERED');
    expect((await commands.find('o-1', alice)).history.map((entry) => entry.status)).toEqual([
      'PENDING',
      'CONFIRMED',
      'SHIPPED',
      'DELIVERED',
    ]);
  });

  it('refuses every user’s list to a customer (403)', async () => {
    const { commands } = ordersInMemory();
    await expect(commands.list(alice, { scope: 'all', limit: 20 })).rejects.toMatchObject({ status: 403 });
    await expect(commands.list(admin, { scope: 'all', limit: 20 })).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
  });
});

describe('orders in their store', () => {
  it("answers 404 for another store's order to everyone there, its owner and an admin of that store too", async () => {
    const { saga, commands } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId, { storeId: 'berlin' }));
    await saga.stockReserved({ ...reserved('o-1'), data: { ...reserved('o-1').data, storeId: 'berlin' } });

    for (const actor of [alice, admin]) {
      await expect(commands.find('o-1', actor)).rejects.toMatchObject({ status: 404 });
      await expect(commands.cancel('o-1', actor)).rejects.toMatchObject({ status: 404 });
      await expect(commands.ship('o-1', actor)).rejects.toMatchObject({ status: 404 });
    }
    const inBerlin = { ...alice, storeId: 'berlin' };
    expect(await commands.find('o-1', inBerlin)).toMatchObject({ storeId: 'berlin', status: 'CONFIRMED' });
    expect((await commands.ship('o-1', { ...admin, storeId: 'berlin' })).status).toBe('SHIPPED');
  });

  it('lets a reply naming another store than the order decide nothing', async () => {
    const { saga, store } = ordersInMemory();
    await saga.placeOrder(checkout('o-1', alice.userId, { storeId: 'berlin' }));

    await expect(saga.stockReserved(reserved('o-1'))).rejects.toBeInstanceOf(OrderNotYetPlacedError);
    await expect(saga.stockReservationFailed(reservationFailed('o-1'))).rejects.toBeInstanceOf(
      OrderNotYetPlacedError,
    );
    expect(store.orders.get('o-1')?.status).toBe('PENDING');
    expect(types(store.sent)).toEqual(['OrderPlaced', 'StockReservationRequested']);
    expect(store.sent.every((event) => (event.data as { storeId: string }).storeId === 'berlin')).toBe(true);
  });
});

describe('an order with a promotion code', () => {
  function withPromotions(refusal?: 'PROMOTION_USED_UP' | 'PROMOTION_UNAVAILABLE') {
    const store = memoryOrderStore();
    const payments = simulatedPaymentProvider();
    const authorize = vi.spyOn(payments, 'authorize');
    const promotions = { claimFor: vi.fn(async () => refusal), releaseFor: vi.fn(async () => {}) };
    return { store, authorize, promotions, saga: orderSaga({ store, payments, promotions }) };
  }
  const withCode = (orderId: string) => {
    const request = checkout(orderId, alice.userId);
    request.data.promotionCode = 'TEN';
    return request;
  };

  it('counts the use before the payment and confirms', async () => {
    const { saga, store, authorize, promotions } = withPromotions();
    await saga.placeOrder(withCode('o-code'));
    await saga.stockReserved(reserved('o-code'));
    expect(promotions.claimFor).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'o-code' }));
    expect(promotions.claimFor.mock.invocationCallOrder[0]).toBeLessThan(
      authorize.mock.invocationCallOrder[0] as number,
    );
    expect(store.orders.get('o-code')?.status).toBe('CONFIRMED');
  });

  it.each(['PROMOTION_USED_UP', 'PROMOTION_UNAVAILABLE'] as const)(
    'rejects it as %s when the use cannot be counted: no payment, the stock released',
    async (reason) => {
      const { saga, store, authorize } = withPromotions(reason);
      await saga.placeOrder(withCode('o-refused'));
      await saga.stockReserved(reserved('o-refused'));
      expect(store.orders.get('o-refused')).toMatchObject({ status: 'REJECTED', reason });
      expect(authorize).not.toHaveBeenCalled();
      expect(types(store.sent)).toEqual([
        'OrderPlaced',
        'StockReservationRequested',
        'OrderRejected',
        'StockReleaseRequested',
      ]);
    },
  );

  it('gives the use back for a rejected or cancelled order of its store only', async () => {
    const { saga, store, promotions } = withPromotions();
    await saga.placeOrder(withCode('o-back'));
    const order = store.orders.get('o-back');
    const event = { type: 'OrderRejected', data: { orderId: 'o-back', storeId: 'main' } } as never;
    await saga.orderEnded(event);
    expect(promotions.releaseFor).toHaveBeenCalledWith(expect.objectContaining({ orderId: order?.orderId }));
    await saga.orderEnded({ type: 'OrderRejected', data: { orderId: 'o-back', storeId: 'berlin' } } as never);
    expect(promotions.releaseFor).toHaveBeenCalledTimes(1);
  });
});
