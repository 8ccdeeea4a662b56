import { type OrderSnapshot, storeOf } from '@shop/contracts';
import type { BuyerLookup } from './reviews.ts';

// Who may review what comes from the orders' events alone, never from the orders table: a delivered
// order makes its customer a verified buyer of each of its products, in its store.

/** A product a customer received in a store. */
export type Purchase = { storeId: string; productId: string };

/** What this service keeps of a user: the products delivered to them, their display name, their erasure. */
export interface BuyerRecords extends BuyerLookup {
  /** Records the purchases (again: the same records); `erased` writes nothing for an erased user. */
  recordPurchases(
    userId: string,
    purchases: readonly Purchase[],
    order: { orderId: string; deliveredAt: string },
  ): Promise<'recorded' | 'erased'>;
  /** Keeps the user's display name; `erased` writes nothing for an erased user. */
  recordName(userId: string, name: string): Promise<'recorded' | 'erased'>;
  /** Marks the user erased (their name goes, the mark stays, so no later event records them again). */
  markErased(userId: string, at: Date): Promise<void>;
  /** Every product the user received, in every store. */
  purchasesOf(userId: string): Promise<Purchase[]>;
  /** Deletes the purchase records. */
  forgetPurchases(userId: string, purchases: readonly Purchase[]): Promise<void>;
}

/** The products of a delivered order, each once (two variants of one product are one purchase). */
export function purchasesOf(order: Pick<OrderSnapshot, 'storeId' | 'items'>): Purchase[] {
  const storeId = storeOf(order);
  const productIds = [...new Set(order.items.map((item) => item.productId))];
  return productIds.map((productId) => ({ storeId, productId }));
}

/**
 * OrderDelivered: the customer received each of the order's products in its store. Safe to repeat
 * (a redelivered event writes the same records), and nothing for a customer already erased.
 */
export async function recordDelivery(
  order: OrderSnapshot,
  deps: { buyers: Pick<BuyerRecords, 'recordPurchases'> },
): Promise<{ purchases: number; outcome: 'recorded' | 'erased' | 'not-delivered' }> {
  // The filter policy lets only OrderDelivered through; the status says so again.
  if (order.status !== 'DELIVERED') return { purchases: 0, outcome: 'not-delivered' };
  const purchases = purchasesOf(order);
  const outcome = await deps.buyers.recordPurchases(order.userId, purchases, {
    orderId: order.orderId,
    deliveredAt: order.updatedAt,
  });
  return { purchases: purchases.length, outcome };
}

/**
 * UserRegistered: the name reviews show for the user (the profile's, which the users service already
 * made the email's local part when the sign-up gave none). Only the name is kept, never the email.
 */
export async function recordAuthor(
  registered: { userId: string; name: string },
  deps: { buyers: Pick<BuyerRecords, 'recordName'> },
): Promise<'recorded' | 'erased'> {
  return deps.buyers.recordName(registered.userId, registered.name.trim());
}
