import { describe, expect, it, vi } from 'vitest';
import { simulatedPaymentProvider } from '../src/adapters/simulated-payment-provider.ts';
import { type OrderMetrics, OrderNotYetPlacedError, orderSaga } from '../src/domain/order-saga.ts';
import { checkout, released, reservationFailed, reserved } from './fixtures.ts';
import { memoryOrderStore } from './memory-order-store.ts';

const alice = { userId: 'u-alice', admin: false };
const bob = { userId: 'u-bob', admin: false };
const admin = { userId: 'u-admin', admin: true };

function saga() {
  const store = memoryOrderStore();
  const payments = simulatedPaymentProvider();
  const refund = vi.spyOn(payments, 'refund');
  const metrics = { confirmed: vi.fn(), rejected: vi.fn() } satisfies OrderMetrics;
  return { store, payments, refund, metrics, saga: orderSaga({ store, payments, metrics }) };
}

const types = (events: Array<{ type: string }>) => events.map((event) => event.type);

describe('placing an order from a checkout', () => {
  it('creates it PENDING once, with OrderPlaced and one reservation request carrying the checkout’s correlation id', async () => {
    const { saga: orders, store } = saga();
    const request = checkout('o-1', alice.userId, { correlationId: 'corr-1' });

    expect(await orders.placeOrder(request)).toBe(true);
    expect(await orders.placeOrder(request)).toBe(false);
    expect(await orders.placeOrder(checkout('o-1', alice.userId))).toBe(false);

    expect(store.orders.get('o-1')?.status).toBe('PENDING');
    expect(types(store.sent)).toEqual(['OrderPlaced', 'StockReservationRequested']);
    expect(store.sent.every((event) => event.correlationId === 'corr-1')).toBe(true);
    expect(store.sent[1]?.data).toEqual({
      orderId: 'o-1',
      lines: [
        { productId: 'p-lamp', quantity: 3 },
        { productId: 'p-shade', quantity: 1 },
      ],
    });
  });
});

describe('the stock replies', () => {
  it('confirms a reserved order whose card authorizes, keeping the authorization, and counts it', async () => {
    const { saga: orders, store, metrics } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId));

    await orders.stockReserved(reserved('o-1'));

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
    const { saga: orders, store, metrics } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId, { paymentMethod: 'card_declined' }));

    await orders.stockReserved(reserved('o-1'));

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
    const { saga: orders, store } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId));

    await orders.stockReservationFailed(reservationFailed('o-1'));

    expect(store.orders.get('o-1')).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK' });
    expect(types(store.sent)).not.toContain('StockReleaseRequested');
  });

  it('asks products to release a reservation that lands after the order was cancelled, once per reply', async () => {
    const { saga: orders, store } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId));
    await orders.cancel('o-1', alice);
    const late = reserved('o-1');

    await orders.stockReserved(late);
    await orders.stockReserved(late);

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
    const { saga: orders, store } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId));
    await orders.stockReserved(reserved('o-1'));
    await orders.stockReserved(reserved('o-1'));
    await orders.placeOrder(checkout('o-2', alice.userId));
    await orders.cancel('o-2', alice);
    await orders.stockReservationFailed(reservationFailed('o-2', 'RELEASED'));
    await orders.stockReleased(released('o-2'));

    expect(store.orders.get('o-1')?.history.map((entry) => entry.status)).toEqual(['PENDING', 'CONFIRMED']);
    expect(store.orders.get('o-2')?.status).toBe('CANCELLED');
  });

  it('fails a reply for an order not placed yet, so the queue redelivers it later', async () => {
    const { saga: orders } = saga();
    await expect(orders.stockReserved(reserved('o-unknown'))).rejects.toBeInstanceOf(OrderNotYetPlacedError);
  });
});

describe('a cancel racing the confirmation', () => {
  it('lets the cancel win, voids the authorization made meanwhile and releases the reservation', async () => {
    const { saga: orders, store, payments, refund } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId));
    // The customer cancels while the payment is being authorized.
    const authorize = payments.authorize.bind(payments);
    vi.spyOn(payments, 'authorize').mockImplementation(async (request) => {
      const answer = await authorize(request);
      await orders.cancel('o-1', alice);
      return answer;
    });

    await orders.stockReserved(reserved('o-1'));

    const order = store.orders.get('o-1');
    expect(order?.status).toBe('CANCELLED');
    expect(order?.history.map((entry) => entry.status)).toEqual(['PENDING', 'CANCELLED']);
    expect(order?.payment).toMatchObject({ status: 'REFUNDED' });
    expect(refund).toHaveBeenCalledOnce();
    expect(types(store.sent)).not.toContain('OrderConfirmed');
    expect(types(store.sent).filter((type) => type === 'StockReleaseRequested').length).toBeGreaterThan(0);
  });
});

describe('cancel, ship and deliver', () => {
  it('cancels a confirmed order for its owner, refunding the payment and releasing the stock', async () => {
    const { saga: orders, store, refund } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId));
    await orders.stockReserved(reserved('o-1'));

    const cancelled = await orders.cancel('o-1', alice);

    expect(cancelled).toMatchObject({ status: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER' });
    expect(store.orders.get('o-1')?.payment).toMatchObject({
      status: 'REFUNDED',
      refundId: expect.any(String),
    });
    expect(refund).toHaveBeenCalledOnce();
    expect(types(store.sent).slice(-2)).toEqual(['OrderCancelled', 'StockReleaseRequested']);
  });

  it('answers 404 to another customer, and lets an admin see, ship and deliver', async () => {
    const { saga: orders } = saga();
    await orders.placeOrder(checkout('o-1', alice.userId));
    await orders.stockReserved(reserved('o-1'));

    await expect(orders.find('o-1', bob)).rejects.toMatchObject({ status: 404 });
    await expect(orders.cancel('o-1', bob)).rejects.toMatchObject({ status: 404 });
    await expect(orders.deliver('o-1', admin)).rejects.toMatchObject({ status: 409 });
    expect((await orders.ship('o-1', admin)).status).toBe('SHIPPED');
    await expect(orders.cancel('o-1', alice)).rejects.toMatchObject({ status: 409 });
    expect((await orders.deliver('o-1', admin)).status).toBe('DELIVERED');
    expect((await orders.find('o-1', alice)).history.map((entry) => entry.status)).toEqual([
      'PENDING',
      'CONFIRMED',
      'SHIPPED',
      'DELIVERED',
    ]);
  });

  it('refuses every user’s list to a customer (403)', async () => {
    const { saga: orders } = saga();
    await expect(orders.list(alice, { scope: 'all', limit: 20 })).rejects.toMatchObject({ status: 403 });
    await expect(orders.list(admin, { scope: 'all', limit: 20 })).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
