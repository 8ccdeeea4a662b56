import { listUsersQuery } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { profiles } from '../../wiring.ts';

/** GET /users (admin): every profile, a page at a time: `{ items, nextCursor }`. */
export const handler = httpRoute({ auth: 'admin', query: listUsersQuery }, async ({ query }) =>
  json(200, await profiles().list(query)),
);
