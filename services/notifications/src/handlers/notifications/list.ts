import { listNotificationsQuery } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { notifications } from '../../wiring.ts';

/** GET /notifications: the caller's own notifications, newest first, a page at a time. */
export const handler = httpRoute(
  { auth: 'customer', query: listNotificationsQuery },
  async ({ principal, query }) => ({
    statusCode: 200,
    body: await notifications().list(principal.userId, query),
  }),
);
