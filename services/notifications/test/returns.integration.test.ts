import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { documentClient } from '@shop/aws';
import { type ReturnSnapshot, returnReceived, returnRefunded } from '@shop/contracts';
import { createEvent } from '@shop/events';
import { sqsRecord, uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { renderEmail } from '../src/domain/email-templates.ts';
import {
  createTables,
  deliver,
  emailsTo,
  registration,
  serviceEnvironment,
  type Tables,
  verifiedSender,
} from './support.ts';

// Issue 17: the two return emails, RETURN_RECEIVED on ReturnReceived and RETURN_REFUNDED on
// ReturnRefunded, each once per event however often it is delivered.
let tables: Tables;
let handler: typeof import('../src/handlers/events/notify.ts').handler;

beforeAll(async () => {
  useEmulator();
  let sender: string;
  [tables, sender] = await Promise.all([createTables(), verifiedSender()]);
  serviceEnvironment(tables, sender);
  vi.resetModules();
  handler = (await import('../src/handlers/events/notify.ts')).handler;
});

const returned = (userId: string, overrides: Partial<ReturnSnapshot> = {}): ReturnSnapshot => ({
  storeId: 'main',
  orderId: uniqueName('o'),
  userId,
  returnId: uniqueName('r'),
  status: 'RECEIVED',
  lines: [
    {
      productId: 'p-shirt',
      variantId: 'p-shirt_m',
      name: 'Shirt',
      options: { Size: 'M' },
      quantity: 1,
      refundAmount: 1598,
    },
    { productId: 'p-lamp', variantId: 'p-lamp', name: 'Desk Lamp', quantity: 1, refundAmount: 1000 },
  ],
  refundAmount: 2598,
  currency: 'USD',
  updatedAt: new Date().toISOString(),
  ...overrides,
});

describe('return emails', () => {
  it('sends RETURN_RECEIVED and RETURN_REFUNDED once each, with the lines and the exact refund', async () => {
    const registered = registration('Ada Lovelace');
    await deliver(handler, sqsRecord(registered));
    const received = returned(registered.data.userId);
    const receivedEvent = createEvent(returnReceived, received, { source: 'orders' });
    const refundedEvent = createEvent(
      returnRefunded,
      { ...received, status: 'REFUNDED', refundId: 'refund_1', refundedTotal: 2598 },
      { source: 'orders' },
    );

    for (const event of [receivedEvent, refundedEvent, receivedEvent, refundedEvent])
      expect(await deliver(handler, sqsRecord(event))).toEqual([]);

    const emails = (await emailsTo(registered.data.email)).filter(
      (email) => email.subject !== 'Welcome to Shop',
    );
    expect(emails.map((email) => email.subject).sort()).toEqual([
      `Shop: Refund for order ${received.orderId}`,
      `Shop: Return received for order ${received.orderId}`,
    ]);
    for (const email of emails) {
      expect(email.body).toContain('1 × Shirt (Size: M): $15.98');
      expect(email.body).toContain('1 × Desk Lamp: $10.00');
      expect(email.body).not.toContain('shipping');
      expect(email.body).toContain('$25.98');
    }
    const stored = await documentClient().send(
      new GetCommand({ TableName: tables.notifications, Key: { notificationId: refundedEvent.id } }),
    );
    expect(stored.Item).toMatchObject({ type: 'RETURN_REFUNDED', orderId: received.orderId, status: 'SENT' });
  });

  it('keeps a return notification of a few lines under one DynamoDB write unit (1 KB)', () => {
    const long = returned('u-1234567890abcdef', { orderId: 'a'.repeat(36), returnId: 'b'.repeat(36) });
    for (const type of ['RETURN_RECEIVED', 'RETURN_REFUNDED'] as const) {
      const content = renderEmail({ type, recipientName: 'Ada Lovelace', storeName: 'Shop', returned: long });
      const item = {
        notificationId: 'c'.repeat(36),
        storeId: 'main',
        userId: 'd'.repeat(36),
        type,
        channel: 'email',
        to: 'ada.lovelace@example.com',
        subject: content.subject,
        body: content.text,
        html: content.html,
        status: 'SENT',
        orderId: long.orderId,
        createdAt: new Date().toISOString(),
        claimedAt: new Date().toISOString(),
        sentAt: new Date().toISOString(),
        providerMessageId: 'e'.repeat(60),
      };
      const bytes = Object.entries(marshall(item)).reduce(
        (sum, [name, value]) =>
          sum + Buffer.byteLength(name) + Buffer.byteLength(String(Object.values(value)[0])),
        0,
      );
      expect(bytes).toBeLessThan(1024);
    }
  });
});
