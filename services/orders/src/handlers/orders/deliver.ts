import { orderPath } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { orders } from '../../wiring.ts';

/** POST /orders/{orderId}/deliver (admin): SHIPPED → DELIVERED, else 409. */
export const handler = httpRoute({ auth: 'admin', path: orderPath }, async ({ principal, path }) => ({
  statusCode: 200,
  body: await orders().deliver(path.orderId, actorOf(principal)),
}));
