import {
  DEFAULT_STORE_ID,
  type Notification,
  type NotificationPage,
  type NotificationStatus,
  type NotificationType,
} from '@shop/contracts';

// What the API shows of a notification, its types and statuses are the HTTP contract's (`@shop/contracts`).
export type { NotificationPage, NotificationStatus, NotificationType };
export type ReturnNotificationType = 'RETURN_RECEIVED' | 'RETURN_REFUNDED';
export type OrderNotificationType = Exclude<NotificationType, 'WELCOME' | ReturnNotificationType>;

/**
 * A notification as stored: what the API shows plus whom it belongs to and how its send went. Items
 * written before stores have no `storeId`: they are `main`'s (the backfill writes it).
 */
export type StoredNotification = Omit<Notification, 'storeId'> & {
  storeId?: string;
  userId: string;
  /** The HTML body that was sent beside the text one. */
  html: string;
  /** When the current attempt claimed it; a PENDING claim older than the lease is a dead attempt. */
  claimedAt: string;
  sentAt?: string;
  /** SES's message id, once sent. */
  providerMessageId?: string;
  /** Why SES refused it, when FAILED. */
  failure?: string;
};

/** Someone who can be emailed, as UserRegistered told us. */
export type Recipient = { userId: string; email: string; name: string };

/** The order events that are emailed, and their notification types; OrderPlaced is not emailed. */
export const orderNotificationTypes = {
  OrderConfirmed: 'ORDER_CONFIRMED',
  OrderRejected: 'ORDER_REJECTED',
  OrderCancelled: 'ORDER_CANCELLED',
  OrderShipped: 'ORDER_SHIPPED',
  OrderDelivered: 'ORDER_DELIVERED',
} as const satisfies Record<string, OrderNotificationType>;

/** The return events that are emailed (issue 17), and their notification types. */
export const returnNotificationTypes = {
  ReturnReceived: 'RETURN_RECEIVED',
  ReturnRefunded: 'RETURN_REFUNDED',
} as const satisfies Record<string, ReturnNotificationType>;

/** Drops what only the service needs, keeping exactly the fields of API.md. */
export function toView(notification: StoredNotification): Notification {
  const { notificationId, storeId, type, channel, to, subject, body, status, orderId, createdAt } =
    notification;
  return {
    notificationId,
    storeId: storeId ?? DEFAULT_STORE_ID,
    type,
    channel,
    to,
    subject,
    body,
    status,
    ...(orderId === undefined ? {} : { orderId }),
    createdAt,
  };
}
