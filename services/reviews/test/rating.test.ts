import { averageRating, productRatingChanged } from '@shop/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_RATING, ratingAfter, ratingChangedEvent } from '../src/domain/rating.ts';

describe('the rating aggregate', () => {
  it('counts a new review: one more, its stars added, the next revision', () => {
    expect(ratingAfter(NO_RATING, { added: 4 })).toEqual({ count: 1, sum: 4, revision: 1 });
    expect(ratingAfter({ count: 1, sum: 4, revision: 1 }, { added: 5 })).toEqual({
      count: 2,
      sum: 9,
      revision: 2,
    });
  });

  it('takes a deleted review out, back to nothing, and still moves the revision on', () => {
    const two = { count: 2, sum: 9, revision: 2 };
    expect(ratingAfter(two, { removed: 5 })).toEqual({ count: 1, sum: 4, revision: 3 });
    expect(ratingAfter({ count: 1, sum: 4, revision: 3 }, { removed: 4 })).toEqual({
      count: 0,
      sum: 0,
      revision: 4,
    });
  });

  it('swaps the stars of an edited review, the count unchanged', () => {
    expect(ratingAfter({ count: 2, sum: 9, revision: 2 }, { added: 1, removed: 5 })).toEqual({
      count: 2,
      sum: 5,
      revision: 3,
    });
  });

  it('refuses a change that no set of 1–5 star reviews could make', () => {
    expect(() => ratingAfter(NO_RATING, { removed: 3 })).toThrow(/cannot take/);
    expect(() => ratingAfter({ count: 1, sum: 2, revision: 1 }, { removed: 4 })).toThrow(/cannot take/);
    expect(() => ratingAfter({ count: 1, sum: 5, revision: 1 }, { added: 1, removed: 1 })).not.toThrow();
  });

  it('always equals the sum and count of the reviews left, whatever the order of posts and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ stars: fc.integer({ min: 1, max: 5 }), deleted: fc.boolean() }), {
          maxLength: 30,
        }),
        (reviews) => {
          let rating = NO_RATING;
          for (const review of reviews) rating = ratingAfter(rating, { added: review.stars });
          for (const review of reviews)
            if (review.deleted) rating = ratingAfter(rating, { removed: review.stars });
          const left = reviews.filter((review) => !review.deleted);
          expect(rating.count).toBe(left.length);
          expect(rating.sum).toBe(left.reduce((total, review) => total + review.stars, 0));
          expect(rating.revision).toBe(reviews.length + reviews.filter((review) => review.deleted).length);
        },
      ),
    );
  });
});

describe('averageRating', () => {
  it('is 0 with no reviews, and the mean to one decimal otherwise', () => {
    expect(averageRating(0, 0)).toBe(0);
    expect(averageRating(4, 1)).toBe(4);
    expect(averageRating(9, 2)).toBe(4.5);
    expect(averageRating(14, 3)).toBe(4.7); // 4.666…
    expect(averageRating(13, 3)).toBe(4.3); // 4.333…
    expect(averageRating(2, 3)).toBe(0.7);
  });

  it('rounds a half up (4.25 → 4.3, 1.05 → 1.1), never down to one decimal below', () => {
    expect(averageRating(17, 4)).toBe(4.3);
    expect(averageRating(21, 20)).toBe(1.1);
  });

  it('stays within 1–5 for any reviews', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 }), (stars) => {
        const average = averageRating(
          stars.reduce((total, star) => total + star, 0),
          stars.length,
        );
        expect(average).toBeGreaterThanOrEqual(1);
        expect(average).toBeLessThanOrEqual(5);
        expect(Math.round(average * 10)).toBeCloseTo(average * 10, 9);
      }),
    );
  });
});

describe('ProductRatingChanged', () => {
  it('carries the whole aggregate, its average and revision, valid against the contract', () => {
    const event = ratingChangedEvent(
      { storeId: 'berlin', productId: 'p-1' },
      { count: 3, sum: 14, revision: 7 },
      new Date('2026-12-01T10:00:00.000Z'),
      'corr-1',
    );
    expect(productRatingChanged.envelope.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'ProductRatingChanged',
      source: 'reviews',
      correlationId: 'corr-1',
      data: {
        storeId: 'berlin',
        productId: 'p-1',
        count: 3,
        sum: 14,
        average: 4.7,
        revision: 7,
        updatedAt: '2026-12-01T10:00:00.000Z',
      },
    });
  });
});
