import { logger } from '@shop/aws';
import { userErased } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { eraseAuthor } from '../../domain/erasure.ts';
import { buyers, reviews } from '../../wiring.ts';

/** The user-erasures queue consumer: UserErased deletes the user's reviews and purchase records. */
export const handler = sqsEventConsumer({
  events: [userErased],
  onceBy:
    'erasure finds what is left: the mark is set once, a review deleted is not found again, and the records go last',
  handle: async (event) => {
    const erased = await eraseAuthor(
      event.data.userId,
      { buyers: buyers(), reviews: reviews() },
      { correlationId: event.correlationId },
    );
    logger.info('Author erased', { userId: event.data.userId, ...erased });
  },
});
