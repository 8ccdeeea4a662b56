import {
  averageRating,
  type ProductRatingChanged,
  productRatingChanged,
  REVIEWS_SOURCE,
} from '@shop/contracts';
import { createEvent } from '@shop/events';

/**
 * A product's rating as this service keeps it: how many reviews, the sum of their stars, and a
 * revision that grows by one with every change. It is written in the same transaction as the review
 * it counts, conditioned on the revision read, so it is exact; the products service gets it whole.
 */
export type RatingAggregate = { count: number; sum: number; revision: number };

/** A product nobody has reviewed (its aggregate is not stored yet). */
export const NO_RATING: RatingAggregate = { count: 0, sum: 0, revision: 0 };

/** What one review's write does to its product's rating: a rating counted, one taken out, or both (an edit). */
export type RatingChange = { added?: number | undefined; removed?: number | undefined };

/** The aggregate after one review's change, at the next revision; throws on a change it could not have come from. */
export function ratingAfter(current: RatingAggregate, change: RatingChange): RatingAggregate {
  const count = current.count + (change.added === undefined ? 0 : 1) - (change.removed === undefined ? 0 : 1);
  const sum = current.sum + (change.added ?? 0) - (change.removed ?? 0);
  // Every review has 1 to 5 stars, so an aggregate outside this never describes reviews that exist.
  if (count < 0 || sum < count || sum > count * 5)
    throw new Error(
      `A rating of ${current.count} reviews (${current.sum} stars) cannot take ${JSON.stringify(change)}`,
    );
  return { count, sum, revision: current.revision + 1 };
}

/** The ProductRatingChanged that reports an aggregate: the whole of it, its average and its revision. */
export function ratingChangedEvent(
  product: { storeId: string; productId: string },
  rating: RatingAggregate,
  at: Date,
  correlationId?: string,
): ProductRatingChanged {
  return createEvent(
    productRatingChanged,
    {
      storeId: product.storeId,
      productId: product.productId,
      count: rating.count,
      sum: rating.sum,
      average: averageRating(rating.sum, rating.count),
      revision: rating.revision,
      updatedAt: at.toISOString(),
    },
    { source: REVIEWS_SOURCE, ...(correlationId ? { correlationId } : {}) },
  );
}
