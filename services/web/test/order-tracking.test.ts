import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/problem.ts';
import type { Order, OrderStatus } from '../src/api/types.ts';
import { adminActions, describeReason, isCancellable, pollDelay } from '../src/order-status.ts';
import { trackOrder } from '../src/order-tracking.ts';

const order = (status: OrderStatus): Order => ({
  orderId: 'o-1',
  storeId: 'main',
  userId: 'u-1',
  status,
  items: [],
  total: 0,
  subtotal: 0,
  discountTotal: 0,
  shippingTotal: 0,
  taxTotal: 0,
  currency: 'USD',
  shippingAddress: { line1: 'x', city: 'y', postalCode: '1', country: 'US' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  history: [],
  returns: [],
  refundedTotal: 0,
});
const notFound = () =>
  new ApiError({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No order' });

/** A clock that only moves when the tracker sleeps; records each wait. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

function answers(...replies: Array<Order | Error>) {
  return async () => {
    const next = replies.shift();
    if (!next) throw new Error('asked once too often');
    if (next instanceof Error) throw next;
    return next;
  };
}

describe('pollDelay', () => {
  it('asks every second while PENDING, slowly while an admin can still move it, never when final', () => {
    expect(pollDelay('PENDING')).toBe(1_000);
    expect(pollDelay('CONFIRMED')).toBe(10_000);
    expect(pollDelay('SHIPPED')).toBe(10_000);
    for (const status of ['DELIVERED', 'REJECTED', 'CANCELLED'] as const)
      expect(pollDelay(status)).toBeUndefined();
  });
});

describe('order actions', () => {
  it('lets a customer cancel only PENDING and CONFIRMED orders', () => {
    expect(
      ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'REJECTED', 'CANCELLED'].filter((s) =>
        isCancellable(s as OrderStatus),
      ),
    ).toEqual(['PENDING', 'CONFIRMED']);
  });

  it('offers an admin ship from CONFIRMED and deliver from SHIPPED', () => {
    expect(adminActions('CONFIRMED')).toEqual(['ship', 'cancel']);
    expect(adminActions('SHIPPED')).toEqual(['deliver']);
    expect(adminActions('PENDING')).toEqual(['cancel']);
    expect(adminActions('DELIVERED')).toEqual([]);
  });

  it('explains rejection reasons and passes unknown ones through', () => {
    expect(describeReason('PAYMENT_DECLINED')).toMatch(/declined/);
    expect(describeReason('PRICE_CHANGED')).toMatch(
      /price changed.*nothing was charged.*cart shows the current price/i,
    );
    expect(describeReason('admin')).toBe('admin');
    expect(describeReason(undefined)).toBeUndefined();
  });
});

describe('trackOrder', () => {
  it('asks every second while PENDING and stops at a final status', async () => {
    const time = fakeTime();
    const seen: Array<string | undefined> = [];
    const final = await trackOrder({
      load: answers(order('PENDING'), order('PENDING'), order('REJECTED')),
      onUpdate: (next) => seen.push(next?.status),
      signal: new AbortController().signal,
      ...time,
    });
    expect(final?.status).toBe('REJECTED');
    expect(seen).toEqual(['PENDING', 'PENDING', 'REJECTED']);
    expect(time.waits).toEqual([1_000, 1_000]);
  });

  it('treats a 404 right after checkout as an order not made yet', async () => {
    const time = fakeTime();
    const seen: Array<string | undefined> = [];
    await trackOrder({
      load: answers(notFound(), notFound(), order('PENDING'), order('DELIVERED')),
      onUpdate: (next) => seen.push(next?.status),
      signal: new AbortController().signal,
      ...time,
    });
    expect(seen).toEqual([undefined, undefined, 'PENDING', 'DELIVERED']);
  });

  it('gives up on a 404 that outlasts the grace period', async () => {
    const time = fakeTime();
    const load = async () => {
      throw notFound();
    };
    await expect(
      trackOrder({
        load,
        onUpdate: () => undefined,
        signal: new AbortController().signal,
        notFoundGraceMs: 3_000,
        ...time,
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(time.waits).toEqual([1_000, 1_000, 1_000]);
  });

  it('reports other errors at once', async () => {
    const time = fakeTime();
    const forbidden = new ApiError({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    await expect(
      trackOrder({
        load: answers(forbidden),
        onUpdate: () => undefined,
        signal: new AbortController().signal,
        ...time,
      }),
    ).rejects.toBe(forbidden);
  });

  it('stops when aborted, without reporting the late answer', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const load = async () => {
      controller.abort();
      return order('PENDING');
    };
    await trackOrder({ load, onUpdate: (next) => next && seen.push(next.status), signal: controller.signal });
    expect(seen).toEqual([]);
  });
});
