import { defineEvent, type EventOf } from '@shop/events';
import { isoTimestamp, paginationQuery } from '@shop/validation';
import * as z from 'zod/mini';
import { page } from './http/common.ts';
import { storeIdOfRecord } from './stores.ts';

// Reviews (issue 16): the reviews service owns them; the products service keeps each product's
// `rating` from ProductRatingChanged, which carries the whole aggregate, never a delta.

/** The `source` the reviews service's events carry. */
export const REVIEWS_SOURCE = 'reviews';

/** GET /products/{productId}/reviews `sort=`: newest first (default), or highest rating first. */
export const reviewSort = z.enum(['newest', 'rating']);
export type ReviewSort = z.infer<typeof reviewSort>;

/** GET /products/{productId}/reviews query; a cursor is bound to the store, product and sort. */
export const listReviewsQuery = z.extend(paginationQuery, { sort: z._default(reviewSort, 'newest') });
export type ListReviewsQuery = z.infer<typeof listReviewsQuery>;

/** `{productId}` of `/products/{productId}/reviews…` and `/reviews/mine/{productId}`. */
export const reviewProductPath = z.object({ productId: z.string().check(z.minLength(1), z.maxLength(64)) });
export type ReviewProductPath = z.infer<typeof reviewProductPath>;

/** `{productId}/reviews/{reviewId}` in a review route's path. */
export const reviewPath = z.object({
  productId: z.string().check(z.minLength(1), z.maxLength(64)),
  reviewId: z.string().check(z.minLength(1), z.maxLength(128)),
});
export type ReviewPath = z.infer<typeof reviewPath>;

/** The most characters of a review's title and body. */
export const MAX_REVIEW_TITLE = 200;
export const MAX_REVIEW_BODY = 5000;

/**
 * POST /products/{productId}/reviews and PUT …/reviews/mine. Titles and bodies are plain text: stored
 * as given (trimmed) and answered as JSON strings, never rendered as HTML by the shop's own pages.
 */
export const reviewBody = z.strictObject({
  rating: z.number().check(z.int('must be a whole number of stars from 1 to 5'), z.minimum(1), z.maximum(5)),
  title: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(MAX_REVIEW_TITLE)),
  body: z.string().check(z.trim(), z.maxLength(MAX_REVIEW_BODY)),
});
export type ReviewBody = z.infer<typeof reviewBody>;

/** A review as the API answers it. */
export const review = z.object({
  reviewId: z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/)),
  productId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The author's display name (their profile name, else the part of their email before the @). */
  authorName: z.string().check(z.maxLength(200)),
  rating: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
  title: z.string().check(z.maxLength(MAX_REVIEW_TITLE)),
  body: z.string().check(z.maxLength(MAX_REVIEW_BODY)),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Review = z.infer<typeof review>;

/** GET /products/{productId}/reviews answer: a page of reviews in the order `sort` asked for. */
export const reviewPage = page(review);
export type ReviewPage = z.infer<typeof reviewPage>;

/**
 * Reviews → products' ProductRatingsQueue (sent there directly, like a request for work: products
 * never depends on reviews): a product's rating after a review was posted, changed or deleted.
 * It carries the whole aggregate (`count`, `sum` of stars) and a `revision` that grows by one with
 * each change of that product's reviews, so a read model keeps the highest revision it has seen and a
 * redelivered or reordered event can neither count a review twice nor lose one.
 */
export const productRatingChanged = defineEvent(
  'ProductRatingChanged',
  1,
  z.object({
    storeId: storeIdOfRecord,
    productId: z.string().check(z.minLength(1), z.maxLength(64)),
    count: z.number().check(z.int(), z.minimum(0)),
    sum: z.number().check(z.int(), z.minimum(0)),
    /** `sum / count` to one decimal, 0 when `count` is 0. */
    average: z.number().check(z.minimum(0), z.maximum(5)),
    revision: z.number().check(z.int(), z.minimum(1)),
    updatedAt: isoTimestamp,
  }),
);
export type ProductRatingChanged = EventOf<typeof productRatingChanged>;

/** The rating to show for `count` reviews totalling `sum` stars: one decimal, 0 with none. */
export const averageRating = (sum: number, count: number): number =>
  count === 0 ? 0 : Math.round((sum * 10) / count) / 10;

/** Every event the reviews service sends. */
export const reviewEvents = { productRatingChanged } as const;
