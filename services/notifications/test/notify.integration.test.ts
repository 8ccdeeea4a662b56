import { DeleteCommand, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { recordStoreChange } from '@shop/store-directory';
import { snsNotification, sqsRecord, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTables,
  deliver,
  deliverUntilSettled,
  emailsTo,
  orderEvent,
  registration,
  serviceEnvironment,
  snapshot,
  type Tables,
  verifiedSender,
} from './support.ts';

let tables: Tables;
let sender: string;
let handler: typeof import('../src/handlers/events/notify.ts').handler;

beforeAll(async () => {
  useEmulator();
  [tables, sender] = await Promise.all([createTables(), verifiedSender()]);
  serviceEnvironment(tables, sender);
  vi.resetModules();
  handler = (await import('../src/handlers/events/notify.ts')).handler;
});

async function notification(notificationId: string) {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tables.notifications, Key: { notificationId }, ConsistentRead: true }),
  );
  return Item;
}

describe('the WELCOME email', () => {
  it('sends one email from the sender to a new user and records it SENT under the event id', async () => {
    const registered = registration('Ada Lovelace');

    expect(await deliver(handler, sqsRecord(registered))).toEqual([]);

    const emails = await emailsTo(registered.data.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ source: `"Shop" <${sender}>`, subject: 'Welcome to Shop' });
    expect(emails[0]?.body).toContain('Hi Ada Lovelace,');
    expect(await notification(registered.id)).toMatchObject({
      notificationId: registered.id,
      userId: registered.data.userId,
      type: 'WELCOME',
      channel: 'email',
      to: registered.data.email,
      subject: 'Welcome to Shop',
      status: 'SENT',
      providerMessageId: emails[0]?.id,
    });
  });
});

describe('order emails', () => {
  it('sends one email per order event type, each recorded with its order id', async () => {
    const registered = registration();
    await deliver(handler, sqsRecord(registered));
    const userId = registered.data.userId;
    const events = [
      orderEvent('orderConfirmed', snapshot(userId, { status: 'CONFIRMED' })),
      orderEvent('orderRejected', snapshot(userId, { status: 'REJECTED', reason: 'PAYMENT_DECLINED' })),
      orderEvent('orderCancelled', snapshot(userId, { status: 'CANCELLED' })),
      orderEvent('orderShipped', snapshot(userId, { status: 'SHIPPED' })),
      orderEvent('orderDelivered', snapshot(userId, { status: 'DELIVERED' })),
    ];

    for (const event of events) expect(await deliver(handler, sqsRecord(event))).toEqual([]);

    const subjects = (await emailsTo(registered.data.email)).map((email) => email.subject);
    expect(subjects.sort()).toEqual(
      [
        'Welcome to Shop',
        `Shop: Your order ${events[0]?.data.orderId} is confirmed`,
        `Shop: Your order ${events[1]?.data.orderId} could not be placed`,
        `Shop: Your order ${events[2]?.data.orderId} is cancelled`,
        `Shop: Your order ${events[3]?.data.orderId} is on its way`,
        `Shop: Your order ${events[4]?.data.orderId} was delivered`,
      ].sort(),
    );
    const types = [
      'ORDER_CONFIRMED',
      'ORDER_REJECTED',
      'ORDER_CANCELLED',
      'ORDER_SHIPPED',
      'ORDER_DELIVERED',
    ];
    for (const [index, event] of events.entries()) {
      expect(await notification(event.id)).toMatchObject({
        type: types[index],
        orderId: event.data.orderId,
        userId,
        to: registered.data.email,
        status: 'SENT',
      });
    }
  });

  it('refuses OrderPlaced, which is never emailed (the subscription filters it out)', async () => {
    const registered = registration();
    await deliver(handler, sqsRecord(registered));
    const placed = orderEvent('orderPlaced', snapshot(registered.data.userId, { status: 'PENDING' }));

    expect(await deliver(handler, sqsRecord(placed, { messageId: 'placed' }))).toEqual(['placed']);
    expect(await emailsTo(registered.data.email)).toHaveLength(1);
  });
});

describe('redeliveries', () => {
  it('sends one email per event when every event comes twice, shuffled, raw and SNS-wrapped', async () => {
    const registered = registration();
    const userId = registered.data.userId;
    const confirmed = orderEvent('orderConfirmed', snapshot(userId));
    const shipped = orderEvent('orderShipped', snapshot(userId, { status: 'SHIPPED' }));

    // One batch: a twin handled in parallel with its first copy, or an order event that overtakes
    // its user's UserRegistered, fails and comes again, as SQS would redeliver it.
    const deadLettered = await deliverUntilSettled(handler, [
      sqsRecord(shipped),
      sqsRecord(snsNotification(confirmed)),
      sqsRecord(snsNotification(registered)),
      sqsRecord(snsNotification(shipped)),
      sqsRecord(registered),
      sqsRecord(confirmed),
    ]);
    // And each of them once more, much later.
    const later = await deliver(handler, sqsRecord(confirmed), sqsRecord(shipped), sqsRecord(registered));

    expect(deadLettered).toEqual([]);
    expect(later).toEqual([]);
    const emails = await emailsTo(registered.data.email);
    expect(emails.map((email) => email.subject).sort()).toEqual(
      [
        'Welcome to Shop',
        `Shop: Your order ${confirmed.data.orderId} is confirmed`,
        `Shop: Your order ${shipped.data.orderId} is on its way`,
      ].sort(),
    );
  });

  it('sends no second email for an event whose id the idempotency table has forgotten', async () => {
    const registered = registration();
    await deliver(handler, sqsRecord(registered));
    await forgetHandledEvents();

    expect(await deliver(handler, sqsRecord(registered))).toEqual([]);

    expect(await emailsTo(registered.data.email)).toHaveLength(1);
    expect(await notification(registered.id)).toMatchObject({ status: 'SENT' });
  });
});

describe('bad messages', () => {
  it('reports a malformed message as a batch item failure and handles the rest of the batch', async () => {
    const registered = registration();
    const wrongData = {
      ...orderEvent('orderShipped', snapshot(registered.data.userId)),
      data: { orderId: 1 },
    };

    const failures = await deliver(
      handler,
      sqsRecord('not json', { messageId: 'not-json' }),
      sqsRecord(registered),
      sqsRecord('{"id":"x","type":"Nope"}', { messageId: 'not-an-envelope' }),
      sqsRecord(JSON.stringify(wrongData), { messageId: 'wrong-data' }),
    );

    expect(failures.sort()).toEqual(['not-an-envelope', 'not-json', 'wrong-data']);
    expect(await emailsTo(registered.data.email)).toHaveLength(1);
  });
});

describe('an order event before its user is known', () => {
  it('fails without sending or recording, then succeeds once UserRegistered has been handled', async () => {
    const registered = registration('Grace');
    const confirmed = orderEvent('orderConfirmed', snapshot(registered.data.userId));

    expect(await deliver(handler, sqsRecord(confirmed, { messageId: 'early' }))).toEqual(['early']);
    expect(await notification(confirmed.id)).toBeUndefined();
    expect(await emailsTo(registered.data.email)).toEqual([]);

    expect(await deliver(handler, sqsRecord(registered))).toEqual([]);
    expect(await deliver(handler, sqsRecord(confirmed))).toEqual([]);

    const subjects = (await emailsTo(registered.data.email)).map((email) => email.subject);
    expect(subjects).toEqual(['Welcome to Shop', `Shop: Your order ${confirmed.data.orderId} is confirmed`]);
    expect(await notification(confirmed.id)).toMatchObject({ status: 'SENT', type: 'ORDER_CONFIRMED' });
  });
});

/** Empties the consumer's idempotency table, as its TTL would after 14 days. */
async function forgetHandledEvents() {
  const client = documentClient();
  const { Items = [] } = await client.send(new ScanCommand({ TableName: tables.idempotency }));
  for (const item of Items)
    await client.send(new DeleteCommand({ TableName: tables.idempotency, Key: { id: item.id } }));
}

describe('emails of a store', () => {
  const store = (storeId: string, name: string) => ({
    storeId,
    name,
    currency: 'EUR',
    country: 'DE',
    taxIncluded: true,
    returnWindowDays: 30,
    createdAt: '2026-06-01T00:00:00.000Z',
    updatedAt: '2026-06-01T00:00:00.000Z',
  });

  it("name the store in the subject and the sender's display name, from the stage's address", async () => {
    await recordStoreChange({ tableName: tables.stores }, store('berlin', 'Berlin Shop'));
    const registered = registration('Ada');
    await deliver(handler, sqsRecord(registered));
    const shipped = orderEvent('orderShipped', snapshot(registered.data.userId, { storeId: 'berlin' }));

    expect(await deliver(handler, sqsRecord(shipped))).toEqual([]);

    const emails = await emailsTo(registered.data.email);
    const berlinEmail = emails.find((email) => email.subject.includes(shipped.data.orderId));
    expect(berlinEmail).toMatchObject({
      source: `"Berlin Shop" <${sender}>`,
      subject: `Berlin Shop: Your order ${shipped.data.orderId} is on its way`,
    });
    expect(await notification(shipped.id)).toMatchObject({ storeId: 'berlin', status: 'SENT' });
  });

  it('wait, unsent and unrecorded, for a store this service has not heard of yet', async () => {
    const registered = registration('Grace');
    await deliver(handler, sqsRecord(registered));
    const storeId = `s-${registered.data.userId.toLowerCase().replace(/[^a-z0-9-]/g, '')}`.slice(0, 32);
    const confirmed = orderEvent('orderConfirmed', snapshot(registered.data.userId, { storeId }));

    expect(await deliver(handler, sqsRecord(confirmed, { messageId: 'early' }))).toEqual(['early']);
    expect(await notification(confirmed.id)).toBeUndefined();
    expect(await emailsTo(registered.data.email)).toHaveLength(1);

    await recordStoreChange({ tableName: tables.stores }, store(storeId, 'Lyon Shop'));
    // The directory trusts "no such store" for a few seconds in a container; a new one asks again.
    vi.resetModules();
    const fresh = (await import('../src/handlers/events/notify.ts')).handler;
    expect(await deliver(fresh, sqsRecord(confirmed))).toEqual([]);
    const subjects = (await emailsTo(registered.data.email)).map((email) => email.subject);
    expect(subjects).toContain(`Lyon Shop: Your order ${confirmed.data.orderId} is confirmed`);
  });
});
