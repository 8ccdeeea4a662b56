import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { userErased } from '@shop/contracts';
import { snsEventPublisher } from '@shop/events';
import {
  createServiceQueue,
  receiveMessages,
  sqsRecord,
  subscribeAsDeclared,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BERLIN,
  call,
  createTables,
  deliver,
  deliveredOrder,
  drainRatings,
  erased,
  knowStores,
  poolWithStoreAdmins,
  productRatingsQueue,
  registered,
  serviceDir,
  serviceEnvironment,
  type Tables,
} from './support.ts';

// UserErased through the queue and subscription serverless.yml declares, to the real consumer: the
// user's reviews go (their products' ratings following exactly), and so do their purchase records.
type Person = { token: string; userId: string };
let tables: Tables;
let ratingsQueue: string;
let erasuresQueue: string;
let topicArn: string;
let leaving: Person;
let staying: Person;
let handlers: {
  post: typeof import('../src/handlers/reviews/post.ts').handler;
  list: typeof import('../src/handlers/reviews/list.ts').handler;
  recordBuyers: typeof import('../src/handlers/events/record-buyers.ts').handler;
  eraseAuthor: typeof import('../src/handlers/events/erase-author.ts').handler;
};
const lamp = uniqueName('p-lamp');
const shirt = uniqueName('p-shirt');

const userItems = async (tableName: string, userId: string) =>
  (
    await documentClient().send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

async function eraseThroughTopic(userId: string) {
  await snsEventPublisher({ topicArn, client: new SNSClient({}) }).publish(userErased, erased(userId));
  const messages = await receiveMessages(erasuresQueue, { waitTimeSeconds: 1 });
  expect(messages).toHaveLength(1);
  return deliver(
    handlers.eraseAuthor,
    ...messages.map((message) => sqsRecord(message.body, { messageId: message.messageId })),
  );
}

const post = (who: Person, productId: string, rating: number, store?: string) =>
  call(handlers.post, 'POST /products/{productId}/reviews', {
    token: who.token,
    pathParameters: { productId },
    body: { rating, title: 'A review', body: 'Words that may name me.' },
    ...(store ? { store } : {}),
  });

beforeAll(async () => {
  useEmulator();
  const [created, ratings, queue, topic, pool] = await Promise.all([
    createTables(),
    productRatingsQueue(),
    createServiceQueue(serviceDir, 'UserErasuresQueue'),
    new SNSClient({}).send(new CreateTopicCommand({ Name: uniqueName('user-events') })),
    poolWithStoreAdmins(),
  ]);
  tables = created;
  ratingsQueue = ratings;
  erasuresQueue = queue.url;
  topicArn = topic.TopicArn as string;
  await subscribeAsDeclared(serviceDir, 'UserErasuresSubscription', topicArn, queue.arn);
  await knowStores(tables);
  [leaving, staying] = await Promise.all([pool.signIn('leaving'), pool.signIn('staying')]);
  serviceEnvironment(tables, ratingsQueue, pool);
  vi.resetModules();
  handlers = {
    post: (await import('../src/handlers/reviews/post.ts')).handler,
    list: (await import('../src/handlers/reviews/list.ts')).handler,
    recordBuyers: (await import('../src/handlers/events/record-buyers.ts')).handler,
    eraseAuthor: (await import('../src/handlers/events/erase-author.ts')).handler,
  };
  const events = [
    registered(leaving.userId, 'Leaving Customer'),
    deliveredOrder(leaving.userId, [lamp]),
    deliveredOrder(leaving.userId, [shirt], { storeId: BERLIN.storeId, currency: 'EUR' }),
    deliveredOrder(staying.userId, [lamp]),
  ];
  expect(await deliver(handlers.recordBuyers, ...events.map((event) => sqsRecord(event)))).toEqual([]);
  expect((await post(leaving, lamp, 1)).status).toBe(201);
  expect((await post(leaving, shirt, 2, BERLIN.storeId)).status).toBe(201);
  expect((await post(staying, lamp, 5)).status).toBe(201);
  await drainRatings(ratingsQueue);
});

describe('UserErased', () => {
  it("deletes the user's reviews in every store, each product's rating following exactly", async () => {
    expect(await eraseThroughTopic(leaving.userId)).toEqual([]);
    const lampReviews = await call(handlers.list, 'GET /products/{productId}/reviews', {
      pathParameters: { productId: lamp },
    });
    expect((lampReviews.body.items as Array<{ rating: number }>).map((item) => item.rating)).toEqual([5]);
    const ratings = await drainRatings(ratingsQueue);
    expect(
      ratings
        .map(({ data }) => [data.storeId, data.productId, data.count, data.sum, data.average])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['berlin', shirt, 0, 0, 0],
      ['main', lamp, 1, 5, 5],
    ]);
    expect(await userItems(tables.reviews, leaving.userId)).toEqual([]);
  });

  it('keeps only the mark that they were erased: no name, no purchase records', async () => {
    const { Items = [] } = await documentClient().send(
      new QueryCommand({
        TableName: tables.buyers,
        KeyConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': leaving.userId },
        ConsistentRead: true,
      }),
    );
    expect(Items).toEqual([{ userId: leaving.userId, entry: 'profile', erasedAt: expect.any(String) }]);
  });

  it('refuses a review from the still-valid token of the erased user, and records nothing arriving late', async () => {
    expect(
      await deliver(
        handlers.recordBuyers,
        sqsRecord(deliveredOrder(leaving.userId, [lamp])),
        sqsRecord(registered(leaving.userId, 'Leaving Customer')),
      ),
    ).toEqual([]);
    expect((await post(leaving, lamp, 3)).status).toBe(403);
    expect((await userItems(tables.buyers, leaving.userId)).map((item) => item.entry)).toEqual(['profile']);
  });

  it('is harmless twice: nothing more deleted, no rating sent again', async () => {
    expect(await eraseThroughTopic(leaving.userId)).toEqual([]);
    expect(await drainRatings(ratingsQueue)).toEqual([]);
    const staysReview = await call(handlers.list, 'GET /products/{productId}/reviews', {
      pathParameters: { productId: lamp },
    });
    expect(staysReview.body.items).toHaveLength(1);
  });
});
