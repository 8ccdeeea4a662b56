// Issue 17 for carts: a cart priced with its store's shipping options and tax rates (carts' own copy,
// from StoreChanged), PUT /cart/delivery, and a checkout that carries the money to orders, through the
// real handlers, tables and Cognito tokens of the emulator.
import { documentClient } from '@shop/aws';
import {
  type CheckoutRequested,
  mainStoreDefaults,
  type Promotion,
  promotionChanged,
  type StoreSnapshot,
} from '@shop/contracts';
import { createEvent } from '@shop/events';
import { recordStoreChange } from '@shop/store-directory';
import {
  httpEvent,
  invokeHttp,
  lambdaContext,
  sqsRecord,
  testUserPool,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PricedCart } from '../src/domain/pricing.ts';
import { newProductId, productChangedEvent } from './products.ts';
import {
  checkoutRecordStream,
  checkoutRequestsQueue,
  createTables,
  drain,
  serviceEnvironment,
} from './support.ts';

const STORE = 'laden';
const laden: StoreSnapshot = {
  ...mainStoreDefaults,
  storeId: STORE,
  name: 'Laden',
  currency: 'EUR',
  country: 'DE',
  taxIncluded: true,
  shippingOptions: [
    {
      shippingOptionId: 'standard',
      name: 'Standard',
      price: 490,
      freeOver: 10000,
      estimatedDays: 3,
      countries: ['DE', 'AT'],
    },
    { shippingOptionId: 'express', name: 'Express', price: 990, estimatedDays: 1, countries: ['DE'] },
    { shippingOptionId: 'world', name: 'World', price: 2500, estimatedDays: 10, countries: ['*'] },
  ],
  taxRates: [
    { country: 'DE', rate: 1900 },
    { country: 'AT', rate: 2000 },
  ],
};
const berlinAddress = { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };
const viennaAddress = { line1: 'Ring 1', city: 'Wien', postalCode: '1010', country: 'AT' };

let newCustomer: () => Promise<{ token: string; userId: string }>;
let queueUrl: string;
let checkoutRecords: ReturnType<typeof checkoutRecordStream>;
let routes: {
  get: typeof import('../src/handlers/cart/get.ts').handler;
  put: typeof import('../src/handlers/cart/put-item.ts').handler;
  delivery: typeof import('../src/handlers/cart/put-delivery.ts').handler;
  checkout: typeof import('../src/handlers/cart/checkout.ts').handler;
  promotion: typeof import('../src/handlers/cart/promotion.ts').handler;
};
let consume: typeof import('../src/handlers/events/consume.ts').handler;
let relay: typeof import('../src/handlers/outbox/relay.ts').handler;
let shirt: string;
let mug: string;

beforeAll(async () => {
  useEmulator();
  const [tables, queue, pool] = await Promise.all([
    createTables(),
    checkoutRequestsQueue(),
    testUserPool('carts-money'),
  ]);
  queueUrl = queue;
  newCustomer = () => pool.signIn('shopper');
  serviceEnvironment(tables, queueUrl, pool);
  await recordStoreChange({ tableName: tables.stores, client: documentClient() }, laden);
  routes = {
    get: (await import('../src/handlers/cart/get.ts')).handler,
    put: (await import('../src/handlers/cart/put-item.ts')).handler,
    delivery: (await import('../src/handlers/cart/put-delivery.ts')).handler,
    checkout: (await import('../src/handlers/cart/checkout.ts')).handler,
    promotion: (await import('../src/handlers/cart/promotion.ts')).handler,
  };
  consume = (await import('../src/handlers/events/consume.ts')).handler;
  relay = (await import('../src/handlers/outbox/relay.ts')).handler;
  checkoutRecords = checkoutRecordStream(tables.carts);
  const products = [
    productChangedEvent(newProductId(), { storeId: STORE, currency: 'EUR', price: 1999, name: 'Shirt' }),
    productChangedEvent(newProductId(), { storeId: STORE, currency: 'EUR', price: 1250, name: 'Mug' }),
  ];
  const answer = await consume(
    { Records: products.map((event) => sqsRecord(event)) } as SQSEvent,
    lambdaContext('consumeEvents'),
  );
  expect(answer.batchItemFailures).toEqual([]);
  [shirt, mug] = products.map((event) => event.data.productId) as [string, string];
});

const inStore = { 'x-store-id': STORE };
const put = (token: string, productId: string, quantity: number) =>
  invokeHttp(
    routes.put,
    httpEvent('PUT /cart/items/{productId}', {
      pathParameters: { productId },
      body: { quantity },
      token,
      headers: inStore,
    }),
  );
// Answers as the tests read them: a cart, or a problem's detail and errors.
type Answer = { status: number; body: PricedCart & { detail?: string; errors?: unknown } };
const delivery = async (token: string, body: Record<string, unknown>) =>
  (await invokeHttp(
    routes.delivery,
    httpEvent('PUT /cart/delivery', { body, token, headers: inStore }),
  )) as unknown as Answer;
const checkout = async (token: string, body: Record<string, unknown>) =>
  (await invokeHttp(
    routes.checkout,
    httpEvent('POST /cart/checkout', {
      body,
      token,
      headers: { 'idempotency-key': uniqueName('key'), ...inStore },
    }),
  )) as unknown as Answer;

async function sentRequests(): Promise<CheckoutRequested[]> {
  const records = await checkoutRecords();
  if (records.length > 0) await relay({ Records: records } as never, lambdaContext('relayOutbox'));
  return (await drain(queueUrl)) as CheckoutRequested[];
}

/** A customer with 2 shirts and 1 mug in the store's cart (3,998 + 1,250 = 5,248 with VAT). */
async function withCart() {
  const customer = await newCustomer();
  expect((await put(customer.token, shirt, 2)).status).toBe(200);
  expect((await put(customer.token, mug, 1)).status).toBe(200);
  return customer;
}

describe('a cart priced with its store’s tax and shipping', () => {
  it("shows the VAT the prices contain at the store's own country's rate before any address", async () => {
    const { token } = await withCart();
    const cart = (await invokeHttp(routes.get, httpEvent('GET /cart', { token, headers: inStore })))
      .body as PricedCart;
    expect(cart).toMatchObject({
      subtotal: 5248,
      discountTotal: 0,
      shippingTotal: 0,
      total: 5248,
      currency: 'EUR',
    });
    // 19 % contained in 52.48 is 8.38 (rounded half up), spread over the lines to the cent.
    expect(cart.taxTotal).toBe(838);
    expect(cart.items.map((item: { tax: number }) => item.tax).reduce((a: number, b: number) => a + b)).toBe(
      838,
    );
  });

  it('prices the cheapest option for the address, or the one asked for; the lines and shipping add up', async () => {
    const { token } = await withCart();
    const cheapest = await delivery(token, { shippingAddress: berlinAddress });
    expect(cheapest.status).toBe(200);
    expect(cheapest.body).toMatchObject({
      shippingOption: { shippingOptionId: 'standard', name: 'Standard', price: 490 },
      shippingTotal: 490,
      total: 5248 + 490,
      shippingAddress: berlinAddress,
    });
    const express = await delivery(token, { shippingAddress: berlinAddress, shippingOptionId: 'express' });
    expect(express.body).toMatchObject({ shippingTotal: 990, total: 5248 + 990 });
    const lines = express.body.items.reduce(
      (sum: number, item: { lineTotal: number }) => sum + item.lineTotal,
      0,
    );
    expect(lines + express.body.shippingTotal).toBe(express.body.total);
    // Austria: its own rate (20 %) on the goods and the shipping.
    const vienna = await delivery(token, { shippingAddress: viennaAddress });
    expect(vienna.body).toMatchObject({ shippingTotal: 490, taxTotal: 875 + 82, total: 5248 + 490 });
  });

  it('refuses an option that does not deliver there with 409, and keeps the delivery it had', async () => {
    const { token } = await withCart();
    await delivery(token, { shippingAddress: berlinAddress, shippingOptionId: 'express' });
    const refused = await delivery(token, { shippingAddress: viennaAddress, shippingOptionId: 'express' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('does not deliver to AT');
    expect((await delivery(token, { shippingAddress: berlinAddress, shippingOptionId: 'nope' })).status).toBe(
      409,
    );
    const cart = (await invokeHttp(routes.get, httpEvent('GET /cart', { token, headers: inStore })))
      .body as PricedCart;
    expect(cart).toMatchObject({
      shippingOption: { shippingOptionId: 'express' },
      shippingAddress: berlinAddress,
    });
    expect(
      (await delivery(token, { shippingAddress: { ...berlinAddress, country: 'Germany' } })).status,
    ).toBe(400);
  });

  it('checks out with the delivery on the cart: the order request carries the money, fixed', async () => {
    const { token } = await withCart();
    await delivery(token, { shippingAddress: berlinAddress, shippingOptionId: 'express' });
    await sentRequests();
    const answer = await checkout(token, {});
    expect(answer.status).toBe(202);
    const [sent] = await sentRequests();
    expect(sent?.data).toMatchObject({
      storeId: STORE,
      currency: 'EUR',
      subtotal: 5248,
      discountTotal: 0,
      shippingTotal: 990,
      taxTotal: 838 + 158,
      total: 5248 + 990,
      taxIncluded: true,
      shippingOption: { shippingOptionId: 'express', name: 'Express', price: 990 },
      shippingAddress: berlinAddress,
    });
    const lines = sent?.data.lines ?? [];
    expect(lines.reduce((sum, line) => sum + (line.lineTotal ?? 0), 0) + 990).toBe(sent?.data.total);
  });

  it("checks out to the body's address at the cheapest option serving it, and 409 for an option that does not", async () => {
    const { token } = await withCart();
    await sentRequests();
    expect(
      (await checkout(token, { shippingAddress: viennaAddress, shippingOptionId: 'express' })).status,
    ).toBe(409);
    expect(await sentRequests()).toEqual([]);
    expect((await checkout(token, { shippingAddress: { ...viennaAddress, country: 'US' } })).status).toBe(
      202,
    );
    const [sent] = await sentRequests();
    // Only "World" serves the US; no tax rate for the US: no tax in the shipping.
    expect(sent?.data).toMatchObject({ shippingOption: { shippingOptionId: 'world' }, shippingTotal: 2500 });
  });

  it('asks for an address (400 naming it) when neither the body nor the cart has one', async () => {
    const { token } = await withCart();
    const answer = await checkout(token, {});
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'shippingAddress' })]);
  });
});

describe("a cart with a promotion code (carts' copy, from PromotionChanged)", () => {
  const at = '2026-01-01T00:00:00.000Z';
  /** Orders announces the promotion at `version`; carts' consumer applies it. */
  async function announce(
    promotion: Partial<Promotion> & { code: string },
    version: number,
    deleted = false,
  ) {
    const event = createEvent(
      promotionChanged,
      {
        storeId: STORE,
        version,
        promotion: { type: 'percent', value: 10, timesUsed: 0, createdAt: at, updatedAt: at, ...promotion },
        ...(deleted ? { deleted } : {}),
      },
      { source: 'orders', correlationId: uniqueName('corr') },
    );
    const answer = await consume({ Records: [sqsRecord(event)] } as SQSEvent, lambdaContext('consumeEvents'));
    expect(answer.batchItemFailures).toEqual([]);
  }
  const code = () =>
    uniqueName('c')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(-16)
      .toUpperCase();
  const putCode = async (token: string, value: string) =>
    (await invokeHttp(
      routes.promotion,
      httpEvent('PUT /cart/promotion', { body: { code: value }, token, headers: inStore }),
    )) as unknown as Answer;
  const removeCode = async (token: string) =>
    (await invokeHttp(
      routes.promotion,
      httpEvent('DELETE /cart/promotion', { token, headers: inStore }),
    )) as unknown as Answer;

  it('prices the cart with a code typed in any case, and without it after DELETE', async () => {
    const welcome = code();
    await announce({ code: welcome }, 1);
    const { token } = await withCart();
    const applied = await putCode(token, welcome.toLowerCase());
    expect(applied.status).toBe(200);
    // 10 % of 52.48 is 5.25 (half up), spread over the lines; VAT is what the lower prices contain.
    expect(applied.body).toMatchObject({
      subtotal: 5248,
      discountTotal: 525,
      total: 4723,
      promotionCode: welcome,
    });
    expect(
      applied.body.items.reduce((sum: number, item: { lineTotal: number }) => sum + item.lineTotal, 0),
    ).toBe(4723);
    const removed = await removeCode(token);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ discountTotal: 0, total: 5248 });
    expect(removed.body).not.toHaveProperty('promotionCode');
  });

  it('answers 404 for an unknown code and 409 saying why for one that does not apply, writing nothing', async () => {
    const { token } = await withCart();
    expect((await putCode(token, 'NO-SUCH-CODE')).status).toBe(404);
    const cases: Array<[Partial<Promotion>, string]> = [
      [{ endsAt: '2026-01-02T00:00:00.000Z' }, 'has expired'],
      [{ startsAt: '2999-01-01T00:00:00.000Z' }, 'has not started'],
      [{ usageLimit: 2, timesUsed: 2 }, 'is used up'],
      [{ minSubtotal: 6000 }, 'needs goods worth at least 6000'],
    ];
    for (const [terms, detail] of cases) {
      const refused = code();
      await announce({ code: refused, ...terms }, 1);
      const answer = await putCode(token, refused);
      expect(answer.status).toBe(409);
      expect(answer.body.detail).toContain(detail);
    }
    const cart = (await invokeHttp(routes.get, httpEvent('GET /cart', { token, headers: inStore })))
      .body as PricedCart;
    expect(cart).not.toHaveProperty('promotionCode');
  });

  it('keeps the newest version it has seen, and checks out with the code: the request carries code and discount', async () => {
    const fixed = code();
    await announce({ code: fixed, type: 'fixed', value: 1000 }, 2);
    // An older version arriving late changes nothing.
    await announce({ code: fixed, type: 'fixed', value: 1 }, 1);
    const { token } = await withCart();
    expect((await putCode(token, fixed)).body).toMatchObject({ discountTotal: 1000, total: 4248 });
    await sentRequests();
    expect((await checkout(token, { shippingAddress: berlinAddress })).status).toBe(202);
    const [sent] = await sentRequests();
    expect(sent?.data).toMatchObject({ promotionCode: fixed, subtotal: 5248, discountTotal: 1000 });
    expect(sent?.data.lines.reduce((sum, line) => sum + (line.discount ?? 0), 0)).toBe(1000);
  });

  it('refuses a checkout whose code was deleted or used up since it was applied (409), sending nothing', async () => {
    const gone = code();
    await announce({ code: gone }, 1);
    const { token } = await withCart();
    expect((await putCode(token, gone)).status).toBe(200);
    await announce({ code: gone, usageLimit: 1, timesUsed: 1 }, 2);
    await sentRequests();
    const usedUp = await checkout(token, { shippingAddress: berlinAddress });
    expect(usedUp.status).toBe(409);
    expect(usedUp.body.detail).toContain('is used up');
    await announce({ code: gone }, 3, true);
    const deleted = await checkout(token, { shippingAddress: berlinAddress });
    expect(deleted.status).toBe(409);
    expect(deleted.body.detail).toContain('no longer offered');
    expect(await sentRequests()).toEqual([]);
    // The cart shows what a checkout without the code would charge.
    const cart = (await invokeHttp(routes.get, httpEvent('GET /cart', { token, headers: inStore })))
      .body as PricedCart;
    expect(cart).toMatchObject({ discountTotal: 0, total: 5248 });
  });
});
