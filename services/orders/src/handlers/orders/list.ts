import { orderStatus } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { paginationQuery } from '@shop/validation';
import * as z from 'zod';
import { actorOf } from '../../domain/actor.ts';
import { orders } from '../../wiring.ts';

export const listOrdersQuery = paginationQuery.extend({
  status: orderStatus.optional(),
  /** `all`: every user's orders (admins only). */
  scope: z.enum(['own', 'all']).default('own'),
});

/** GET /orders: the caller's own orders newest first; `?scope=all` every user's (admin, else 403). */
export const handler = httpRoute(
  { auth: 'customer', query: listOrdersQuery },
  async ({ principal, query }) => ({
    statusCode: 200,
    body: await orders().list(actorOf(principal), query),
  }),
);
