import { listNotificationsQuery } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { knownStores, notifications } from '../../wiring.ts';

/** GET /notifications: the caller's own notifications in the request's store, newest first, a page at a time. */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, query: listNotificationsQuery },
  async ({ principal, store, query }) => ({
    statusCode: 200,
    body: await notifications().list(store.storeId, principal.userId, query),
  }),
);
