import { isoTimestamp } from '@shop/validation';
import * as z from 'zod';

/** What an email is about: one per order event that a customer hears of, and WELCOME on sign-up. */
export const notificationType = z.enum([
  'ORDER_CONFIRMED',
  'ORDER_REJECTED',
  'ORDER_CANCELLED',
  'ORDER_SHIPPED',
  'ORDER_DELIVERED',
  'WELCOME',
]);
export type NotificationType = z.infer<typeof notificationType>;
export type OrderNotificationType = Exclude<NotificationType, 'WELCOME'>;

/**
 * PENDING: claimed, the send is under way (or its process died) · SENT: SES accepted it ·
 * FAILED: SES refused it, so nothing went out; a retry may claim it again · UNKNOWN: a send was
 * started and never confirmed, and is not repeated (at most once; see the README).
 */
export const notificationStatus = z.enum(['PENDING', 'SENT', 'FAILED', 'UNKNOWN']);
export type NotificationStatus = z.infer<typeof notificationStatus>;

/** One notification as `GET /notifications` lists it. */
export const notificationView = z.object({
  notificationId: z.string(),
  type: notificationType,
  channel: z.literal('email'),
  to: z.string(),
  subject: z.string(),
  /** The plain-text body of the email. */
  body: z.string(),
  status: notificationStatus,
  orderId: z.string().optional(),
  createdAt: isoTimestamp,
});
export type NotificationView = z.infer<typeof notificationView>;

/** A notification as stored: the view plus whom it belongs to and how its send went. */
export type Notification = NotificationView & {
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

/** One page of a user's notifications, newest first. */
export type NotificationPage = { items: NotificationView[]; nextCursor: string | null };

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

/** Drops what only the service needs, keeping exactly the fields of API.md. */
export function toView(notification: Notification): NotificationView {
  const { notificationId, type, channel, to, subject, body, status, orderId, createdAt } = notification;
  return {
    notificationId,
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
