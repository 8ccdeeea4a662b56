import {
  type CheckoutRequested,
  checkoutRequested,
  type PaymentMethod,
  stockReleased,
  stockReservationFailed,
  stockReserved,
} from '@shop/contracts';
import { createEvent } from '@shop/events';

const home = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

/** The CheckoutRequested that carts sends for one order of two lines (3 × 1000 + 1 × 2500). */
export function checkout(
  orderId: string,
  userId: string,
  options: { paymentMethod?: PaymentMethod; correlationId?: string } = {},
): CheckoutRequested {
  return createEvent(
    checkoutRequested,
    {
      orderId,
      userId,
      lines: [
        { productId: 'p-lamp', name: 'Lamp', quantity: 3, unitPrice: 1000 },
        { productId: 'p-shade', name: 'Shade', quantity: 1, unitPrice: 2500 },
      ],
      currency: 'USD',
      total: 5500,
      shippingAddress: home,
      paymentMethod: options.paymentMethod ?? 'card_ok',
    },
    { source: 'carts', correlationId: options.correlationId ?? `checkout-${orderId}` },
  );
}

/** Products' replies, correlated as products correlates them (with the request). */
export const reserved = (orderId: string, correlationId = `checkout-${orderId}`) =>
  createEvent(
    stockReserved,
    {
      orderId,
      lines: [
        { productId: 'p-lamp', quantity: 3 },
        { productId: 'p-shade', quantity: 1 },
      ],
    },
    { source: 'products', correlationId },
  );

export const reservationFailed = (
  orderId: string,
  reason: 'OUT_OF_STOCK' | 'RELEASED' = 'OUT_OF_STOCK',
  correlationId = `checkout-${orderId}`,
) =>
  createEvent(
    stockReservationFailed,
    {
      orderId,
      reason,
      shortLines: reason === 'OUT_OF_STOCK' ? [{ productId: 'p-lamp', requested: 3, available: 1 }] : [],
    },
    { source: 'products', correlationId },
  );

export const released = (orderId: string, correlationId = `checkout-${orderId}`) =>
  createEvent(
    stockReleased,
    { orderId, lines: [{ productId: 'p-lamp', quantity: 3 }] },
    { source: 'products', correlationId },
  );

export { home };
