import { listStoresQuery } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { stores } from '../../wiring.ts';

/** GET /stores: every store of the deployment, by storeId, a page at a time. */
export const handler = httpRoute({ query: listStoresQuery }, async ({ query }) =>
  json(200, await stores().list(query)),
);
