import { productRatingChanged, storeOf } from '@shop/contracts';
import { sqsEventConsumer } from '@shop/events';
import { productRatings } from '../../wiring.ts';

/**
 * The product-ratings queue consumer (the reviews service sends ProductRatingChanged here): sets the
 * product's `rating` from the whole aggregate, at its revision.
 */
export const handler = sqsEventConsumer({
  events: [productRatingChanged],
  onceBy:
    'the rating revision: an update at a revision the product has already seen (or passed) changes nothing',
  handle: async ({ data }) => {
    await productRatings().apply(
      storeOf(data),
      data.productId,
      { average: data.average, count: data.count },
      data.revision,
    );
  },
});
