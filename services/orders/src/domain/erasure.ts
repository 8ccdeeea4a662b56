import type { Address } from '@shop/validation';

/** What stands where an erased customer's address was. */
export const ERASED = 'ERASED';

/**
 * The shipping address of an erased customer's order: the country stays (tax is owed where the goods
 * went, and the books must show it); every other line is the marker, so the order keeps the v1 shape.
 */
export function erasedAddress(address: Address): Address {
  return { line1: ERASED, city: ERASED, postalCode: ERASED, country: address.country };
}

const isErased = (address: Address) =>
  address.line1 === ERASED && address.city === ERASED && address.postalCode === ERASED && !address.line2;

/** A customer's orders as erasure needs them. */
export interface CustomerOrders {
  /** Every order of the customer, with its shipping address. */
  ofCustomer(userId: string): Promise<Array<{ orderId: string; shippingAddress: Address }>>;
  /** Replaces the order's shipping address, noting when its personal data was erased. */
  replaceAddress(orderId: string, address: Address, erasedAt: Date): Promise<void>;
}

/**
 * A customer's account was erased (UserErased): each of their orders keeps what accounting needs
 * (lines, prices, total, currency, status, history, dates, payment record, the country) and loses the
 * address. Orders hold no name. Safe to repeat: an order already erased is left as it is.
 */
export async function eraseCustomerOrders(
  userId: string,
  deps: { orders: CustomerOrders; now?: () => Date },
): Promise<{ orders: number; erased: number }> {
  const now = deps.now?.() ?? new Date();
  const orders = await deps.orders.ofCustomer(userId);
  let erased = 0;
  for (const order of orders) {
    if (isErased(order.shippingAddress)) continue;
    await deps.orders.replaceAddress(order.orderId, erasedAddress(order.shippingAddress), now);
    erased += 1;
  }
  return { orders: orders.length, erased };
}
