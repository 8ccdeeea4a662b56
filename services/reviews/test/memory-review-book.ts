import type { ProductRatingChanged } from '@shop/contracts';
import { NO_RATING, type RatingAggregate } from '../src/domain/rating.ts';
import type { BuyerStanding, StoredReview } from '../src/domain/review.ts';
import type { BuyerLookup, CommitOutcome, ReviewBook, ReviewWrite } from '../src/domain/reviews.ts';

/**
 * The ReviewBook contract in memory, conditions included (a create over an existing review is
 * `exists`, a stale version or aggregate revision is `raced`), for the domain's unit tests. `races`
 * makes the next commits lose as if another writer had won.
 */
export function memoryReviewBook() {
  const reviews = new Map<string, StoredReview>();
  const ratings = new Map<string, RatingAggregate>();
  const events: ProductRatingChanged[] = [];
  const key = (storeId: string, productId: string) => `${storeId}#${productId}`;
  let races = 0;

  const book: ReviewBook = {
    async find(storeId, productId, reviewId) {
      const found = reviews.get(`${key(storeId, productId)}#${reviewId}`);
      return found ? { ...found } : undefined;
    },
    async rating(storeId, productId) {
      return ratings.get(key(storeId, productId)) ?? NO_RATING;
    },
    async list(storeId, productId, query) {
      const items = [...reviews.values()]
        .filter((review) => review.storeId === storeId && review.productId === productId)
        .sort((a, b) =>
          query.sort === 'rating'
            ? b.rating - a.rating || b.createdAt.localeCompare(a.createdAt)
            : b.createdAt.localeCompare(a.createdAt),
        );
      return { items: items.slice(0, query.limit), nextCursor: null };
    },
    async commit(write: ReviewWrite): Promise<CommitOutcome> {
      if (races > 0) {
        races -= 1;
        return 'raced';
      }
      const { review } = write;
      const reviewKey = `${key(review.storeId, review.productId)}#${review.reviewId}`;
      const existing = reviews.get(reviewKey);
      if (write.kind === 'create' && existing) return 'exists';
      if (write.kind === 'update' && existing?.version !== write.expectedVersion) return 'raced';
      if (write.kind === 'delete' && existing?.version !== review.version) return 'raced';
      if (write.rating) {
        const current = ratings.get(key(review.storeId, review.productId)) ?? NO_RATING;
        if (current.revision !== write.rating.from.revision) return 'raced';
        ratings.set(key(review.storeId, review.productId), write.rating.to);
        events.push(write.rating.event);
      }
      if (write.kind === 'delete') reviews.delete(reviewKey);
      else reviews.set(reviewKey, { ...review });
      return 'committed';
    },
  };

  return {
    book,
    events,
    reviews,
    /** The next `count` commits lose a race. */
    loseRaces(count: number) {
      races = count;
    },
  };
}

/** Buyers as a map of `<userId>#<storeId>#<productId>` to a name (received), plus erased users. */
export function memoryBuyers(received: Record<string, string | undefined> = {}, erased: string[] = []) {
  const lookup: BuyerLookup = {
    async standing(userId, storeId, productId): Promise<BuyerStanding> {
      const entry = `${userId}#${storeId}#${productId}`;
      return {
        received: entry in received,
        name: received[entry],
        erased: erased.includes(userId),
      };
    },
  };
  return lookup;
}
