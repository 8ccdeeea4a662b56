import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { CheckoutRequested } from '@shop/contracts';
import type { EventEnvelope } from '@shop/events';
import {
  httpEvent,
  invokeHttp,
  lambdaContext,
  sqsRecord,
  testUserPool,
  topicWithListener,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkout, reserved } from './fixtures.ts';
import { call, createTables, drain, type Person, type SqsHandler } from './stack.ts';

// Promotion codes against the emulator: the admin routes, and the counting of uses by the saga's real
// handlers (the claim is one DynamoDB transaction of the order, the promotion and the customer's count).
type Route = Parameters<typeof call>[0];
let orderEvents: string;
let admin: Person;
let signIn: Awaited<ReturnType<typeof testUserPool>>['signIn'];
let handlers: {
  checkout: SqsHandler;
  replies: SqsHandler;
  afterOrders: SqsHandler;
  get: Route;
  cancel: Route;
  list: Route;
  change: Route;
};

beforeAll(async () => {
  useEmulator();
  const sqs = new SQSClient({});
  const [tables, topic, stockRequests, pool] = await Promise.all([
    createTables(),
    topicWithListener('order-events'),
    sqs.send(new CreateQueueCommand({ QueueName: uniqueName('stock-requests') })),
    testUserPool('promotions'),
  ]);
  orderEvents = topic.listenerUrl;
  Object.assign(process.env, {
    ORDERS_TABLE: tables.orders,
    PROMOTIONS_TABLE: tables.promotions,
    OUTBOX_TABLE: tables.outbox,
    IDEMPOTENCY_TABLE: tables.idempotency,
    STORES_TABLE: tables.stores,
    ORDER_EVENTS_TOPIC_ARN: topic.topicArn,
    STOCK_REQUESTS_QUEUE_URL: stockRequests.QueueUrl as string,
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.clientId,
  });
  signIn = pool.signIn;
  admin = await pool.signIn('promo-admin', ['admin']);
  handlers = {
    checkout: (await import('../src/handlers/saga/checkout-requests.ts')).handler,
    replies: (await import('../src/handlers/saga/stock-replies.ts')).handler,
    afterOrders: (await import('../src/handlers/saga/refunds.ts')).handler,
    get: (await import('../src/handlers/orders/get.ts')).handler,
    cancel: (await import('../src/handlers/orders/cancel.ts')).handler,
    list: (await import('../src/handlers/promotions/list.ts')).handler,
    change: (await import('../src/handlers/promotions/change.ts')).handler,
  };
});

async function route(
  handler: Route,
  routeKey: string,
  options: { token?: string; body?: unknown; code?: string; query?: Record<string, string> } = {},
) {
  const event = httpEvent(routeKey, {
    token: options.token ?? admin.token,
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.code ? { pathParameters: { code: options.code } } : {}),
    ...(options.query ? { query: options.query } : {}),
  });
  const answer = await invokeHttp(handler, event, lambdaContext('promotions-route'));
  return { status: answer.status, body: (answer.body ?? {}) as Record<string, unknown> };
}

const newCode = () =>
  uniqueName('code')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-20)
    .toUpperCase();

async function createPromotion(body: Record<string, unknown>) {
  const answer = await route(handlers.change, 'POST /promotions', { body });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function promotionOf(code: string) {
  const { body } = await route(handlers.list, 'GET /promotions', { query: { limit: '100' } });
  return (body.items as Array<{ code: string; timesUsed: number }>).find((item) => item.code === code);
}

const once = (handler: SqsHandler, name: string, message: EventEnvelope) =>
  handler({ Records: [sqsRecord(message)] } as SQSEvent, lambdaContext(name));

/** The CheckoutRequested of one order priced with the code (the discount as carts computed it). */
function checkoutWith(orderId: string, userId: string, code: string, paymentMethod?: 'card_declined') {
  const event: CheckoutRequested = checkout(orderId, userId, paymentMethod ? { paymentMethod } : {});
  event.data.promotionCode = code;
  return event;
}

/** Places the order and answers its reservation, as the saga's two queues would, retrying what fails. */
async function confirmAttempt(orderId: string, event: CheckoutRequested) {
  expect((await once(handlers.checkout, 'handleCheckoutRequests', event)).batchItemFailures).toEqual([]);
  const reply = reserved(orderId);
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const answer = await once(handlers.replies, 'handleStockReplies', reply);
    if (answer.batchItemFailures.length === 0) return;
  }
  throw new Error(`The reply for ${orderId} kept failing`);
}

async function statusOf(orderId: string, person: Person) {
  const { body } = await call(handlers.get, 'GET /orders/{orderId}', { token: person.token, orderId });
  return body as { status: string; reason?: string; promotionCode?: string };
}

/** Hands the order events published so far (OrderRejected, OrderCancelled) to the refunds queue's consumer. */
async function afterOrders(): Promise<EventEnvelope[]> {
  const events = await drain(orderEvents);
  for (const event of events.filter((e) => e.type === 'OrderRejected' || e.type === 'OrderCancelled'))
    expect((await once(handlers.afterOrders, 'refundPayments', event)).batchItemFailures).toEqual([]);
  return events;
}

describe('the promotion routes', () => {
  it('creates a code case-insensitively, refuses it twice, and lists, changes and deletes it', async () => {
    const code = newCode();
    const created = await createPromotion({
      code: code.toLowerCase(),
      type: 'percent',
      value: 15,
      minSubtotal: 1000,
    });
    expect(created).toEqual({
      code,
      type: 'percent',
      value: 15,
      minSubtotal: 1000,
      timesUsed: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const again = await route(handlers.change, 'POST /promotions', {
      body: { code, type: 'fixed', value: 100 },
    });
    expect(again.status).toBe(409);
    expect(await promotionOf(code)).toMatchObject({ code, timesUsed: 0 });

    const changed = await route(handlers.change, 'PATCH /promotions/{code}', {
      code: code.toLowerCase(),
      body: { value: 20, minSubtotal: null, usageLimit: 5 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ code, value: 20, usageLimit: 5 });
    expect(changed.body).not.toHaveProperty('minSubtotal');

    expect((await route(handlers.change, 'DELETE /promotions/{code}', { code })).status).toBe(204);
    expect(await promotionOf(code)).toBeUndefined();
    expect((await route(handlers.change, 'DELETE /promotions/{code}', { code })).status).toBe(404);
    expect(
      (await route(handlers.change, 'PATCH /promotions/{code}', { code, body: { value: 5 } })).status,
    ).toBe(404);
    // A deleted code may be created again, afresh.
    expect(
      (await route(handlers.change, 'POST /promotions', { body: { code, type: 'free_shipping' } })).body,
    ).toMatchObject({
      code,
      type: 'free_shipping',
      value: 0,
      timesUsed: 0,
    });

    const events = (await drain(orderEvents)).filter(
      (event) =>
        event.type === 'PromotionChanged' &&
        (event.data as { promotion: { code: string } }).promotion.code === code,
    );
    expect(events.map((event) => (event.data as { version: number }).version)).toEqual([1, 2, 3, 4]);
    expect(events[2]?.data).toMatchObject({ deleted: true });
  });

  it.each([
    ['a percent over 100', { type: 'percent', value: 101 }, 'value'],
    ['a negative amount', { type: 'fixed', value: -5 }, 'value'],
    ['a fractional amount', { type: 'fixed', value: 2.5 }, 'value'],
    ['a fixed amount of 0', { type: 'fixed', value: 0 }, 'value'],
    [
      'endsAt before startsAt',
      { type: 'percent', value: 5, startsAt: '2026-06-02T00:00:00.000Z', endsAt: '2026-06-01T00:00:00.000Z' },
      'endsAt',
    ],
    ['a usage limit of 0', { type: 'percent', value: 5, usageLimit: 0 }, 'usageLimit'],
    ['an unknown field', { type: 'percent', value: 5, timesUsed: 3 }, ''],
    ['an unknown type', { type: 'buy_one_get_one', value: 5 }, 'type'],
  ])('answers 400 for %s', async (_name, terms, field) => {
    const answer = await route(handlers.change, 'POST /promotions', { body: { code: newCode(), ...terms } });
    expect(answer.status).toBe(400);
    if (field)
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 400 for a patch that leaves endsAt before startsAt, and 403 to a customer', async () => {
    const code = newCode();
    await createPromotion({ code, type: 'percent', value: 5, startsAt: '2026-06-01T00:00:00.000Z' });
    const patch = await route(handlers.change, 'PATCH /promotions/{code}', {
      code,
      body: { endsAt: '2026-05-01T00:00:00.000Z' },
    });
    expect(patch.status).toBe(400);
    const customer = await signIn(uniqueName('shopper'));
    expect((await route(handlers.list, 'GET /promotions', { token: customer.token })).status).toBe(403);
    expect(
      (
        await route(handlers.change, 'POST /promotions', {
          token: customer.token,
          body: { code: newCode(), type: 'percent', value: 5 },
        })
      ).status,
    ).toBe(403);
  });
});

describe('counting uses at confirmation', () => {
  it('lets exactly one of 20 concurrent orders use a code of usageLimit 1, and gives the use back on cancel', async () => {
    const code = newCode();
    await createPromotion({ code, type: 'percent', value: 10, usageLimit: 1 });
    const buyers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => signIn(uniqueName(`buyer${index}`))),
    );
    const orders = buyers.map((buyer) => ({ buyer, orderId: uniqueName('order') }));
    await Promise.all(
      orders.map(({ buyer, orderId }) => confirmAttempt(orderId, checkoutWith(orderId, buyer.userId, code))),
    );

    const outcomes = await Promise.all(orders.map(({ buyer, orderId }) => statusOf(orderId, buyer)));
    const confirmed = outcomes.filter((order) => order.status === 'CONFIRMED');
    expect(confirmed).toHaveLength(1);
    expect(
      outcomes.filter((order) => order.status === 'REJECTED' && order.reason === 'PROMOTION_USED_UP'),
    ).toHaveLength(19);
    await afterOrders();
    expect(await promotionOf(code)).toMatchObject({ timesUsed: 1 });

    const winner = orders[
      outcomes.findIndex((order) => order.status === 'CONFIRMED')
    ] as (typeof orders)[number];
    const cancelled = await call(handlers.cancel, 'POST /orders/{orderId}/cancel', {
      token: winner.buyer.token,
      orderId: winner.orderId,
    });
    expect(cancelled.status).toBe(200);
    const events = await afterOrders();
    expect(await promotionOf(code)).toMatchObject({ timesUsed: 0 });
    // A redelivered cancel gives nothing back twice.
    const cancel = events.find((event) => event.type === 'OrderCancelled') as EventEnvelope;
    await once(handlers.afterOrders, 'refundPayments', { ...cancel, id: uniqueName('redelivered') });
    expect(await promotionOf(code)).toMatchObject({ timesUsed: 0 });

    const next = await signIn(uniqueName('next-buyer'));
    const nextOrder = uniqueName('order');
    await confirmAttempt(nextOrder, checkoutWith(nextOrder, next.userId, code));
    expect(await statusOf(nextOrder, next)).toMatchObject({ status: 'CONFIRMED', promotionCode: code });
    expect(await promotionOf(code)).toMatchObject({ timesUsed: 1 });
  });

  it('lets one customer use a code of perCustomerLimit 1 in at most one of two concurrent orders', async () => {
    const code = newCode();
    await createPromotion({ code, type: 'fixed', value: 500, perCustomerLimit: 1 });
    const buyer = await signIn(uniqueName('twice'));
    const [first, second] = [uniqueName('order'), uniqueName('order')];
    await Promise.all([
      confirmAttempt(first, checkoutWith(first, buyer.userId, code)),
      confirmAttempt(second, checkoutWith(second, buyer.userId, code)),
    ]);
    const outcomes = [await statusOf(first, buyer), await statusOf(second, buyer)];
    expect(outcomes.map((order) => order.status).sort()).toEqual(['CONFIRMED', 'REJECTED']);
    expect(outcomes.find((order) => order.status === 'REJECTED')?.reason).toBe('PROMOTION_USED_UP');
    await afterOrders();
    expect(await promotionOf(code)).toMatchObject({ timesUsed: 1 });
  });

  it('gives the use back when the payment is declined after the code was counted', async () => {
    const code = newCode();
    await createPromotion({ code, type: 'percent', value: 10, usageLimit: 3, perCustomerLimit: 1 });
    const buyer = await signIn(uniqueName('declined'));
    const orderId = uniqueName('order');
    await confirmAttempt(orderId, checkoutWith(orderId, buyer.userId, code, 'card_declined'));
    expect(await statusOf(orderId, buyer)).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    await afterOrders();
    expect(await promotionOf(code)).toMatchObject({ timesUsed: 0 });
    // The customer's own count went back too: their next order may use it.
    const again = uniqueName('order');
    await confirmAttempt(again, checkoutWith(again, buyer.userId, code));
    expect(await statusOf(again, buyer)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('rejects an order whose code was deleted before it was confirmed as PROMOTION_UNAVAILABLE', async () => {
    const code = newCode();
    await createPromotion({ code, type: 'percent', value: 10 });
    await route(handlers.change, 'DELETE /promotions/{code}', { code });
    const buyer = await signIn(uniqueName('late'));
    const orderId = uniqueName('order');
    await confirmAttempt(orderId, checkoutWith(orderId, buyer.userId, code));
    expect(await statusOf(orderId, buyer)).toMatchObject({
      status: 'REJECTED',
      reason: 'PROMOTION_UNAVAILABLE',
    });
  });
});
