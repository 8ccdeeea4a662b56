// Issue 6: the emulator stopped and restarted mid-run; no order lost, none duplicated.
//
// What is honest here: moto keeps everything in memory, so killing and restarting it loses every
// table, queue and user pool, which no AWS outage does (AWS keeps its data; it becomes unreachable
// or slow). So the test freezes the emulator process instead (SIGSTOP, then SIGCONT after some
// seconds) while checkouts and sagas are in flight: every DynamoDB, SQS, SNS, SES and Cognito call
// of every service stalls or times out, as in a regional outage of those services, and nothing is
// lost that AWS would keep. Clients do what the API tells them to: on a failure or a timeout they
// send the same checkout again with the same Idempotency-Key. Afterwards each customer has exactly
// one confirmed order, the stock moved once per order, and each got one email.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  ADDRESS,
  type Answer,
  countByType,
  mapLimit,
  poll,
  type SignedInUser,
  shopClient,
  sleep,
} from '../src/client.ts';
import { deadLetterDepths, emulator, waitForQuiet } from '../src/emulator.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

const CUSTOMERS = 6;
const PAUSE_MS = 6_000;

it('loses and duplicates no order when the emulator freezes for a few seconds mid-run', async () => {
  const admin = await api.admin();
  const customers = await mapLimit(Array.from({ length: CUSTOMERS }), 2, () => api.newCustomer('frozen'));
  const product = await api.newProduct(
    admin.accessToken,
    { stock: 100, price: 300 },
    customers[0]?.accessToken,
  );
  for (const customer of customers)
    expect(
      (
        await api.request('PUT', `/cart/items/${product.productId}`, {
          token: customer.accessToken,
          body: { quantity: 1 },
        })
      ).status,
    ).toBe(200);
  const deadLettersBefore = await deadLetterDepths(aws.sqs);

  const retried: string[] = [];
  /** A checkout as a careful client makes it: the same key again after any failure, a bounded number of times. */
  const checkout = async (customer: SignedInUser): Promise<Answer> => {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await api.request('POST', '/cart/checkout', {
          token: customer.accessToken,
          body: { shippingAddress: ADDRESS },
          headers: { 'idempotency-key': key },
          timeoutMs: 15_000,
        });
        if (answer.status === 202 || attempt >= 6) return answer;
        retried.push(`${answer.status}`);
      } catch (error) {
        if (attempt >= 6) throw error;
        retried.push((error as Error).message.slice(0, 80));
      }
      await sleep(1_000);
    }
  };

  // Half the checkouts before the freeze (their sagas run into it), half during it.
  const first = customers.slice(0, CUSTOMERS / 2).map(checkout);
  await sleep(300);
  process.kill(shop.emulatorPid, 'SIGSTOP');
  let answers: Answer[];
  try {
    const second = customers.slice(CUSTOMERS / 2).map(checkout);
    await sleep(PAUSE_MS);
    process.kill(shop.emulatorPid, 'SIGCONT');
    answers = await Promise.all([...first, ...second]);
  } finally {
    process.kill(shop.emulatorPid, 'SIGCONT');
  }
  console.log(
    `acceptance: emulator frozen ${PAUSE_MS} ms; client retries: ${retried.length} (${[...new Set(retried)].join(' | ')})`,
  );
  expect(answers.map((answer) => answer.status)).toEqual(Array(CUSTOMERS).fill(202));

  const orders = await mapLimit(answers, 3, (answer, index) =>
    api.settledOrder(answer.body.orderId, (customers[index] as SignedInUser).accessToken, 60_000),
  );
  expect(orders.map((order) => order.status)).toEqual(Array(CUSTOMERS).fill('CONFIRMED'));
  await waitForQuiet(aws.sqs, 60_000);
  for (const customer of customers) {
    expect((await api.request('GET', '/orders', { token: customer.accessToken })).body.items).toHaveLength(1);
    const mail = await poll(
      'the ORDER_CONFIRMED email',
      () => api.request('GET', '/notifications', { token: customer.accessToken }),
      (answer) => answer.body.items.some((item: { type: string }) => item.type === 'ORDER_CONFIRMED'),
    );
    expect(countByType(mail.body.items)).toEqual({ WELCOME: 1, ORDER_CONFIRMED: 1 });
  }
  expect((await api.request('GET', `/products/${product.productId}`)).body.stock).toBe(100 - CUSTOMERS);
  expect(await deadLetterDepths(aws.sqs)).toEqual(deadLettersBefore);
});
