import { listOrdersQuery } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { orders } from '../../wiring.ts';

/** GET /orders: the caller's own orders newest first; `?scope=all` every user's (admin, else 403). */
export const handler = httpRoute(
  { auth: 'customer', query: listOrdersQuery },
  async ({ principal, query }) => ({
    statusCode: 200,
    body: await orders().list(actorOf(principal), query),
  }),
);
