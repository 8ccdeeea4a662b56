import { logger } from '@shop/aws';
import {
  orderCancelled,
  orderConfirmed,
  orderRejected,
  orderShipped,
  productChanged,
  promotionChanged,
  storeOf,
} from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { carts, productReadModel, promotionReadModel } from '../../wiring.ts';

const progressOf = {
  OrderConfirmed: 'CONFIRMED',
  OrderShipped: 'SHIPPED',
  OrderRejected: 'REJECTED',
  OrderCancelled: 'CANCELLED',
} as const;

/**
 * The carts' queue consumer: ProductChanged keeps the products read model (highest revision wins,
 * within the product's store), PromotionChanged the promotions read model (highest version wins);
 * OrderConfirmed takes what was checked out out of the cart and keeps the order open (it counts
 * against the customer's limits) until OrderShipped or OrderCancelled; OrderRejected and
 * OrderCancelled of a checkout in flight end it and keep the cart. Once per event id, and once per
 * order by the cart's records of its orders.
 */
export const handler = sqsEventConsumer({
  events: [productChanged, promotionChanged, orderConfirmed, orderShipped, orderRejected, orderCancelled],
  onceBy:
    'the read models apply a revision (a version) only if newer, and an order outcome only changes a checkout the cart still records, each a write conditioned on the cart version',
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
    if (event.type === 'PromotionChanged') {
      const outcome = await promotionReadModel().apply(event.data);
      if (outcome === 'stale')
        logger.info('Older promotion version ignored', {
          code: event.data.promotion.code,
          version: event.data.version,
        });
      return;
    }
    // The order's own store's cart: one per customer and store.
    const { userId, orderId, promotionCode } = event.data;
    await carts().settle(
      { userId, storeId: storeOf(event.data) },
      orderId,
      progressOf[event.type],
      promotionCode,
    );
  },
});
