import { recordEventsRelayHandler } from '@shop/events';
import { checkoutRelay } from '../../wiring.ts';

/**
 * Sends the CheckoutRequested of each new checkout record: triggered by the carts table's stream,
 * filtered to records that carry one. A failed send is retried by the stream (same event id).
 */
export const handler = recordEventsRelayHandler(checkoutRelay);
