import { checkoutRequested, type ReturnReceived, returnReceived } from '@shop/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@shop/errors';
import { createEvent, type EventEnvelope } from '@shop/events';
import { refundOf } from '@shop/pricing';
import { describe, expect, it } from 'vitest';
import { simulatedPaymentProvider } from '../src/adapters/simulated-payment-provider.ts';
import type { Actor } from '../src/domain/actor.ts';
import { move, newOrder, type StoredOrder } from '../src/domain/order.ts';
import { OrderChangedError } from '../src/domain/order-store.ts';
import type { PaymentProvider } from '../src/domain/payment.ts';
import { returnCommands, returnRefunds } from '../src/domain/return-commands.ts';
import type { ReturnStore, ReturnsChange } from '../src/domain/returns.ts';
import { home } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
const deliveredOn = new Date('2026-03-01T12:00:00.000Z');
const alice: Actor = { userId: 'alice', storeId: 'main', admin: false };
const bob: Actor = { userId: 'bob', storeId: 'main', admin: false };
const admin: Actor = { userId: 'the-admin', storeId: 'main', admin: true };
const window30 = { returnWindowDays: 30 };

/**
 * An order of 2 × a shirt (lineTotal 3197: 2 × 1999 less a discount of 801) and 1 × a lamp
 * (lineTotal 1000), with 499 shipping, moved to `status` (DELIVERED by default, on `deliveredOn`).
 */
function orderIn(status: 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' = 'DELIVERED', orderId = 'o-1'): StoredOrder {
  const checkout = createEvent(
    checkoutRequested,
    {
      orderId,
      userId: 'alice',
      lines: [
        {
          productId: 'p-shirt',
          variantId: 'p-shirt_m',
          sku: 'SHIRT-M',
          options: { Size: 'M' },
          name: 'Shirt',
          quantity: 2,
          unitPrice: 1999,
          discount: 801,
          tax: 0,
          lineTotal: 3197,
        },
        {
          productId: 'p-lamp',
          name: 'Lamp',
          quantity: 1,
          unitPrice: 1000,
          discount: 0,
          tax: 0,
          lineTotal: 1000,
        },
      ],
      currency: 'USD',
      total: 3197 + 1000 + 499,
      subtotal: 4998,
      discountTotal: 801,
      shippingTotal: 499,
      taxTotal: 0,
      shippingAddress: home,
      paymentMethod: 'card_ok',
    },
    { source: 'carts', correlationId: `checkout-${orderId}` },
  );
  let order = newOrder(checkout, new Date(deliveredOn.getTime() - 3 * DAY));
  const payment = { authorizationId: `auth-${orderId}`, status: 'AUTHORIZED' as const };
  order = move(order, 'CONFIRMED', { at: new Date(deliveredOn.getTime() - 3 * DAY), payment }).order;
  if (status === 'CONFIRMED') return order;
  order = move(order, 'SHIPPED', { at: new Date(deliveredOn.getTime() - 2 * DAY) }).order;
  if (status === 'SHIPPED') return order;
  return move(order, 'DELIVERED', { at: deliveredOn }).order;
}

/** The orders in memory, with the DynamoDB adapter's guard: a write only from the version it read. */
function memoryReturns(...orders: StoredOrder[]) {
  const byId = new Map(orders.map((order) => [order.orderId, structuredClone(order)]));
  const events: EventEnvelope[] = [];
  let writes = 0;
  const returns: ReturnStore = {
    async write(change: ReturnsChange, sent: EventEnvelope[]) {
      // A tick between the read and the write, so concurrent commands really race.
      await new Promise((resolve) => setImmediate(resolve));
      const order = byId.get(change.orderId);
      if (!order || (order.returnsVersion ?? 0) !== change.version || order.status !== 'DELIVERED')
        throw new OrderChangedError(change.orderId);
      Object.assign(order, {
        returns: structuredClone(change.returns),
        refundedTotal: change.refundedTotal,
        returnsVersion: change.version + 1,
        updatedAt: change.at,
      });
      writes += 1;
      events.push(...sent);
    },
  };
  return {
    byId,
    events,
    writes: () => writes,
    orders: { find: async (orderId: string) => structuredClone(byId.get(orderId)) },
    returns,
  };
}

/** A payment provider that counts its refunds (and answers as the simulated one does). */
function countingPayments() {
  const simulated = simulatedPaymentProvider();
  const refunds: Array<Parameters<PaymentProvider['refund']>[0]> = [];
  const payments: PaymentProvider = {
    authorize: simulated.authorize,
    async refund(request) {
      refunds.push(request);
      return simulated.refund(request);
    },
  };
  return { payments, refunds };
}

function setUp(options: { now?: Date; orders?: StoredOrder[] } = {}) {
  const memory = memoryReturns(...(options.orders ?? [orderIn()]));
  const { payments, refunds } = countingPayments();
  let next = 0;
  const now = () => options.now ?? new Date(deliveredOn.getTime() + DAY);
  const commands = {
    ...returnCommands({
      orders: memory.orders,
      returns: memory.returns,
      now,
      newReturnId: () => `r-${++next}`,
    }),
    ...returnRefunds({ orders: memory.orders, returns: memory.returns, payments, now }),
  };
  return { commands, memory, refunds };
}

const shirt = (quantity: number) => ({ variantId: 'p-shirt_m', quantity });
const lamp = (quantity: number) => ({ variantId: 'p-lamp', quantity });
const asked = (...lines: Array<{ variantId: string; quantity: number }>) => ({ lines, reason: 'Too small' });

describe('a return request', () => {
  it('is REQUESTED with each line refunding its share of the line total, shipping never', async () => {
    const { commands } = setUp();

    const created = await commands.request('o-1', alice, asked(shirt(1), lamp(1)), window30);

    const shirtRefund = refundOf({ quantity: 2, lineTotal: 3197 }, 0, 1);
    expect(shirtRefund).toBe(1598);
    expect(created).toEqual({
      returnId: 'r-1',
      orderId: 'o-1',
      status: 'REQUESTED',
      lines: [
        { productId: 'p-shirt', variantId: 'p-shirt_m', quantity: 1, refundAmount: shirtRefund },
        { productId: 'p-lamp', variantId: 'p-lamp', quantity: 1, refundAmount: 1000 },
      ],
      refundAmount: shirtRefund + 1000,
      reason: 'Too small',
      createdAt: '2026-03-02T12:00:00.000Z',
      updatedAt: '2026-03-02T12:00:00.000Z',
    });
  });

  it('refunds exactly the line total once every unit came back over several returns', async () => {
    const { commands } = setUp();

    const first = await commands.request('o-1', alice, asked(shirt(1)), window30);
    const second = await commands.request('o-1', alice, asked(shirt(1)), window30);

    expect(first.refundAmount + second.refundAmount).toBe(3197);
  });

  it('is 409 before the order is delivered', async () => {
    for (const status of ['CONFIRMED', 'SHIPPED'] as const) {
      const { commands } = setUp({ orders: [orderIn(status)] });
      await expect(commands.request('o-1', alice, asked(shirt(1)), window30)).rejects.toThrow(ConflictError);
    }
  });

  it("is 409 past the store's return window counted from the delivery, and fine on its last moment", async () => {
    const late = setUp({ now: new Date(deliveredOn.getTime() + 30 * DAY + 1) });
    await expect(late.commands.request('o-1', alice, asked(shirt(1)), window30)).rejects.toThrow(
      /return window/,
    );
    const lastMoment = setUp({ now: new Date(deliveredOn.getTime() + 30 * DAY) });
    await expect(lastMoment.commands.request('o-1', alice, asked(shirt(1)), window30)).resolves.toMatchObject(
      {
        status: 'REQUESTED',
      },
    );
    const noWindow = setUp();
    await expect(
      noWindow.commands.request('o-1', alice, asked(shirt(1)), { returnWindowDays: 0 }),
    ).rejects.toThrow(ConflictError);
  });

  it('is 409 for more units than were bought', async () => {
    const { commands, memory } = setUp();
    await expect(commands.request('o-1', alice, asked(shirt(3)), window30)).rejects.toThrow(
      /Only 2 of the 2/,
    );
    expect(memory.writes()).toBe(0);
  });

  it('is 409 for units an earlier return covers, until that return is rejected', async () => {
    const { commands } = setUp();
    const first = await commands.request('o-1', alice, asked(shirt(2)), window30);

    await expect(commands.request('o-1', alice, asked(shirt(1)), window30)).rejects.toThrow(ConflictError);
    await commands.reject('o-1', first.returnId, admin, 'Worn');
    const again = await commands.request('o-1', alice, asked(shirt(2)), window30);

    expect(again.refundAmount).toBe(3197);
  });

  it('never lets two concurrent requests take the same units', async () => {
    const { commands, memory } = setUp();

    const results = await Promise.allSettled([
      commands.request('o-1', alice, asked(shirt(2)), window30),
      commands.request('o-1', alice, asked(shirt(2)), window30),
    ]);

    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(memory.byId.get('o-1')?.returns).toHaveLength(1);
  });

  it("is 404 for another user's order, another store's, and an unknown one", async () => {
    const { commands } = setUp();
    await expect(commands.request('o-1', bob, asked(shirt(1)), window30)).rejects.toThrow(NotFoundError);
    await expect(commands.request('o-1', admin, asked(shirt(1)), window30)).rejects.toThrow(NotFoundError);
    await expect(
      commands.request('o-1', { ...alice, storeId: 'berlin' }, asked(shirt(1)), window30),
    ).rejects.toThrow(NotFoundError);
    await expect(commands.request('nope', alice, asked(shirt(1)), window30)).rejects.toThrow(NotFoundError);
  });

  it('is 400 for a variant named twice, and 409 for one the order does not have', async () => {
    const { commands } = setUp();
    await expect(commands.request('o-1', alice, asked(shirt(1), shirt(1)), window30)).rejects.toThrow(
      ValidationError,
    );
    await expect(
      commands.request('o-1', alice, asked({ variantId: 'p-other', quantity: 1 }), window30),
    ).rejects.toThrow(ConflictError);
  });
});

describe('receiving and rejecting a return', () => {
  it('receives once: RECEIVED with one ReturnReceived, and again answers the return as it is', async () => {
    const { commands, memory } = setUp();
    const { returnId } = await commands.request('o-1', alice, asked(shirt(1)), window30);

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => commands.receive('o-1', returnId, admin)),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill('RECEIVED'));
    const received = memory.events.filter((event) => event.type === 'ReturnReceived');
    expect(received).toHaveLength(1);
    expect(received[0]?.data).toMatchObject({
      orderId: 'o-1',
      userId: 'alice',
      returnId,
      status: 'RECEIVED',
      currency: 'USD',
      refundAmount: 1598,
      lines: [
        { productId: 'p-shirt', variantId: 'p-shirt_m', name: 'Shirt', options: { Size: 'M' }, quantity: 1 },
      ],
    });
    expect(returnReceived.envelope.safeParse(received[0]).success).toBe(true);
  });

  it('rejects only a REQUESTED return (409 after receiving), and a rejected one cannot be received', async () => {
    const { commands } = setUp();
    const kept = await commands.request('o-1', alice, asked(shirt(1)), window30);
    const refused = await commands.request('o-1', alice, asked(lamp(1)), window30);

    await commands.receive('o-1', kept.returnId, admin);
    await expect(commands.reject('o-1', kept.returnId, admin, 'Late')).rejects.toThrow(ConflictError);
    const rejected = await commands.reject('o-1', refused.returnId, admin, 'Damaged');

    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'Damaged' });
    await expect(commands.reject('o-1', refused.returnId, admin, 'Again')).rejects.toThrow(ConflictError);
    await expect(commands.receive('o-1', refused.returnId, admin)).rejects.toThrow(ConflictError);
  });

  it('is 404 for an unknown return, and for the admin of another store', async () => {
    const { commands } = setUp();
    const { returnId } = await commands.request('o-1', alice, asked(shirt(1)), window30);
    await expect(commands.receive('o-1', 'r-none', admin)).rejects.toThrow(NotFoundError);
    await expect(commands.receive('o-1', returnId, { ...admin, storeId: 'berlin' })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('refunding a received return', () => {
  async function received() {
    const setup = setUp();
    const { returnId } = await setup.commands.request('o-1', alice, asked(shirt(1), lamp(1)), window30);
    await setup.commands.receive('o-1', returnId, admin);
    const event = setup.memory.events.find((sent) => sent.type === 'ReturnReceived') as ReturnReceived;
    return { ...setup, returnId, event };
  }

  it('refunds the amount keyed by the return, then records REFUNDED, refundedTotal and ReturnRefunded', async () => {
    const { commands, memory, refunds, returnId, event } = await received();

    await commands.refund(event);

    expect(refunds).toEqual([
      { authorizationId: 'auth-o-1', amount: 2598, currency: 'USD', idempotencyKey: returnId },
    ]);
    const order = memory.byId.get('o-1');
    expect(order?.refundedTotal).toBe(2598);
    expect(order?.returns?.[0]).toMatchObject({
      status: 'REFUNDED',
      refundId: expect.stringMatching(/^refund_/),
    });
    const refunded = memory.events.filter((sent) => sent.type === 'ReturnRefunded');
    expect(refunded).toHaveLength(1);
    expect(refunded[0]?.data).toMatchObject({ status: 'REFUNDED', refundAmount: 2598, refundedTotal: 2598 });
  });

  it('refunds once however often ReturnReceived comes, also at once', async () => {
    const { commands, memory, refunds, event } = await received();

    await Promise.all([commands.refund(event), commands.refund(event)]);
    await commands.refund(event);

    expect(memory.events.filter((sent) => sent.type === 'ReturnRefunded')).toHaveLength(1);
    expect(memory.byId.get('o-1')?.refundedTotal).toBe(2598);
    // Racing copies may both ask the provider, under the same key: one refund there.
    expect(new Set(refunds.map((refund) => refund.idempotencyKey)).size).toBe(1);
  });

  it('adds up the refunds of several returns', async () => {
    const { commands, memory, event } = await received();
    await commands.refund(event);
    const second = await commands.request('o-1', alice, asked(shirt(1)), window30);
    await commands.receive('o-1', second.returnId, admin);
    const secondEvent = memory.events.findLast((sent) => sent.type === 'ReturnReceived') as ReturnReceived;

    await commands.refund(secondEvent);

    expect(memory.byId.get('o-1')?.refundedTotal).toBe(3197 + 1000);
  });
});

describe('the simulated payment provider', () => {
  it("tells a return's refunds apart by key, and answers a cancel's refund as before", async () => {
    const provider = simulatedPaymentProvider();
    const request = { authorizationId: 'auth-1', amount: 100, currency: 'USD' };
    const cancel = await provider.refund(request);
    const first = await provider.refund({ ...request, idempotencyKey: 'r-1' });
    const second = await provider.refund({ ...request, idempotencyKey: 'r-2' });

    expect(await provider.refund(request)).toEqual(cancel);
    expect(await provider.refund({ ...request, idempotencyKey: 'r-1' })).toEqual(first);
    expect(new Set([cancel.refundId, first.refundId, second.refundId]).size).toBe(3);
  });
});
