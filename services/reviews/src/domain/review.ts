import { createHash } from 'node:crypto';
import type { Review, ReviewBody } from '@shop/contracts';
import { ForbiddenError } from '@shop/errors';

// The review's own rules: who may write one, its id, what is stored and what is answered.
export type { Review, ReviewBody };

/** A review as stored: the answered fields, its store, its author's id (never answered) and a version. */
export type StoredReview = Review & {
  storeId: string;
  /** The author (the Cognito `sub`): who may change it, and whose erasure deletes it. */
  userId: string;
  /** Grows by one with each change; a write is conditioned on the version it read. */
  version: number;
};

/**
 * A review's id: derived from its store, product and author, so a user has at most one review of a
 * product in a store (the create is conditioned on the id), and their own is found by key. A hash,
 * so the id tells nothing about who wrote it, nor links one author's reviews of two products.
 */
export function reviewIdFor(storeId: string, productId: string, userId: string): string {
  return createHash('sha256').update(`${storeId}\n${productId}\n${userId}`).digest('base64url').slice(0, 22);
}

/** What the API answers of a stored review. */
export function toReview(stored: StoredReview): Review {
  const { reviewId, productId, authorName, rating, title, body, createdAt, updatedAt } = stored;
  return { reviewId, productId, authorName, rating, title, body, createdAt, updatedAt };
}

/** What this service knows of a customer when they post: whether they received the product, their name. */
export type BuyerStanding = {
  /** An order of the product in this store was delivered to them (OrderDelivered). */
  received: boolean;
  /** Their profile name as UserRegistered told it; undefined when that has not arrived. */
  name?: string | undefined;
  /** They erased their account (UserErased): their token may still be valid for minutes. */
  erased: boolean;
};

/** The answer to a customer who never received the product. */
export const NOT_A_VERIFIED_BUYER = 'Only customers who received this product can review it.';

/** Throws 403 unless the customer received the product in this store (and has not erased their account). */
export function requireVerifiedBuyer(standing: BuyerStanding): void {
  if (!standing.received || standing.erased) throw new ForbiddenError(NOT_A_VERIFIED_BUYER);
}

/** The name shown when a buyer's UserRegistered has not reached this service (an account older than it). */
export const UNNAMED_AUTHOR = 'Verified buyer';

/** The most characters of an author's name as shown (a profile name is at most 100). */
const MAX_AUTHOR_NAME = 100;

/** The author's name as reviews show it: their profile name, else "Verified buyer"; never their email. */
export function authorNameOf(standing: Pick<BuyerStanding, 'name'>): string {
  const name = standing.name?.trim();
  return name ? name.slice(0, MAX_AUTHOR_NAME) : UNNAMED_AUTHOR;
}

/** A new review by `userId` of the product, as the body says (title and body already trimmed). */
export function newReview(
  target: { storeId: string; productId: string; userId: string; authorName: string },
  body: ReviewBody,
  now: Date,
): StoredReview {
  const at = now.toISOString();
  return {
    reviewId: reviewIdFor(target.storeId, target.productId, target.userId),
    productId: target.productId,
    storeId: target.storeId,
    userId: target.userId,
    authorName: target.authorName,
    rating: body.rating,
    title: body.title,
    body: body.body,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The review with the body's rating, title and body, at its next version. */
export function editedReview(current: StoredReview, body: ReviewBody, now: Date): StoredReview {
  return {
    ...current,
    rating: body.rating,
    title: body.title,
    body: body.body,
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
}

/** Who asks to delete a review: their id, and whether they administer the request's store. */
export type Remover = { userId: string; administersStore: boolean };

/** Throws 403 unless the caller wrote the review or administers its store. */
export function requireMayRemove(remover: Remover, review: StoredReview): void {
  if (remover.userId !== review.userId && !remover.administersStore)
    throw new ForbiddenError("Only the review's author or an admin of this store may delete it.");
}
