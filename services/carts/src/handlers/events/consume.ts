import { orderCancelled, orderConfirmed, orderRejected, productChanged } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { logger } from '@shop/middleware';
import { carts, config, productReadModel } from '../../wiring.ts';

/**
 * The carts' queue consumer: ProductChanged keeps the products read model (highest revision wins);
 * OrderConfirmed takes what was checked out out of the cart; OrderRejected and OrderCancelled end the
 * checkout and keep the cart. Once per event id, and once per order by the cart's checkout record.
 */
export const handler = sqsEventConsumer({
  events: [productChanged, orderConfirmed, orderRejected, orderCancelled],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    if (event.type === 'ProductChanged') {
      const outcome = await productReadModel().apply(event.data);
      if (outcome === 'stale')
        logger.info('Older product revision ignored', {
          productId: event.data.productId,
          revision: event.data.revision,
        });
      return;
    }
    const { userId, orderId } = event.data;
    await carts().settle(userId, orderId, event.type === 'OrderConfirmed' ? 'CONFIRMED' : 'ENDED');
  },
});
