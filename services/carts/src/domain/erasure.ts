/** What carts holds of one customer: their partition of the carts table. */
export interface CustomerData {
  /** Deletes every item the customer has here; answers how many there were. */
  eraseAll(userId: string): Promise<number>;
}

/**
 * A customer's account was erased (UserErased): everything carts keeps of them goes, their cart (the
 * lines, the checkouts in flight) and the records of their checkout keys (answers and fingerprints of
 * bodies that held their address). Nothing of it is needed once the person is gone. Safe to repeat:
 * a second time finds nothing.
 */
export async function eraseCustomer(userId: string, deps: { customerData: CustomerData }) {
  return { removed: await deps.customerData.eraseAll(userId) };
}
