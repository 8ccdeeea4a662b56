import type { OrderSnapshot } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { eraseRecipient } from '../src/domain/erasure.ts';
import type { Recipient, StoredNotification } from '../src/domain/notification.ts';
import {
  type AddressBook,
  EmailNotSentError,
  type EmailSender,
  ERASED,
  NotificationInProgressError,
  type NotificationStore,
  notifier,
  RecipientUnknownError,
  type StoreLookup,
  StoreUnknownError,
} from '../src/domain/notifier.ts';

// In-memory ports, so the claim rules are tested without AWS.
function memoryStore(): NotificationStore & { items: Map<string, StoredNotification> } {
  const items = new Map<string, StoredNotification>();
  const update = (id: string, from: string, values: Partial<StoredNotification>) => {
    const item = items.get(id);
    if (item?.status !== from)
      throw Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException' });
    items.set(id, { ...item, ...values });
  };
  return {
    items,
    async claim(notification) {
      const existing = items.get(notification.notificationId);
      if (existing && existing.status !== 'FAILED') return { claimed: false, existing };
      items.set(notification.notificationId, notification);
      return { claimed: true };
    },
    async markSent(id, sentAt, providerMessageId) {
      update(id, 'PENDING', { status: 'SENT', sentAt, providerMessageId });
    },
    async markFailed(id, failure) {
      update(id, 'PENDING', { status: 'FAILED', failure });
    },
    async markUnknown(id) {
      if (items.get(id)?.status === 'PENDING') update(id, 'PENDING', { status: 'UNKNOWN' });
    },
    async listForUser() {
      return { items: [], nextCursor: null };
    },
    async deleteForUser(userId) {
      const theirs = [...items.values()].filter((item) => item.userId === userId);
      for (const item of theirs) items.delete(item.notificationId);
      return theirs.length;
    },
  };
}

function memoryAddressBook(
  ...known: Recipient[]
): AddressBook & { entries: Map<string, Recipient | 'erased'> } {
  const entries = new Map<string, Recipient | 'erased'>(
    known.map((recipient) => [recipient.userId, recipient]),
  );
  return {
    entries,
    async find(userId) {
      return entries.get(userId);
    },
    async save(recipient) {
      if (entries.get(recipient.userId) === ERASED) return ERASED;
      entries.set(recipient.userId, recipient);
      return 'saved';
    },
    async erase(userId) {
      entries.set(userId, ERASED);
    },
  };
}

/** The stores this service has heard of: main, and berlin. */
function knownStores(): StoreLookup {
  const known = new Map([
    ['main', { storeId: 'main', name: 'Shop' }],
    ['berlin', { storeId: 'berlin', name: 'Berlin Shop' }],
  ]);
  return { find: async (storeId) => known.get(storeId) };
}

/** A sender that records what it sent, failing with the queued errors first. */
function recordingSender(
  ...failures: Error[]
): EmailSender & { sent: Array<{ to: string; subject: string; fromName?: string }> } {
  const sent: Array<{ to: string; subject: string; fromName?: string }> = [];
  return {
    sent,
    async send(email) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push({ to: email.to, subject: email.subject, fromName: email.fromName });
      return { messageId: `m-${sent.length}` };
    },
  };
}

const ada: Recipient = { userId: 'u-ada', email: 'ada@example.com', name: 'Ada' };
const snapshot: OrderSnapshot = {
  storeId: 'main',
  orderId: 'o-1',
  userId: 'u-ada',
  status: 'SHIPPED',
  items: [{ productId: 'p-1', name: 'Lamp', quantity: 1, unitPrice: 1000 }],
  total: 1000,
  currency: 'USD',
  updatedAt: '2026-01-31T12:00:00.000Z',
};
const shipped = { id: 'e-1', type: 'OrderShipped' as const, data: snapshot };

/** A clock that tests move by hand. */
function clock(start = Date.parse('2026-02-01T00:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('delivering an order notification', () => {
  it('claims the notification PENDING, sends one email and records it SENT with the message id', async () => {
    const store = memoryStore();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook: memoryAddressBook(ada), sender });

    expect(await service.orderChanged(shipped)).toBe('sent');

    expect(sender.sent).toEqual([
      { to: 'ada@example.com', subject: 'Shop: Your order o-1 is on its way', fromName: 'Shop' },
    ]);
    expect(store.items.get('e-1')).toMatchObject({
      notificationId: 'e-1',
      storeId: 'main',
      userId: 'u-ada',
      type: 'ORDER_SHIPPED',
      channel: 'email',
      to: 'ada@example.com',
      status: 'SENT',
      orderId: 'o-1',
      providerMessageId: 'm-1',
    });
  });

  it('sends nothing for an event whose notification is already SENT', async () => {
    const store = memoryStore();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook: memoryAddressBook(ada), sender });

    await service.orderChanged(shipped);
    expect(await service.orderChanged(shipped)).toBe('duplicate');

    expect(sender.sent).toHaveLength(1);
  });

  it('refuses an order event for an unknown user without claiming anything, so a retry can succeed', async () => {
    const store = memoryStore();
    const addressBook = memoryAddressBook();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook, sender });

    await expect(service.orderChanged(shipped)).rejects.toBeInstanceOf(RecipientUnknownError);
    expect(store.items.size).toBe(0);

    await service.userRegistered({ id: 'e-reg', data: ada });
    expect(await service.orderChanged(shipped)).toBe('sent');
    expect(sender.sent.map((email) => email.subject)).toEqual([
      'Welcome to Shop',
      'Shop: Your order o-1 is on its way',
    ]);
  });

  it("sends an order of another store under that store's name, and records it in that store", async () => {
    const store = memoryStore();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook: memoryAddressBook(ada), sender });
    const berlinOrder = {
      id: 'e-berlin',
      type: 'OrderShipped' as const,
      data: { ...snapshot, storeId: 'berlin' },
    };

    expect(await service.orderChanged(berlinOrder)).toBe('sent');
    expect(sender.sent).toEqual([
      {
        to: 'ada@example.com',
        subject: 'Berlin Shop: Your order o-1 is on its way',
        fromName: 'Berlin Shop',
      },
    ]);
    expect(store.items.get('e-berlin')?.storeId).toBe('berlin');
  });

  it('refuses an order of a store not heard of yet without claiming anything, so a retry can succeed', async () => {
    const store = memoryStore();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook: memoryAddressBook(ada), sender });
    const unknown = { id: 'e-x', type: 'OrderShipped' as const, data: { ...snapshot, storeId: 'lyon' } };

    await expect(service.orderChanged(unknown)).rejects.toBeInstanceOf(StoreUnknownError);
    expect(store.items.size).toBe(0);
    expect(sender.sent).toEqual([]);
  });

  it('gives an order event from before stores (no storeId) to main', async () => {
    const store = memoryStore();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook: memoryAddressBook(ada), sender });
    const { storeId: _none, ...before } = snapshot;

    expect(await service.orderChanged({ id: 'e-old', type: 'OrderShipped', data: before })).toBe('sent');
    expect(store.items.get('e-old')?.storeId).toBe('main');
    expect(sender.sent[0]?.fromName).toBe('Shop');
  });

  it("welcomes a new account in main, under main's name", async () => {
    const store = memoryStore();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook: memoryAddressBook(), sender });

    await service.userRegistered({ id: 'e-welcome', data: ada });
    expect(sender.sent).toEqual([{ to: 'ada@example.com', subject: 'Welcome to Shop', fromName: 'Shop' }]);
    expect(store.items.get('e-welcome')?.storeId).toBe('main');
  });
});

describe('a send that fails', () => {
  it('marks a refused send FAILED and sends on the retry', async () => {
    const store = memoryStore();
    const sender = recordingSender(new EmailNotSentError('Throttling'));
    const service = notifier({ stores: knownStores(), store, addressBook: memoryAddressBook(ada), sender });

    await expect(service.orderChanged(shipped)).rejects.toBeInstanceOf(EmailNotSentError);
    expect(store.items.get('e-1')?.status).toBe('FAILED');

    expect(await service.orderChanged(shipped)).toBe('sent');
    expect(sender.sent).toHaveLength(1);
    expect(store.items.get('e-1')?.status).toBe('SENT');
  });

  it('leaves a send with no answer PENDING, and a retry within the lease waits', async () => {
    const time = clock();
    const store = memoryStore();
    const sender = recordingSender(new Error('socket hang up'));
    const service = notifier({
      stores: knownStores(),
      store,
      addressBook: memoryAddressBook(ada),
      sender,
      now: time.now,
    });

    await expect(service.orderChanged(shipped)).rejects.toThrow('socket hang up');
    expect(store.items.get('e-1')?.status).toBe('PENDING');

    time.advance(10_000);
    await expect(service.orderChanged(shipped)).rejects.toBeInstanceOf(NotificationInProgressError);
    expect(sender.sent).toHaveLength(0);
  });

  it('never sends again after an attempt died mid-send: the notification becomes UNKNOWN', async () => {
    const time = clock();
    const store = memoryStore();
    const sender = recordingSender(new Error('Task timed out'));
    const service = notifier({
      stores: knownStores(),
      store,
      addressBook: memoryAddressBook(ada),
      sender,
      now: time.now,
    });
    await expect(service.orderChanged(shipped)).rejects.toThrow();

    time.advance(120_000);
    expect(await service.orderChanged(shipped)).toBe('unknown');
    expect(await service.orderChanged(shipped)).toBe('duplicate');

    expect(sender.sent).toHaveLength(0);
    expect(store.items.get('e-1')?.status).toBe('UNKNOWN');
  });
});

describe('a user who erased their account', () => {
  const registered = { id: 'UserRegistered-u-ada', data: ada };

  it('loses their address and every notification; only the mark that they were erased stays', async () => {
    const store = memoryStore();
    const addressBook = memoryAddressBook(ada);
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook, sender });
    await service.orderChanged(shipped);
    await service.orderChanged({ ...shipped, id: 'e-2', type: 'OrderDelivered' });
    const other = { ...shipped, id: 'e-3', data: { ...snapshot, userId: 'u-bob' } };
    addressBook.entries.set('u-bob', { userId: 'u-bob', email: 'bob@example.com', name: 'Bob' });
    await service.orderChanged(other);

    expect(await eraseRecipient('u-ada', { addressBook, store })).toEqual({ deleted: 2 });
    expect(addressBook.entries.get('u-ada')).toBe(ERASED);
    expect([...store.items.keys()]).toEqual(['e-3']);
    expect(await eraseRecipient('u-ada', { addressBook, store })).toEqual({ deleted: 0 });
  });

  it('is emailed nothing more: an order step still in flight is dropped, not retried', async () => {
    const store = memoryStore();
    const addressBook = memoryAddressBook(ada);
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook, sender });
    await eraseRecipient('u-ada', { addressBook, store });
    expect(await service.orderChanged(shipped)).toBe(ERASED);
    expect(sender.sent).toEqual([]);
    expect(store.items.size).toBe(0);
  });

  it('is not brought back by a late UserRegistered: no address kept, no WELCOME', async () => {
    const store = memoryStore();
    const addressBook = memoryAddressBook();
    const sender = recordingSender();
    const service = notifier({ stores: knownStores(), store, addressBook, sender });
    // Erased before this service even heard of the sign-up (the events crossed).
    await eraseRecipient('u-ada', { addressBook, store });
    expect(await service.userRegistered(registered)).toBe(ERASED);
    expect(addressBook.entries.get('u-ada')).toBe(ERASED);
    expect(sender.sent).toEqual([]);
    expect(store.items.size).toBe(0);
  });
});
