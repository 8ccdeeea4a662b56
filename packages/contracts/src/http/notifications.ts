import { paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { storeIdSchema } from '../stores.ts';
import { page, serverId, timestamp } from './common.ts';

// The notifications service's one route: a customer's own emails.

/** What an email is about: one per order event that a customer hears of, and WELCOME on sign-up. */
export const notificationType = z.enum([
  'ORDER_CONFIRMED',
  'ORDER_REJECTED',
  'ORDER_CANCELLED',
  'ORDER_SHIPPED',
  'ORDER_DELIVERED',
  'RETURN_RECEIVED',
  'RETURN_REFUNDED',
  'WELCOME',
]);
export type NotificationType = z.infer<typeof notificationType>;

/**
 * PENDING: claimed, the send is under way (or its process died) · SENT: SES accepted it ·
 * FAILED: SES refused it, so nothing went out; a retry may claim it again · UNKNOWN: a send was
 * started and never confirmed, and is not repeated (at most once).
 */
export const notificationStatus = z.enum(['PENDING', 'SENT', 'FAILED', 'UNKNOWN']);
export type NotificationStatus = z.infer<typeof notificationStatus>;

/** GET /notifications query: a page at a time. */
export const listNotificationsQuery = paginationQuery;
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

/** One notification as `GET /notifications` lists it. */
export const notification = z.object({
  notificationId: serverId(256),
  /** The store whose email it is (a WELCOME is `main`'s: an account is the deployment's). */
  storeId: storeIdSchema,
  type: notificationType,
  channel: z.literal('email'),
  to: z.email().check(z.maxLength(254)),
  subject: z.string().check(z.maxLength(1000)),
  /** The plain-text body of the email. */
  body: z.string().check(z.maxLength(100_000)),
  status: notificationStatus,
  orderId: z.optional(serverId(128)),
  createdAt: timestamp,
});
export type Notification = z.infer<typeof notification>;

/** GET /notifications answer, newest first. */
export const notificationPage = page(notification);
export type NotificationPage = z.infer<typeof notificationPage>;
