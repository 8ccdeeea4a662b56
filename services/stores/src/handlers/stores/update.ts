import { storePatchBody, storePath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { stores } from '../../wiring.ts';

/** PATCH /stores/{storeId} (admin, or that store's admin): changes the given fields. */
export const handler = httpRoute(
  { auth: 'customer', path: storePath, body: storePatchBody },
  async ({ path, body, principal, correlationId }) =>
    json(200, await stores().change(path.storeId, body, principal, { correlationId })),
);
