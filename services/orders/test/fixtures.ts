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
  options: { paymentMethod?: PaymentMethod; correlationId?: string; storeId?: string } = {},
): CheckoutRequested {
  return createEvent(
    checkoutRequested,
    {
      ...(options.storeId ? { storeId: options.storeId } : {}),
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

/**
 * The CheckoutRequested for an order of two variants of one T-shirt (2 × 1600 Medium Blue, 1 × 1610
 * Medium Black) and a lamp without options, sent as before variants (2 × 4999).
 */
export function variantCheckout(orderId: string, userId: string): CheckoutRequested {
  return createEvent(
    checkoutRequested,
    {
      orderId,
      userId,
      lines: [
        {
          productId: 'p-shirt',
          variantId: 'p-shirt_v3',
          sku: 'TS-M-BLUE',
          options: { Size: 'M', Colour: 'Blue' },
          name: 'T-shirt',
          quantity: 2,
          unitPrice: 1600,
        },
        {
          productId: 'p-shirt',
          variantId: 'p-shirt_v4',
          sku: 'TS-M-BLACK',
          options: { Size: 'M', Colour: 'Black' },
          name: 'T-shirt',
          quantity: 1,
          unitPrice: 1610,
        },
        { productId: 'p-lamp', name: 'Lamp', quantity: 2, unitPrice: 4999 },
      ],
      currency: 'USD',
      total: 2 * 1600 + 1610 + 2 * 4999,
      shippingAddress: home,
      paymentMethod: 'card_ok',
    },
    { source: 'carts', correlationId: `checkout-${orderId}` },
  );
}

/**
 * Products' replies, correlated as products correlates them (with the request). `proven`: the
 * prices (and currency) the reservation's condition proved, as products answers a priced request;
 * without it, a reply as products sent before it checked prices.
 */
export const reserved = (
  orderId: string,
  correlationId = `checkout-${orderId}`,
  proven?: { lamp: number; shade: number; currency?: string },
) =>
  createEvent(
    stockReserved,
    {
      orderId,
      lines: [
        { productId: 'p-lamp', quantity: 3, ...(proven ? { unitPrice: proven.lamp } : {}) },
        { productId: 'p-shade', quantity: 1, ...(proven ? { unitPrice: proven.shade } : {}) },
      ],
      ...(proven?.currency ? { currency: proven.currency } : {}),
    },
    { source: 'products', correlationId },
  );

export const reservationFailed = (
  orderId: string,
  reason: 'OUT_OF_STOCK' | 'RELEASED' | 'PRICE_CHANGED' = 'OUT_OF_STOCK',
  correlationId = `checkout-${orderId}`,
) =>
  createEvent(
    stockReservationFailed,
    {
      orderId,
      reason,
      shortLines: reason === 'OUT_OF_STOCK' ? [{ productId: 'p-lamp', requested: 3, available: 1 }] : [],
      ...(reason === 'PRICE_CHANGED'
        ? {
            changedPrices: [
              { productId: 'p-lamp', orderedUnitPrice: 1000, unitPrice: 1200, currency: 'USD', revision: 3 },
            ],
          }
        : {}),
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
