import { orderPath } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { orders } from '../../wiring.ts';

/** POST /orders/{orderId}/cancel (owner or admin): CANCELLED from PENDING or CONFIRMED, else 409. */
export const handler = httpRoute({ auth: 'customer', path: orderPath }, async ({ principal, path }) => ({
  statusCode: 200,
  body: await orders().cancel(path.orderId, actorOf(principal)),
}));
