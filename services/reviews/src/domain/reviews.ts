import type { ListReviewsQuery, ProductRatingChanged, Review, ReviewBody, ReviewPage } from '@shop/contracts';
import { ConflictError, NotFoundError, TooManyRequestsError } from '@shop/errors';
import { type RatingAggregate, ratingAfter, ratingChangedEvent } from './rating.ts';
import {
  authorNameOf,
  type BuyerStanding,
  editedReview,
  newReview,
  type Remover,
  requireMayRemove,
  requireVerifiedBuyer,
  reviewIdFor,
  type StoredReview,
  toReview,
} from './review.ts';

/** The product's rating aggregate before and after a write, and the event that reports the after. */
export type RatingUpdate = { from: RatingAggregate; to: RatingAggregate; event: ProductRatingChanged };

/** One review's change, written with its product's aggregate and its event in one transaction. */
export type ReviewWrite =
  | { kind: 'create'; review: StoredReview; rating: RatingUpdate }
  /** `rating` only when the stars changed. */
  | { kind: 'update'; review: StoredReview; expectedVersion: number; rating?: RatingUpdate | undefined }
  | { kind: 'delete'; review: StoredReview; rating: RatingUpdate };

/**
 * How a write ended: committed (and its event handed to the outbox); `exists`: a create found the
 * author's review there already; `raced`: another write changed the review or the aggregate since
 * they were read (read again and decide afresh).
 */
export type CommitOutcome = 'committed' | 'exists' | 'raced';

/** The reviews and the rating aggregates of every product of every store. */
export interface ReviewBook {
  find(storeId: string, productId: string, reviewId: string): Promise<StoredReview | undefined>;
  /** The product's aggregate as stored, NO_RATING when nobody reviewed it yet. */
  rating(storeId: string, productId: string): Promise<RatingAggregate>;
  list(
    storeId: string,
    productId: string,
    query: ListReviewsQuery,
  ): Promise<{ items: StoredReview[]; nextCursor: string | null }>;
  /** All or nothing: the review's write, the aggregate (conditioned on `from`) and the event. */
  commit(write: ReviewWrite): Promise<CommitOutcome>;
}

/** What the reviews need to know of a buyer when they post. */
export interface BuyerLookup {
  standing(userId: string, storeId: string, productId: string): Promise<BuyerStanding>;
}

export type ReviewDeps = {
  book: ReviewBook;
  buyers: BuyerLookup;
  now?: () => Date;
  /** Waits before the next attempt after a lost race (tests make it instant). */
  pause?: (attempt: number) => Promise<void>;
};

/** A request's context: the correlation id its events carry. */
export type RequestContext = { correlationId?: string | undefined };

/**
 * How many times a write is tried against concurrent writers of the same product's aggregate: one
 * wins each round, so this many customers reviewing one product at the same moment all get through.
 */
export const WRITE_ATTEMPTS = 12;

// Jittered, so writers that lost together do not meet again: up to 10, 20, 40, 80, then 160 ms.
const backOff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt - 1, 4)));

const kept = () =>
  new TooManyRequestsError("The product's reviews are being changed by other requests; retry shortly.");

/** The reviews' commands: every route's rule, and erasure's. */
export function reviewCommands(deps: ReviewDeps) {
  const { book, buyers } = deps;
  const now = deps.now ?? (() => new Date());
  const pause = deps.pause ?? backOff;

  /** Reads, decides and commits, again from a fresh read when another write won the race. */
  async function retrying<T>(attempt: () => Promise<{ done: true; value: T } | { done: false }>): Promise<T> {
    for (let round = 1; round <= WRITE_ATTEMPTS; round += 1) {
      const outcome = await attempt();
      if (outcome.done) return outcome.value;
      await pause(round);
    }
    throw kept();
  }

  const ratingUpdate = (
    target: { storeId: string; productId: string },
    from: RatingAggregate,
    change: { added?: number; removed?: number },
    context: RequestContext,
  ): RatingUpdate => {
    const to = ratingAfter(from, change);
    return { from, to, event: ratingChangedEvent(target, to, now(), context.correlationId) };
  };

  /** Deletes a review (as read) with its rating; undefined when it is gone (or was never there). */
  async function removeReview(
    storeId: string,
    productId: string,
    reviewId: string,
    authorize: (review: StoredReview) => void,
    context: RequestContext,
  ): Promise<StoredReview | undefined> {
    return retrying<StoredReview | undefined>(async () => {
      const [review, from] = await Promise.all([
        book.find(storeId, productId, reviewId),
        book.rating(storeId, productId),
      ]);
      if (!review) return { done: true, value: undefined };
      authorize(review);
      const rating = ratingUpdate({ storeId, productId }, from, { removed: review.rating }, context);
      const outcome = await book.commit({ kind: 'delete', review, rating });
      return outcome === 'committed' ? { done: true, value: review } : { done: false };
    });
  }

  return {
    /** GET /products/{productId}/reviews: a page in the order asked for. */
    async list(storeId: string, productId: string, query: ListReviewsQuery): Promise<ReviewPage> {
      const page = await book.list(storeId, productId, query);
      return { items: page.items.map(toReview), nextCursor: page.nextCursor };
    },

    /** The caller's own review of the product, or 404. */
    async mine(storeId: string, productId: string, userId: string): Promise<Review> {
      const found = await book.find(storeId, productId, reviewIdFor(storeId, productId, userId));
      if (!found) throw new NotFoundError('You have not reviewed this product.');
      return toReview(found);
    },

    /** POST: a verified buyer's one review of the product (403 not one, 409 reviewed already). */
    async post(
      target: { storeId: string; productId: string; userId: string },
      body: ReviewBody,
      context: RequestContext = {},
    ): Promise<Review> {
      const standing = await buyers.standing(target.userId, target.storeId, target.productId);
      requireVerifiedBuyer(standing);
      const authorName = authorNameOf(standing);
      return retrying<Review>(async () => {
        const from = await book.rating(target.storeId, target.productId);
        const review = newReview({ ...target, authorName }, body, now());
        const rating = ratingUpdate(target, from, { added: review.rating }, context);
        const outcome = await book.commit({ kind: 'create', review, rating });
        if (outcome === 'exists')
          throw new ConflictError(
            'You have reviewed this product already; change your review with PUT …/reviews/mine.',
          );
        return outcome === 'committed' ? { done: true, value: toReview(review) } : { done: false };
      });
    },

    /** PUT …/reviews/mine: the author's review with a new rating, title and body (404 none). */
    async update(
      target: { storeId: string; productId: string; userId: string },
      body: ReviewBody,
      context: RequestContext = {},
    ): Promise<Review> {
      const { storeId, productId, userId } = target;
      const reviewId = reviewIdFor(storeId, productId, userId);
      return retrying<Review>(async () => {
        const current = await book.find(storeId, productId, reviewId);
        if (!current) throw new NotFoundError('You have not reviewed this product.');
        const review = editedReview(current, body, now());
        // Only a change of stars changes the rating: a new title or body leaves the aggregate alone.
        const rating =
          review.rating === current.rating
            ? undefined
            : ratingUpdate(
                target,
                await book.rating(storeId, productId),
                { added: review.rating, removed: current.rating },
                context,
              );
        const outcome = await book.commit({
          kind: 'update',
          review,
          expectedVersion: current.version,
          rating,
        });
        return outcome === 'committed' ? { done: true, value: toReview(review) } : { done: false };
      });
    },

    /** DELETE …/reviews/{reviewId}: by its author or an admin of the store (403 anyone else, 404 none). */
    async remove(
      target: { storeId: string; productId: string; reviewId: string },
      remover: Remover,
      context: RequestContext = {},
    ): Promise<void> {
      const removed = await removeReview(
        target.storeId,
        target.productId,
        target.reviewId,
        (review) => requireMayRemove(remover, review),
        context,
      );
      if (!removed) throw new NotFoundError('This product has no such review.');
    },

    /** An erased author's review of one product goes, its rating with it; nothing when there is none. */
    async removeAuthorReview(
      target: { storeId: string; productId: string; userId: string },
      context: RequestContext = {},
    ): Promise<boolean> {
      const { storeId, productId, userId } = target;
      const removed = await removeReview(
        storeId,
        productId,
        reviewIdFor(storeId, productId, userId),
        () => undefined,
        context,
      );
      return removed !== undefined;
    },
  };
}

export type ReviewCommands = ReturnType<typeof reviewCommands>;
