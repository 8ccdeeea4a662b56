import { address } from '@shop/validation';
import { describe, expect, it } from 'vitest';
import { type CustomerOrders, ERASED, eraseCustomerOrders, erasedAddress } from '../src/domain/erasure.ts';

const home = { line1: '1 Main St', line2: 'Flat 2', city: 'Springfield', postalCode: '12345', country: 'US' };

/** Orders' addresses in memory, with the erasure times written. */
function memoryOrders(orders: Record<string, { userId: string; shippingAddress: typeof home }>) {
  const erasedAt: Record<string, string> = {};
  const port: CustomerOrders = {
    async ofCustomer(userId) {
      return Object.entries(orders)
        .filter(([, order]) => order.userId === userId)
        .map(([orderId, order]) => ({ orderId, shippingAddress: order.shippingAddress }));
    },
    async replaceAddress(orderId, replacement, at) {
      (orders[orderId] as { shippingAddress: unknown }).shippingAddress = replacement;
      erasedAt[orderId] = at.toISOString();
    },
  };
  return { port, orders, erasedAt };
}

describe('the erased form of an address', () => {
  it('keeps only the country, and is still a valid v1 address', () => {
    const erased = erasedAddress(home);
    expect(erased).toEqual({ line1: ERASED, city: ERASED, postalCode: ERASED, country: 'US' });
    expect(address.parse(erased)).toEqual(erased);
    expect(JSON.stringify(erased)).not.toMatch(/Main|Flat|Springfield|12345/);
  });
});

describe("erasing a customer's orders", () => {
  const at = new Date('2026-05-01T00:00:00.000Z');

  it("takes the address out of every order of the customer's, and of nobody else's", async () => {
    const { port, orders, erasedAt } = memoryOrders({
      'o-1': { userId: 'ada', shippingAddress: home },
      'o-2': { userId: 'ada', shippingAddress: { ...home, country: 'DE' } },
      'o-3': { userId: 'bob', shippingAddress: home },
    });
    expect(await eraseCustomerOrders('ada', { orders: port, now: () => at })).toEqual({
      orders: 2,
      erased: 2,
    });
    expect(orders['o-1']?.shippingAddress).toEqual(erasedAddress(home));
    expect(orders['o-2']?.shippingAddress.country).toBe('DE');
    expect(orders['o-3']?.shippingAddress).toEqual(home);
    expect(erasedAt).toEqual({ 'o-1': at.toISOString(), 'o-2': at.toISOString() });
  });

  it('leaves orders already erased as they are, so a repeat writes nothing', async () => {
    const { port, erasedAt } = memoryOrders({ 'o-1': { userId: 'ada', shippingAddress: home } });
    await eraseCustomerOrders('ada', { orders: port, now: () => at });
    const later = new Date('2026-06-01T00:00:00.000Z');
    expect(await eraseCustomerOrders('ada', { orders: port, now: () => later })).toEqual({
      orders: 1,
      erased: 0,
    });
    expect(erasedAt['o-1']).toBe(at.toISOString());
  });

  it('has nothing to do for a customer without orders', async () => {
    const { port } = memoryOrders({});
    expect(await eraseCustomerOrders('nobody', { orders: port })).toEqual({ orders: 0, erased: 0 });
  });
});
