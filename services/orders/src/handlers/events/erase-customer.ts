import { logger } from '@shop/aws';
import { userErased } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { eraseCustomerOrders } from '../../domain/erasure.ts';
import { config, customerOrders } from '../../wiring.ts';

/** The user-erasures queue consumer: UserErased takes the address out of every order of the customer. */
export const handler = sqsEventConsumer({
  events: [userErased],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    const outcome = await eraseCustomerOrders(event.data.userId, { orders: customerOrders() });
    logger.info('Customer orders erased', { userId: event.data.userId, ...outcome });
  },
});
