import { logger } from '@shop/aws';
import { orderDelivered, userRegistered } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { recordAuthor, recordDelivery } from '../../domain/buyers.ts';
import { buyers } from '../../wiring.ts';

/**
 * The buyer-events queue consumer: OrderDelivered makes the customer a verified buyer of each of the
 * order's products in its store; UserRegistered gives their reviews a name.
 */
export const handler = sqsEventConsumer({
  events: [orderDelivered, userRegistered],
  onceBy:
    'Puts of the same items: a repeat writes the same purchase records or name again, and nothing over an erased mark',
  handle: async (event) => {
    if (event.type === 'UserRegistered') {
      const outcome = await recordAuthor(event.data, { buyers: buyers() });
      logger.info('Author recorded', { userId: event.data.userId, outcome });
      return;
    }
    const { purchases, outcome } = await recordDelivery(event.data, { buyers: buyers() });
    logger.info('Delivery recorded', { orderId: event.data.orderId, purchases, outcome });
  },
});
