import { checkoutBody, idempotencyHeaders } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { carts } from '../../wiring.ts';

/**
 * POST /cart/checkout: asks the orders service for an order of the priced cart and answers 202 with its
 * id. The `Idempotency-Key` (required) makes it once per caller and key: replays get the same answer,
 * concurrent ones too; the key with another body is a 422. 409: an empty cart, a checkout of this cart
 * still in flight, or a customer limit (open orders, units of one product) reached.
 */
export const handler = httpRoute(
  { auth: 'customer', headers: idempotencyHeaders, body: checkoutBody },
  async ({ principal, headers, body, correlationId }) =>
    json(202, await carts().checkout(principal.userId, headers['idempotency-key'], body, correlationId)),
);
