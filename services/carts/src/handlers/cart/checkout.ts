import { checkoutBody, idempotencyHeaders } from '@shop/contracts';
import { httpRoute, json } from '@shop/middleware';
import { shopperIn } from '../../adapters/dynamo-carts.ts';
import { carts, knownStores } from '../../wiring.ts';

/**
 * POST /cart/checkout: asks the orders service for an order of the priced cart of the request's store
 * and answers 202 with its id. The `Idempotency-Key` (required) makes it once per caller, store and
 * key: replays get the same answer, concurrent ones too; the key with another body is a 422. 409: an
 * empty cart, a checkout of this cart still in flight, or a customer limit of this store (open orders,
 * units of one product) reached.
 */
export const handler = httpRoute(
  { auth: 'customer', stores: knownStores, headers: idempotencyHeaders, body: checkoutBody },
  async ({ principal, store, headers, body, correlationId }) =>
    json(
      202,
      await carts().checkout(
        shopperIn(store, principal.userId),
        headers['idempotency-key'],
        body,
        correlationId,
      ),
    ),
);
