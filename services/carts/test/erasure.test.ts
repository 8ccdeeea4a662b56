import { describe, expect, it } from 'vitest';
import { type CustomerData, eraseCustomer } from '../src/domain/erasure.ts';

/** Cart items in memory, by user. */
function memoryCustomerData(
  items: Record<string, string[]>,
): CustomerData & { items: Record<string, string[]> } {
  return {
    items,
    async eraseAll(userId) {
      const removed = items[userId]?.length ?? 0;
      delete items[userId];
      return removed;
    },
  };
}

describe('erasing a customer from carts', () => {
  it("removes everything of the customer's, and nobody else's", async () => {
    const customerData = memoryCustomerData({ ada: ['CART', 'CHECKOUT#1'], bob: ['CART'] });
    expect(await eraseCustomer('ada', { customerData })).toEqual({ removed: 2 });
    expect(customerData.items).toEqual({ bob: ['CART'] });
  });

  it('does nothing, and fails nothing, when repeated', async () => {
    const customerData = memoryCustomerData({ ada: ['CART'] });
    await eraseCustomer('ada', { customerData });
    expect(await eraseCustomer('ada', { customerData })).toEqual({ removed: 0 });
  });
});
