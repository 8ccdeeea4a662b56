import { logger } from '@shop/aws';
import { userErased } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { eraseCustomer } from '../../domain/erasure.ts';
import { config, customerData } from '../../wiring.ts';

/** The user-erasures queue consumer: UserErased removes everything carts holds of the customer. */
export const handler = sqsEventConsumer({
  events: [userErased],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    const { removed } = await eraseCustomer(event.data.userId, { customerData: customerData() });
    logger.info('Customer erased', { userId: event.data.userId, removed });
  },
});
