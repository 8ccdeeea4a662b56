// What each order status means to a person, and which actions it allows (API.md's status machine:
// PENDING → CONFIRMED | REJECTED; CONFIRMED → SHIPPED → DELIVERED; PENDING | CONFIRMED → CANCELLED).
import type { OrderStatus } from './api/types.ts';

/** A status's name as a badge shows it. */
export const statusNames: Record<OrderStatus, string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
};

/** What a status means for the customer. */
export const statusDescriptions: Record<OrderStatus, string> = {
  PENDING: 'We are reserving your items and authorizing the payment…',
  CONFIRMED: 'Your items are reserved and the payment is authorized. We will ship soon.',
  REJECTED: 'The order could not be placed.',
  CANCELLED: 'The order was cancelled; any payment is refunded.',
  SHIPPED: 'Your order is on its way.',
  DELIVERED: 'Your order was delivered.',
};

const reasons: Record<string, string> = {
  OUT_OF_STOCK: 'Some items were out of stock, so nothing was charged.',
  PAYMENT_DECLINED: 'The payment was declined, so nothing was reserved.',
  PRICE_CHANGED:
    'A price changed after you added the item to your cart, so the order was not placed at the old price and nothing was charged. Your cart shows the current price; check out again to order at it.',
};

/** A sentence for an order's `reason`, or the code itself when unknown. */
export function describeReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return reasons[reason] ?? reason;
}

export const isCancellable = (status: OrderStatus) => status === 'PENDING' || status === 'CONFIRMED';

/** The admin's next steps for an order in `status`. */
export function adminActions(status: OrderStatus): Array<'ship' | 'deliver' | 'cancel'> {
  const actions: Array<'ship' | 'deliver' | 'cancel'> = [];
  if (status === 'CONFIRMED') actions.push('ship');
  if (status === 'SHIPPED') actions.push('deliver');
  if (isCancellable(status)) actions.push('cancel');
  return actions;
}

/**
 * How long to wait before asking for the order again: every second while PENDING (it settles within
 * seconds), slowly while it can still move (an admin ships or delivers), never once it is final.
 */
export function pollDelay(status: OrderStatus): number | undefined {
  if (status === 'PENDING') return 1_000;
  if (status === 'CONFIRMED' || status === 'SHIPPED') return 10_000;
  return undefined;
}
