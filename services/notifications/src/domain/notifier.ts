import {
  DEFAULT_STORE_ID,
  type OrderSnapshot,
  type ReturnSnapshot,
  type Store,
  storeOf,
} from '@shop/contracts';
import type { PaginationQuery } from '@shop/validation';
import { type EmailContent, renderEmail } from './email-templates.ts';
import {
  type NotificationPage,
  type NotificationType,
  type OrderNotificationType,
  orderNotificationTypes,
  type Recipient,
  returnNotificationTypes,
  type StoredNotification,
} from './notification.ts';

/** Where notifications are kept; the DynamoDB adapter implements it, unit tests use another. */
export interface NotificationStore {
  /**
   * Writes the notification PENDING unless one with its id exists that is not FAILED: answers
   * `{ claimed: true }`, or the existing one untouched.
   */
  claim(
    notification: StoredNotification,
  ): Promise<{ claimed: true } | { claimed: false; existing: StoredNotification }>;
  markSent(notificationId: string, sentAt: string, providerMessageId: string): Promise<void>;
  markFailed(notificationId: string, failure: string): Promise<void>;
  /** Moves a PENDING notification to UNKNOWN; does nothing if it is no longer PENDING. */
  markUnknown(notificationId: string): Promise<void>;
  /** The user's notifications of one store, newest first; a cursor of another store or user is a 400. */
  listForUser(storeId: string, userId: string, query: PaginationQuery): Promise<NotificationPage>;
  /** Deletes every notification of the user; answers how many there were. */
  deleteForUser(userId: string): Promise<number>;
}

/** An erased user's place in the address book: no address, only the fact (so nothing brings it back). */
export const ERASED = 'erased';

/** The users we can email, from UserRegistered. */
export interface AddressBook {
  /** The user's address; `ERASED` once they erased their account; undefined while not known (yet). */
  find(userId: string): Promise<Recipient | typeof ERASED | undefined>;
  /** Keeps the address, unless the user was erased: then nothing is kept and it answers `ERASED`. */
  save(recipient: Recipient): Promise<'saved' | typeof ERASED>;
  /** Forgets the user's address for good, leaving the mark that they were erased. */
  erase(userId: string, at: Date): Promise<void>;
}

/** The stores this service has heard of (its read model, from StoreChanged); `main` always answers. */
export interface StoreLookup {
  find(storeId: string): Promise<Pick<Store, 'storeId' | 'name'> | undefined>;
}

/**
 * Sends one email, from the stage's sender under the store's name. Throws `EmailNotSentError` when the
 * provider surely sent nothing.
 */
export interface EmailSender {
  send(email: EmailContent & { to: string; fromName: string }): Promise<{ messageId: string }>;
}

/** The provider answered with an error, so nothing was sent and sending again is safe. */
export class EmailNotSentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmailNotSentError';
  }
}

/**
 * An order event for a user whose UserRegistered has not been handled yet (events may arrive out of
 * order): throwing has the message retried, and after the queue's last try it rests in the DLQ.
 */
export class RecipientUnknownError extends Error {
  constructor(userId: string) {
    super(`No email address is known for user ${userId} yet`);
    this.name = 'RecipientUnknownError';
  }
}

/**
 * An order event of a store whose StoreChanged has not reached this service yet (the two topics have
 * no order between them): throwing has the message retried until the store is known.
 */
export class StoreUnknownError extends Error {
  constructor(storeId: string) {
    super(`The store ${storeId} is not known here yet`);
    this.name = 'StoreUnknownError';
  }
}

/** Another attempt holds a fresh claim on this notification; retry later. */
export class NotificationInProgressError extends Error {
  constructor(notificationId: string) {
    super(`Notification ${notificationId} is being sent by another attempt`);
    this.name = 'NotificationInProgressError';
  }
}

/**
 * What handling one event did: `unknown` means an earlier attempt died mid-send (see the README);
 * `erased`, that nothing was sent because the user erased their account.
 */
export type DeliveryOutcome = 'sent' | 'duplicate' | 'unknown' | typeof ERASED;

/** The part of an event envelope that names the notification: one notification per event id. */
type EventMeta = { id: string };

export type NotifierOptions = {
  store: NotificationStore;
  addressBook: AddressBook;
  stores: StoreLookup;
  sender: EmailSender;
  now?: () => Date;
  /**
   * How long a PENDING claim belongs to the attempt that made it; longer than the function's timeout,
   * shorter than the queue's visibility timeout, so a retry finds an older claim to be a dead attempt.
   */
  claimLeaseMs?: number;
};

/** One email per event: claims the notification, sends it, records the outcome. */
export function notifier(options: NotifierOptions) {
  const { store, addressBook, sender, stores } = options;

  async function knownStore(storeId: string): Promise<Pick<Store, 'storeId' | 'name'>> {
    const found = await stores.find(storeId);
    if (!found) throw new StoreUnknownError(storeId);
    return found;
  }
  const now = options.now ?? (() => new Date());
  const claimLeaseMs = options.claimLeaseMs ?? 60_000;

  async function deliver(
    event: EventMeta,
    recipient: Recipient,
    from: Pick<Store, 'storeId' | 'name'>,
    type: NotificationType,
    content: EmailContent,
    orderId?: string,
  ): Promise<DeliveryOutcome> {
    const claimedAt = now().toISOString();
    const notification: StoredNotification = {
      notificationId: event.id,
      storeId: from.storeId,
      userId: recipient.userId,
      type,
      channel: 'email',
      to: recipient.email,
      subject: content.subject,
      body: content.text,
      html: content.html,
      status: 'PENDING',
      ...(orderId === undefined ? {} : { orderId }),
      createdAt: claimedAt,
      claimedAt,
    };
    const claim = await store.claim(notification);
    if (!claim.claimed) {
      const { existing } = claim;
      if (existing.status !== 'PENDING') return 'duplicate';
      if (now().getTime() - Date.parse(existing.claimedAt) < claimLeaseMs)
        throw new NotificationInProgressError(event.id);
      // The attempt that claimed it died between the claim and the record of the send: the email may
      // have gone out. Sending again could be a second email, so it is not sent again.
      await store.markUnknown(event.id);
      return 'unknown';
    }
    let messageId: string;
    try {
      ({ messageId } = await sender.send({ to: recipient.email, fromName: from.name, ...content }));
    } catch (error) {
      // Surely unsent: release the claim so the retry sends. Otherwise it stays PENDING (see above).
      if (error instanceof EmailNotSentError) await store.markFailed(event.id, error.message);
      throw error;
    }
    await store.markSent(event.id, now().toISOString(), messageId);
    return 'sent';
  }

  return {
    /** Remembers the user's address, then welcomes them. */
    async userRegistered(event: EventMeta & { data: Recipient }): Promise<DeliveryOutcome> {
      const recipient: Recipient = {
        userId: event.data.userId,
        email: event.data.email,
        name: event.data.name,
      };
      // A late (relayed, redriven) sign-up of a user who has erased their account brings nothing back.
      if ((await addressBook.save(recipient)) === ERASED) return ERASED;
      // An account is the deployment's, not a store's: it is welcomed by `main`, and listed there.
      const from = await knownStore(DEFAULT_STORE_ID);
      const content = renderEmail({ type: 'WELCOME', recipientName: recipient.name, storeName: from.name });
      return deliver(event, recipient, from, 'WELCOME', content);
    },

    /** Emails the order's owner about the step; throws `RecipientUnknownError` before their sign-up is known. */
    async orderChanged(
      event: EventMeta & { type: keyof typeof orderNotificationTypes; data: OrderSnapshot },
    ): Promise<DeliveryOutcome> {
      const order = event.data;
      const recipient = await addressBook.find(order.userId);
      if (recipient === ERASED) return ERASED;
      if (!recipient) throw new RecipientUnknownError(order.userId);
      // An order event from before stores names none: it is main's.
      const from = await knownStore(storeOf(order));
      const type: OrderNotificationType = orderNotificationTypes[event.type];
      const content = renderEmail({ type, recipientName: recipient.name, storeName: from.name, order });
      return deliver(event, recipient, from, type, content, order.orderId);
    },

    /**
     * Emails the return's owner that it was received (RETURN_RECEIVED) or refunded (RETURN_REFUNDED);
     * once per event id, like an order's step.
     */
    async returnChanged(
      event: EventMeta & { type: keyof typeof returnNotificationTypes; data: ReturnSnapshot },
    ): Promise<DeliveryOutcome> {
      const returned = event.data;
      const recipient = await addressBook.find(returned.userId);
      if (recipient === ERASED) return ERASED;
      if (!recipient) throw new RecipientUnknownError(returned.userId);
      const from = await knownStore(storeOf(returned));
      const type = returnNotificationTypes[event.type];
      const content = renderEmail({ type, recipientName: recipient.name, storeName: from.name, returned });
      return deliver(event, recipient, from, type, content, returned.orderId);
    },

    /** The user's own notifications in one store, newest first. */
    list(storeId: string, userId: string, query: PaginationQuery): Promise<NotificationPage> {
      return store.listForUser(storeId, userId, query);
    },
  };
}

export type Notifier = ReturnType<typeof notifier>;
