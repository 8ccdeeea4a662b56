// What the product page shows of reviews: the rating as stars with its words, and the messages of a
// refused review. Titles and bodies are plain text: the page renders them as React text, never as HTML.
import { ApiError } from './api/problem.ts';
import type { Product, ReviewInput } from './api/types.ts';
import { administers } from './stores.ts';

/** One of the five stars of a rating. */
export type Star = 'full' | 'half' | 'empty';

/** The five stars of an average (0–5): to the nearest half star. */
export function starsOf(average: number): Star[] {
  const halves = Math.round(Math.min(5, Math.max(0, average)) * 2);
  return Array.from({ length: 5 }, (_, index) => {
    const left = halves - index * 2;
    return left >= 2 ? 'full' : left === 1 ? 'half' : 'empty';
  });
}

/** "4.5 out of 5, 2 reviews", "5 out of 5, 1 review", "No reviews yet": what the stars say, in words. */
export function ratingText(rating: Product['rating']): string {
  if (rating.count === 0) return 'No reviews yet';
  const average = Number.isInteger(rating.average) ? String(rating.average) : rating.average.toFixed(1);
  return `${average} out of 5, ${rating.count} ${rating.count === 1 ? 'review' : 'reviews'}`;
}

/** The words for one review's own stars: "4 out of 5 stars". */
export const starsText = (rating: number): string => `${rating} out of 5 ${rating === 1 ? 'star' : 'stars'}`;

/** What a shopper who never received the product is told (the API's 403). */
export const NOT_A_VERIFIED_BUYER = 'Only customers who received this product can review it';

/** Why a review was refused, as the form shows it; undefined for errors the page shows as they are. */
export function reviewRefusal(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 403) return NOT_A_VERIFIED_BUYER;
  if (error.status === 409) return 'You have reviewed this product already; change your review instead';
  return undefined;
}

/** The most characters of a title and a body (the API refuses more). */
export const MAX_TITLE = 200;
export const MAX_BODY = 5000;

/** The form's fields as typed → the body the API takes, or what is wrong with them. */
export function reviewInput(fields: {
  rating: number | undefined;
  title: string;
  body: string;
}): { input: ReviewInput } | { problem: string } {
  const title = fields.title.trim();
  const body = fields.body.trim();
  if (!fields.rating || !Number.isInteger(fields.rating) || fields.rating < 1 || fields.rating > 5)
    return { problem: 'Choose from 1 to 5 stars' };
  if (title.length === 0) return { problem: 'Give your review a title' };
  if (title.length > MAX_TITLE) return { problem: `The title may have at most ${MAX_TITLE} characters` };
  if (body.length > MAX_BODY) return { problem: `The review may have at most ${MAX_BODY} characters` };
  return { input: { rating: fields.rating, title, body } };
}

/** Whether the signed-in user may remove anyone's review in this store (the API decides anyway). */
export const moderatesReviews = (user: { groups: readonly string[] } | undefined, storeId: string): boolean =>
  user !== undefined && administers(user.groups, storeId);
