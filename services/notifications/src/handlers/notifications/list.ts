import { httpRoute } from '@shop/middleware';
import { paginationQuery } from '@shop/validation';
import { notifications } from '../../wiring.ts';

/** GET /notifications: the caller's own notifications, newest first, a page at a time. */
export const handler = httpRoute(
  { auth: 'customer', query: paginationQuery },
  async ({ principal, query }) => ({
    statusCode: 200,
    body: await notifications().list(principal.userId, query),
  }),
);
