import { storePath } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { stores } from '../../wiring.ts';

/** GET /stores/{storeId}: one store; `main` always exists. */
export const handler = httpRoute({ path: storePath }, async ({ path }) =>
  json(200, await stores().get(path.storeId)),
);
