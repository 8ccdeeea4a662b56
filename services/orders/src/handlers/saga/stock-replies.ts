import { stockReleased, stockReservationFailed, stockReserved } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { saga } from '../../wiring.ts';

/**
 * The SagaQueue consumer (products' replies from the product-events topic): a reservation confirms
 * or rejects the order after payment, a refusal rejects it, a release is recorded.
 */
export const handler = sqsEventConsumer({
  events: [stockReserved, stockReservationFailed, stockReleased],
  onceBy:
    'every transition is an Update conditioned on the status it was decided from; a repeat finds the order moved and republishes its event under the same id',
  handle: async (event) => {
    if (event.type === 'StockReserved') await saga().stockReserved(event);
    else if (event.type === 'StockReservationFailed') await saga().stockReservationFailed(event);
    else await saga().stockReleased(event);
  },
});
