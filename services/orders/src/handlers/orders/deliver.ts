import { orderPath } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { orders } from '../../wiring.ts';
import { actorOf } from './actor.ts';

/** POST /orders/{orderId}/deliver (admin): SHIPPED → DELIVERED, else 409. */
export const handler = httpRoute({ auth: 'admin', path: orderPath }, async ({ principal, path }) => ({
  statusCode: 200,
  body: await orders().deliver(path.orderId, actorOf(principal)),
}));
