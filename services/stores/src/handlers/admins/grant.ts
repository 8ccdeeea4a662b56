import { storeAdminPath } from '@shop/contracts';
import { httpRoute, noContent } from '@shop/middleware';
import { preloadAdminGroups, stores } from '../../wiring.ts';

// This route calls Cognito on every request: its package and client are made at init.
await preloadAdminGroups();

/** PUT /stores/{storeId}/admins/{email} (admin): the user administers the store after their next refresh. */
export const handler = httpRoute({ auth: 'admin', path: storeAdminPath }, async ({ path }) => {
  await stores().grantAdmin(path.storeId, path.email);
  return noContent();
});
