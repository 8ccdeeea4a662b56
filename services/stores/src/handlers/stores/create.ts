import { newStoreBody } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { preloadAdminGroups, stores } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadAdminGroups();

/** POST /stores (admin): a new store, its admin group and its StoreChanged; 409 when the id is taken. */
export const handler = httpRoute({ auth: 'admin', body: newStoreBody }, async ({ body, correlationId }) => {
  const created = await stores().open(body, { correlationId });
  return json(201, created, { Location: `/stores/${created.storeId}` });
});
