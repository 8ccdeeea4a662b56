import { describe, expect, it } from 'vitest';
import { createApiClient, STORE_HEADER } from '../src/api/client.ts';
import { ApiError } from '../src/api/problem.ts';
import {
  moderatesReviews,
  NOT_A_VERIFIED_BUYER,
  ratingText,
  reviewInput,
  reviewRefusal,
  starsOf,
  starsText,
} from '../src/reviews.ts';
import { createSessionStore } from '../src/session.ts';
import { fakeJwt, json, memoryStorage, problem, scriptedFetch } from './helpers.ts';

describe('the rating as stars and words', () => {
  it('draws five stars to the nearest half', () => {
    expect(starsOf(0)).toEqual(['empty', 'empty', 'empty', 'empty', 'empty']);
    expect(starsOf(4.5)).toEqual(['full', 'full', 'full', 'full', 'half']);
    expect(starsOf(4.2)).toEqual(['full', 'full', 'full', 'full', 'empty']);
    expect(starsOf(3.8)).toEqual(['full', 'full', 'full', 'full', 'empty']);
    expect(starsOf(1.3)).toEqual(['full', 'half', 'empty', 'empty', 'empty']);
    expect(starsOf(5)).toEqual(['full', 'full', 'full', 'full', 'full']);
    expect(starsOf(7)).toHaveLength(5);
  });

  it('says what the stars show, for screen readers and everyone', () => {
    expect(ratingText({ average: 4.5, count: 2 })).toBe('4.5 out of 5, 2 reviews');
    expect(ratingText({ average: 5, count: 1 })).toBe('5 out of 5, 1 review');
    expect(ratingText({ average: 0, count: 0 })).toBe('No reviews yet');
    expect(starsText(1)).toBe('1 out of 5 star');
    expect(starsText(4)).toBe('4 out of 5 stars');
  });
});

describe('the review form', () => {
  it('sends the trimmed title and body with whole stars from 1 to 5', () => {
    expect(reviewInput({ rating: 4, title: '  Nice ', body: ' Fits. ' })).toEqual({
      input: { rating: 4, title: 'Nice', body: 'Fits.' },
    });
    expect(reviewInput({ rating: 4, title: '<b>Bold</b>', body: '' })).toEqual({
      input: { rating: 4, title: '<b>Bold</b>', body: '' },
    });
  });

  it('refuses what the API would refuse, before sending it', () => {
    for (const fields of [
      { rating: undefined, title: 'T', body: '' },
      { rating: 0, title: 'T', body: '' },
      { rating: 6, title: 'T', body: '' },
      { rating: 4.5, title: 'T', body: '' },
      { rating: 3, title: '   ', body: '' },
      { rating: 3, title: 'x'.repeat(201), body: '' },
      { rating: 3, title: 'T', body: 'y'.repeat(5001) },
    ])
      expect(reviewInput(fields), JSON.stringify(fields).slice(0, 60)).toHaveProperty('problem');
  });

  it('tells a shopper who never received the product why they cannot review it (403)', () => {
    expect(reviewRefusal(new ApiError({ type: 'x', title: 'Forbidden', status: 403, detail: 'no' }))).toBe(
      NOT_A_VERIFIED_BUYER,
    );
    expect(NOT_A_VERIFIED_BUYER).toBe('Only customers who received this product can review it');
    expect(reviewRefusal(new ApiError({ type: 'x', title: 'Conflict', status: 409 }))).toMatch(/already/);
    expect(reviewRefusal(new ApiError({ type: 'x', title: 'Bad Request', status: 400 }))).toBeUndefined();
    expect(reviewRefusal(new Error('offline'))).toBeUndefined();
  });

  it("offers removal to the store's admins only", () => {
    expect(moderatesReviews({ groups: ['admin'] }, 'main')).toBe(true);
    expect(moderatesReviews({ groups: ['store-admin-berlin'] }, 'berlin')).toBe(true);
    expect(moderatesReviews({ groups: ['store-admin-berlin'] }, 'main')).toBe(false);
    expect(moderatesReviews({ groups: [] }, 'main')).toBe(false);
    expect(moderatesReviews(undefined, 'main')).toBe(false);
  });
});

describe('the review calls of the API client', () => {
  const base = 'http://127.0.0.1:3000';
  const signedIn = () => {
    const session = createSessionStore(memoryStorage(), () => 0);
    session.signIn({
      accessToken: fakeJwt({ sub: 'u-1' }),
      idToken: fakeJwt({ sub: 'u-1' }),
      refreshToken: 'r-1',
      expiresIn: 3600,
    });
    return session;
  };
  const review = { reviewId: 'r-1', productId: 'p/1', rating: 4, title: 'T', body: '' };

  it("calls each route in the client's store, signed in where the route needs it", async () => {
    const { fetch, requests } = scriptedFetch([
      json(200, { items: [review], nextCursor: null }),
      json(200, review),
      json(201, review),
      json(200, review),
      new Response(null, { status: 204 }),
    ]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch, storeId: 'berlin' });
    expect((await api.listReviews('p/1', { sort: 'rating', limit: 5 })).items).toEqual([review]);
    expect(await api.myReview('p/1')).toEqual(review);
    await api.postReview('p/1', { rating: 4, title: 'T', body: '' });
    await api.updateMyReview('p/1', { rating: 2, title: 'T', body: '' });
    await api.deleteReview('p/1', 'r-1');
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET ${base}/products/p%2F1/reviews?sort=rating&limit=5`,
      `GET ${base}/reviews/mine/p%2F1`,
      `POST ${base}/products/p%2F1/reviews`,
      `PUT ${base}/products/p%2F1/reviews/mine`,
      `DELETE ${base}/products/p%2F1/reviews/r-1`,
    ]);
    for (const request of requests) expect(request.headers[STORE_HEADER]).toBe('berlin');
    expect(requests[0]?.headers.authorization).toBeUndefined();
    for (const request of requests.slice(1)) expect(request.headers.authorization).toMatch(/^Bearer /);
    expect(requests[3]?.body).toEqual({ rating: 2, title: 'T', body: '' });
  });

  it('answers undefined for a shopper without a review of their own, and throws other errors', async () => {
    const { fetch } = scriptedFetch([problem(404, 'none'), problem(403, 'no')]);
    const api = createApiClient({ baseUrl: base, session: signedIn(), fetch });
    expect(await api.myReview('p-1')).toBeUndefined();
    await expect(api.postReview('p-1', { rating: 4, title: 'T', body: '' })).rejects.toBeInstanceOf(ApiError);
  });
});
