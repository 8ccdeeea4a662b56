import { inventoryRequests } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { stockReservations } from '../../wiring.ts';

/**
 * The StockRequestsQueue consumer: reserves or releases an order's stock, once per event id (and, by
 * the reservation record, once per order), replying through the outbox to the product-events topic.
 */
export const handler = sqsEventConsumer({
  events: inventoryRequests,
  onceBy:
    'the reservation record: a request finding its order recorded answers that record again, under the same reply id',
  handle: async (event) => {
    if (event.type === 'StockReservationRequested') await stockReservations().reserve(event);
    else await stockReservations().release(event);
  },
});
