import { logger } from '@shop/aws';
import { userErased } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { eraseRecipient } from '../../domain/erasure.ts';
import { config, stores } from '../../wiring.ts';

/** The user-erasures queue consumer: UserErased removes the user's address and notifications. */
export const handler = sqsEventConsumer({
  events: [userErased],
  idempotencyTable: config().IDEMPOTENCY_TABLE,
  handle: async (event) => {
    const { deleted } = await eraseRecipient(event.data.userId, stores());
    logger.info('Recipient erased', { userId: event.data.userId, deleted });
  },
});
