import { SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { averageRating, type ProductRatingChanged } from '@shop/contracts';
import { type EventPublisher, sqsEventSender, transactionalOutbox } from '@shop/events';
import { sqsRecord, uniqueName, useEmulator } from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoBuyerRecords } from '../src/adapters/dynamo-buyer-records.ts';
import { dynamoReviewBook } from '../src/adapters/dynamo-review-book.ts';
import { reviewCommands } from '../src/domain/reviews.ts';
import {
  call,
  createTables,
  deliver,
  deliveredOrder,
  drainRatings,
  knowStores,
  poolWithStoreAdmins,
  productRatingsQueue,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// What products gets: ProductRatingChanged through the outbox, one per change of a product's reviews,
// each carrying the whole aggregate at a revision one higher than the last. Products keeps the highest
// revision per product; its consumer is another service's, so here a model of that rule reads the
// messages, delivered three times over in shuffled order.
type Person = { token: string; userId: string };
let tables: Tables;
let ratingsQueue: string;
let shoppers: Person[];
let routes: {
  post: typeof import('../src/handlers/reviews/post.ts').handler;
  update: typeof import('../src/handlers/reviews/update.ts').handler;
  remove: typeof import('../src/handlers/reviews/delete.ts').handler;
  recordBuyers: typeof import('../src/handlers/events/record-buyers.ts').handler;
};

const SHOPPERS = 8;
const product = uniqueName('p-popular');
const starsOf = (index: number) => (index % 5) + 1;

/** Products' rule: per product, the message of the highest revision seen wins; a lower one is ignored. */
function highestRevisionWins(messages: ProductRatingChanged[]) {
  const kept = new Map<string, ProductRatingChanged['data']>();
  for (const { data } of messages) {
    const held = kept.get(data.productId);
    if (!held || data.revision > held.revision) kept.set(data.productId, data);
  }
  return kept;
}

const shuffled = <T>(items: T[]): T[] => {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
};

/** Every message holds together: its average is its sum over its count, within what 1–5 stars can sum to. */
function expectConsistent(messages: ProductRatingChanged[]) {
  for (const { data } of messages) {
    expect(data.average).toBe(averageRating(data.sum, data.count));
    expect(data.sum).toBeGreaterThanOrEqual(data.count);
    expect(data.sum).toBeLessThanOrEqual(data.count * 5);
  }
}

beforeAll(async () => {
  useEmulator();
  const [created, queue, pool] = await Promise.all([
    createTables(),
    productRatingsQueue(),
    poolWithStoreAdmins(),
  ]);
  tables = created;
  ratingsQueue = queue;
  await knowStores(tables);
  shoppers = await Promise.all(
    Array.from({ length: SHOPPERS }, (_, index) => pool.signIn(`shopper-${index}`)),
  );
  serviceEnvironment(tables, ratingsQueue, pool);
  vi.resetModules();
  routes = {
    post: (await import('../src/handlers/reviews/post.ts')).handler,
    update: (await import('../src/handlers/reviews/update.ts')).handler,
    remove: (await import('../src/handlers/reviews/delete.ts')).handler,
    recordBuyers: (await import('../src/handlers/events/record-buyers.ts')).handler,
  };
  const deliveries = shoppers.map((shopper) => sqsRecord(deliveredOrder(shopper.userId, [product])));
  expect(await deliver(routes.recordBuyers, ...deliveries)).toEqual([]);
});

describe('ProductRatingChanged as products receives it', () => {
  let afterPosts: ProductRatingChanged[];

  it('counts every one of many reviews posted at the same moment by different buyers, exactly', async () => {
    const answers = await Promise.all(
      shoppers.map((shopper, index) =>
        call(routes.post, 'POST /products/{productId}/reviews', {
          token: shopper.token,
          pathParameters: { productId: product },
          body: { rating: starsOf(index), title: `Review ${index}`, body: '' },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(shoppers.map(() => 201));
    afterPosts = await drainRatings(ratingsQueue);
    // One message per review, at revisions 1..8 with nothing skipped or repeated, each one review more.
    expect(afterPosts.map((message) => message.data.revision)).toEqual(
      Array.from({ length: SHOPPERS }, (_, index) => index + 1),
    );
    expect(afterPosts.map((message) => message.data.count)).toEqual(
      Array.from({ length: SHOPPERS }, (_, index) => index + 1),
    );
    expectConsistent(afterPosts);
    const total = shoppers.reduce((sum, _, index) => sum + starsOf(index), 0);
    expect(afterPosts.at(-1)?.data).toMatchObject({
      count: SHOPPERS,
      sum: total,
      average: averageRating(total, SHOPPERS),
    });
  });

  it('follows concurrent edits and deletes exactly, and a deleted review leaves the average right', async () => {
    // Shoppers 0–3 delete their reviews while 4–7 change their stars (5→1, 1→2, 2→3, 3→4), all at once.
    const answers = await Promise.all(
      shoppers.map(async (shopper, index) => {
        const productPath = { productId: product };
        if (index < 4) {
          const mine = await call(routes.update, 'PUT /products/{productId}/reviews/mine', {
            token: shopper.token,
            pathParameters: productPath,
            body: { rating: starsOf(index), title: `Review ${index}`, body: 'unchanged stars' },
          });
          return call(routes.remove, 'DELETE /products/{productId}/reviews/{reviewId}', {
            token: shopper.token,
            pathParameters: { ...productPath, reviewId: mine.body.reviewId as string },
          });
        }
        return call(routes.update, 'PUT /products/{productId}/reviews/mine', {
          token: shopper.token,
          pathParameters: productPath,
          body: { rating: (starsOf(index) % 5) + 1, title: 'Changed my mind', body: '' },
        });
      }),
    );
    expect(answers.map((answer) => answer.status)).toEqual([204, 204, 204, 204, 200, 200, 200, 200]);
    const changes = await drainRatings(ratingsQueue);
    // An edit that keeps the stars sends nothing: 4 deletions and 4 star changes, revisions 9..16.
    expect(changes.map((message) => message.data.revision)).toEqual(
      Array.from({ length: 8 }, (_, index) => SHOPPERS + index + 1),
    );
    expectConsistent(changes);
    expect(changes.at(-1)?.data).toMatchObject({ count: 4, sum: 10, average: 2.5 });

    const all = [...afterPosts, ...changes];
    for (let round = 0; round < 3; round += 1) {
      const delivered = shuffled([...all, ...all, ...all]);
      expect(highestRevisionWins(delivered).get(product)).toEqual(changes.at(-1)?.data);
    }
  });

  it('leaves nothing pending in the outbox once the messages went out', async () => {
    const { Items = [] } = await documentClient().send(
      new QueryCommand({
        TableName: tables.outbox,
        IndexName: 'pending',
        KeyConditionExpression: 'pending = :pending',
        ExpressionAttributeValues: { ':pending': 'PENDING' },
      }),
    );
    expect(Items).toEqual([]);
  });
});

describe('a rating change whose send failed', () => {
  it('stays in the outbox, committed with the review, and the relay sends it later', async () => {
    const failing: EventPublisher = {
      publish: async () => {
        throw new Error('SQS is down');
      },
    };
    const client = documentClient();
    const userId = uniqueName('u');
    const lamp = uniqueName('p-lamp');
    const buyers = dynamoBuyerRecords({ tableName: tables.buyers, client });
    await buyers.recordPurchases(userId, [{ storeId: 'main', productId: lamp }], {
      orderId: 'o-1',
      deliveredAt: new Date().toISOString(),
    });
    const commands = reviewCommands({
      book: dynamoReviewBook({
        tableName: tables.reviews,
        client,
        outbox: transactionalOutbox({ tableName: tables.outbox, client, publisher: failing }),
      }),
      buyers,
    });
    const review = await commands.post(
      { storeId: 'main', productId: lamp, userId },
      { rating: 2, title: 'Dim', body: '' },
    );
    expect(review.rating).toBe(2);
    expect(await drainRatings(ratingsQueue)).toEqual([]);

    const relay = transactionalOutbox({
      tableName: tables.outbox,
      client,
      publisher: sqsEventSender({
        queueUrl: ratingsQueue,
        client: new SQSClient({ useQueueUrlAsEndpoint: false }),
      }),
    });
    expect(await relay.relayPending({ olderThanSeconds: 0 })).toEqual({ published: 1, failed: 0 });
    const relayed = await drainRatings(ratingsQueue);
    expect(relayed.map(({ data }) => [data.productId, data.count, data.sum, data.revision])).toEqual([
      [lamp, 1, 2, 1],
    ]);
  });
});
