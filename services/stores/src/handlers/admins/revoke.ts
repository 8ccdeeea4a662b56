import { storeAdminPath } from '@shop/contracts';
import { httpRoute, noContent } from '@shop/middleware';
import { preloadAdminGroups, stores } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadAdminGroups();

/** DELETE /stores/{storeId}/admins/{email} (admin): the user no longer administers the store. */
export const handler = httpRoute({ auth: 'admin', path: storeAdminPath }, async ({ path }) => {
  await stores().revokeAdmin(path.storeId, path.email);
  return noContent();
});
