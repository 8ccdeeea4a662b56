import type { OrderSnapshot } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import {
  type BuyerRecords,
  type Purchase,
  purchasesOf,
  recordAuthor,
  recordDelivery,
} from '../src/domain/buyers.ts';
import { eraseAuthor } from '../src/domain/erasure.ts';

const delivered = (overrides: Partial<OrderSnapshot> = {}): OrderSnapshot => ({
  storeId: 'berlin',
  orderId: 'o-1',
  userId: 'u-ada',
  status: 'DELIVERED',
  items: [
    { productId: 'p-shirt', variantId: 'v-m-blue', name: 'Shirt', quantity: 1, unitPrice: 1500 },
    { productId: 'p-shirt', variantId: 'v-l-blue', name: 'Shirt', quantity: 1, unitPrice: 1600 },
    { productId: 'p-lamp', name: 'Lamp', quantity: 2, unitPrice: 1999 },
  ],
  total: 7098,
  currency: 'EUR',
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...overrides,
});

function recordingBuyers() {
  const calls: Array<{ userId: string; purchases: readonly Purchase[]; orderId: string }> = [];
  const buyers: Pick<BuyerRecords, 'recordPurchases'> = {
    async recordPurchases(userId, purchases, order) {
      calls.push({ userId, purchases, orderId: order.orderId });
      return 'recorded';
    },
  };
  return { buyers, calls };
}

describe('a delivered order makes its customer a verified buyer', () => {
  it('of each of its products once, in its store (two variants of one product are one purchase)', () => {
    expect(purchasesOf(delivered())).toEqual([
      { storeId: 'berlin', productId: 'p-shirt' },
      { storeId: 'berlin', productId: 'p-lamp' },
    ]);
  });

  it('in main for an order from before stores (no storeId)', () => {
    const { storeId: _, ...legacy } = delivered();
    expect(purchasesOf(legacy)).toEqual([
      { storeId: 'main', productId: 'p-shirt' },
      { storeId: 'main', productId: 'p-lamp' },
    ]);
  });

  it('records the purchases for the customer, and nothing for an order not delivered', async () => {
    const { buyers, calls } = recordingBuyers();
    expect(await recordDelivery(delivered(), { buyers })).toEqual({ purchases: 2, outcome: 'recorded' });
    expect(await recordDelivery(delivered({ status: 'SHIPPED' }), { buyers })).toEqual({
      purchases: 0,
      outcome: 'not-delivered',
    });
    expect(calls).toEqual([
      {
        userId: 'u-ada',
        orderId: 'o-1',
        purchases: [
          { storeId: 'berlin', productId: 'p-shirt' },
          { storeId: 'berlin', productId: 'p-lamp' },
        ],
      },
    ]);
  });

  it('keeps only the name of a registration, trimmed, never the email', async () => {
    const names: Array<[string, string]> = [];
    await recordAuthor(
      { userId: 'u-ada', name: '  Ada ', email: 'ada@example.com' } as { userId: string; name: string },
      {
        buyers: {
          recordName: async (userId, name) => {
            names.push([userId, name]);
            return 'recorded';
          },
        },
      },
    );
    expect(names).toEqual([['u-ada', 'Ada']]);
  });
});

describe('erasing an author', () => {
  it('marks them erased first, deletes each review of theirs, then forgets their purchases', async () => {
    const steps: string[] = [];
    const purchases = [
      { storeId: 'main', productId: 'p-lamp' },
      { storeId: 'berlin', productId: 'p-shirt' },
    ];
    const result = await eraseAuthor('u-ada', {
      buyers: {
        markErased: async (userId) => void steps.push(`mark ${userId}`),
        purchasesOf: async () => purchases,
        forgetPurchases: async (_, forgotten) => void steps.push(`forget ${forgotten.length}`),
      },
      reviews: {
        removeAuthorReview: async (target) => {
          steps.push(`review ${target.storeId}/${target.productId}`);
          return target.productId === 'p-lamp';
        },
      },
    });
    expect(steps).toEqual(['mark u-ada', 'review main/p-lamp', 'review berlin/p-shirt', 'forget 2']);
    expect(result).toEqual({ reviews: 1, purchases: 2 });
  });
});
