import { inventoryRequests, returnReceived } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { stockReservations } from '../../wiring.ts';

/**
 * The StockRequestsQueue consumer: reserves or releases an order's stock, once per event id (and, by
 * the reservation record, once per order), replying through the outbox to the product-events topic;
 * and puts a received return's units back (ReturnReceived, which orders sends here beside its topic),
 * once per return by the restock's marker.
 */
export const handler = sqsEventConsumer({
  events: [...inventoryRequests, returnReceived],
  onceBy:
    'the reservation record: a request finding its order recorded answers that record again, under the same reply id; a return by its restock marker',
  handle: async (event) => {
    if (event.type === 'ReturnReceived') await stockReservations().restock(event);
    else if (event.type === 'StockReservationRequested') await stockReservations().reserve(event);
    else await stockReservations().release(event);
  },
});
