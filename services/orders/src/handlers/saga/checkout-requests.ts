import { logger } from '@shop/aws';
import { checkoutRequested } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { saga } from '../../wiring.ts';

/**
 * The CheckoutRequestsQueue consumer: creates the PENDING order once per order id, with OrderPlaced
 * and StockReservationRequested in the same transaction (outbox).
 */
export const handler = sqsEventConsumer({
  events: [checkoutRequested],
  onceBy:
    'the order is created by a Put conditioned on its id; a repeat republishes the events of placing it under their ids',
  handle: async (event) => {
    const created = await saga().placeOrder(event);
    if (!created) logger.info('Order already placed', { orderId: event.data.orderId });
  },
});
