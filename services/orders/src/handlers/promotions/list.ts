import { listPromotionsQuery } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { knownStores, promotions } from '../../wiring.ts';

/** GET /promotions (the store's admins): its promotion codes by code, each with `timesUsed`. */
export const handler = httpRoute(
  { auth: 'storeAdmin', stores: knownStores, query: listPromotionsQuery },
  async ({ store, query }) => json(200, await promotions().list(store.storeId, query)),
);
