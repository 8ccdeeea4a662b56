import { orderPath } from '@shop/contracts';
import { httpRoute } from '@shop/middleware';
import { actorOf } from '../../domain/actor.ts';
import { orders } from '../../wiring.ts';

/** GET /orders/{orderId}: the order for its owner or an admin; 404 for anyone else. */
export const handler = httpRoute({ auth: 'customer', path: orderPath }, async ({ principal, path }) => ({
  statusCode: 200,
  body: await orders().find(path.orderId, actorOf(principal)),
}));
