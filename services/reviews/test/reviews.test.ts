import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError } from '@shop/errors';
import { describe, expect, it } from 'vitest';
import {
  authorNameOf,
  NOT_A_VERIFIED_BUYER,
  requireMayRemove,
  requireVerifiedBuyer,
  reviewIdFor,
  type StoredReview,
  UNNAMED_AUTHOR,
} from '../src/domain/review.ts';
import { reviewCommands, WRITE_ATTEMPTS } from '../src/domain/reviews.ts';
import { memoryBuyers, memoryReviewBook } from './memory-review-book.ts';

const LAMP = { storeId: 'main', productId: 'p-lamp' };
const ada = { ...LAMP, userId: 'u-ada' };
const bob = { ...LAMP, userId: 'u-bob' };
const body = (rating: number, title = 'Good lamp', text = 'Bright and steady.') => ({
  rating,
  title,
  body: text,
});

function setUp(received: Record<string, string | undefined> = {}, erased: string[] = []) {
  const memory = memoryReviewBook();
  const commands = reviewCommands({
    book: memory.book,
    buyers: memoryBuyers(received, erased),
    now: () => new Date('2026-12-01T10:00:00.000Z'),
    pause: async () => undefined,
  });
  return { ...memory, commands };
}
const buyersOfLamp = { 'u-ada#main#p-lamp': 'Ada', 'u-bob#main#p-lamp': 'Bob' };

describe('the verified-buyer rule', () => {
  it('lets a customer who received the product in this store review it', async () => {
    const { commands } = setUp(buyersOfLamp);
    const review = await commands.post(ada, body(4));
    expect(review).toEqual({
      reviewId: reviewIdFor('main', 'p-lamp', 'u-ada'),
      productId: 'p-lamp',
      authorName: 'Ada',
      rating: 4,
      title: 'Good lamp',
      body: 'Bright and steady.',
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('refuses (403) a customer who did not receive it, or received it in another store only', async () => {
    const { commands, events } = setUp({ 'u-ada#berlin#p-lamp': 'Ada' });
    const refused = commands.post(ada, body(4));
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refused).rejects.toThrow(NOT_A_VERIFIED_BUYER);
    expect(events).toEqual([]);
  });

  it('refuses an erased user whose token is still valid', () => {
    expect(() => requireVerifiedBuyer({ received: true, erased: true })).toThrow(ForbiddenError);
    expect(() => requireVerifiedBuyer({ received: true, erased: false })).not.toThrow();
  });
});

describe('one review per user and product', () => {
  it('answers a second review by the same user 409 and counts the first only', async () => {
    const { commands, events } = setUp(buyersOfLamp);
    await commands.post(ada, body(4));
    await expect(commands.post(ada, body(5))).rejects.toBeInstanceOf(ConflictError);
    expect(events.map((event) => event.data.count)).toEqual([1]);
  });

  it('gives each user, product and store its own review id, the same every time', () => {
    const id = reviewIdFor('main', 'p-lamp', 'u-ada');
    expect(reviewIdFor('main', 'p-lamp', 'u-ada')).toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(id).not.toContain('u-ada');
    const others = [
      reviewIdFor('main', 'p-lamp', 'u-bob'),
      reviewIdFor('main', 'p-desk', 'u-ada'),
      reviewIdFor('berlin', 'p-lamp', 'u-ada'),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });

  it('lets the author post again after deleting their review', async () => {
    const { commands } = setUp(buyersOfLamp);
    const first = await commands.post(ada, body(2));
    await commands.remove(
      { ...LAMP, reviewId: first.reviewId },
      { userId: 'u-ada', administersStore: false },
    );
    expect((await commands.post(ada, body(5))).rating).toBe(5);
  });
});

describe("the author's name", () => {
  it('is the profile name, else "Verified buyer", trimmed and bounded', () => {
    expect(authorNameOf({ name: '  Ada Lovelace ' })).toBe('Ada Lovelace');
    expect(authorNameOf({ name: undefined })).toBe(UNNAMED_AUTHOR);
    expect(authorNameOf({ name: '   ' })).toBe(UNNAMED_AUTHOR);
    expect(authorNameOf({ name: 'x'.repeat(500) })).toHaveLength(100);
  });

  it('is "Verified buyer" for a buyer whose UserRegistered has not arrived', async () => {
    const { commands } = setUp({ 'u-ada#main#p-lamp': undefined });
    expect((await commands.post(ada, body(3))).authorName).toBe(UNNAMED_AUTHOR);
  });
});

describe('changing and deleting a review', () => {
  it("changes the author's own review, 404 for a user who has none", async () => {
    const { commands } = setUp(buyersOfLamp);
    await commands.post(ada, body(4));
    const changed = await commands.update(ada, body(2, 'Flickers', 'After a week.'));
    expect(changed).toMatchObject({ rating: 2, title: 'Flickers', body: 'After a week.' });
    await expect(commands.update(bob, body(5))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets the author and the store admin delete a review, nobody else (403), and 404 when none', async () => {
    const { commands, reviews } = setUp(buyersOfLamp);
    const adas = await commands.post(ada, body(4));
    const target = { ...LAMP, reviewId: adas.reviewId };
    await expect(
      commands.remove(target, { userId: 'u-bob', administersStore: false }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(reviews.size).toBe(1);
    await commands.remove(target, { userId: 'u-admin', administersStore: true });
    expect(reviews.size).toBe(0);
    await expect(
      commands.remove(target, { userId: 'u-ada', administersStore: false }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('says who may delete: the author or an admin of the store', () => {
    const review = { userId: 'u-ada' } as StoredReview;
    expect(() => requireMayRemove({ userId: 'u-ada', administersStore: false }, review)).not.toThrow();
    expect(() => requireMayRemove({ userId: 'u-eve', administersStore: true }, review)).not.toThrow();
    expect(() => requireMayRemove({ userId: 'u-eve', administersStore: false }, review)).toThrow(
      ForbiddenError,
    );
  });
});

describe('the rating through posts, edits and deletes', () => {
  it('reports the exact aggregate after every change, at strictly increasing revisions', async () => {
    const { commands, events } = setUp(buyersOfLamp);
    const adas = await commands.post(ada, body(4));
    await commands.post(bob, body(5));
    await commands.update(ada, body(1));
    // A new title alone changes no rating and reports nothing.
    await commands.update(ada, body(1, 'Still flickers'));
    await commands.remove({ ...LAMP, reviewId: adas.reviewId }, { userId: 'u-ada', administersStore: false });
    expect(events.map(({ data }) => [data.count, data.sum, data.average, data.revision])).toEqual([
      [1, 4, 4, 1],
      [2, 9, 4.5, 2],
      [2, 6, 3, 3],
      [1, 5, 5, 4],
    ]);
  });

  it('reads again and recounts after losing a race, so the lost write is never counted', async () => {
    const { commands, events, loseRaces } = setUp(buyersOfLamp);
    loseRaces(3);
    await commands.post(ada, body(4));
    expect(events.map((event) => event.data.count)).toEqual([1]);
  });

  it('gives up with 429 after losing every attempt, having written nothing', async () => {
    const { commands, events, reviews, loseRaces } = setUp(buyersOfLamp);
    loseRaces(WRITE_ATTEMPTS);
    await expect(commands.post(ada, body(4))).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(events).toEqual([]);
    expect(reviews.size).toBe(0);
  });

  it("deletes an erased author's review with its rating, and reports nothing when there is none", async () => {
    const { commands, events } = setUp(buyersOfLamp);
    await commands.post(ada, body(3));
    expect(await commands.removeAuthorReview(ada)).toBe(true);
    expect(await commands.removeAuthorReview(ada)).toBe(false);
    expect(events.map(({ data }) => [data.count, data.sum, data.revision])).toEqual([
      [1, 3, 1],
      [0, 0, 2],
    ]);
  });
});

describe('the list', () => {
  it('answers the contract fields only: no author id, no version', async () => {
    const { commands } = setUp(buyersOfLamp);
    await commands.post(ada, body(4));
    const page = await commands.list('main', 'p-lamp', { sort: 'newest', limit: 20 });
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(
      ['authorName', 'body', 'createdAt', 'productId', 'rating', 'reviewId', 'title', 'updatedAt'].sort(),
    );
  });
});
