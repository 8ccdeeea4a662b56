import { stockReleased, stockReservationFailed, stockReserved } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { config, saga } from '../../wiring.ts';

/**
 * The SagaQueue consumer (products' replies from the product-events topic): a reservation confirms
 * or rejects the order after payment, a refusal rejects it, a release is recorded.
 */
export const handler = sqsEventConsumer({
  events: [stockReserved, stockReservationFailed, stockReleased],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    if (event.type === 'StockReserved') await saga().stockReserved(event);
    else if (event.type === 'StockReservationFailed') await saga().stockReservationFailed(event);
    else await saga().stockReleased(event);
  },
});
