import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@shop/aws';
import { mainStoreDefaults, USERS_SOURCE, userErased } from '@shop/contracts';
import { createEvent, snsEventPublisher } from '@shop/events';
import { knownStoreIds, recordStoreChange } from '@shop/store-directory';
import {
  createServiceQueue,
  receiveMessages,
  sqsRecord,
  subscribeAsDeclared,
  uniqueName,
  useEmulator,
} from '@shop/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoNotificationStore } from '../src/adapters/dynamo-notification-store.ts';
import {
  createTables,
  deliver,
  emailsTo,
  orderEvent,
  registration,
  serviceDir,
  serviceEnvironment,
  snapshot,
  type Tables,
  verifiedSender,
} from './support.ts';

// UserErased through the queue and subscription serverless.yml declares, to the real consumer; the
// notify consumer runs before and after it, as the two do side by side.
let tables: Tables;
let queueUrl: string;
let topicArn: string;
let notify: typeof import('../src/handlers/events/notify.ts').handler;
let erase: typeof import('../src/handlers/events/erase-recipient.ts').handler;

const get = async (TableName: string, Key: Record<string, string>) =>
  (await documentClient().send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
/** Every notification of the user in the table, whatever its store (a whole-table look, as no route makes). */
const notificationsOf = async (userId: string) =>
  (
    await documentClient().send(
      new ScanCommand({
        TableName: tables.notifications,
        FilterExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
      }),
    )
  ).Items ?? [];

/** Publishes UserErased on the topic and hands what reached the queue to the erasure consumer. */
async function erased(userId: string, id = `UserErased-${userId}`) {
  const event = {
    ...createEvent(userErased, { userId }, { source: USERS_SOURCE, correlationId: 'c-1' }),
    id,
  };
  await snsEventPublisher({ topicArn, client: new SNSClient({}) }).publish(userErased, event);
  const messages = await receiveMessages(queueUrl, { waitTimeSeconds: 1 });
  expect(messages).toHaveLength(1);
  return deliver(
    erase,
    ...messages.map((message) => sqsRecord(message.body, { messageId: message.messageId })),
  );
}

beforeAll(async () => {
  useEmulator();
  let sender: string;
  [tables, sender] = await Promise.all([createTables(), verifiedSender()]);
  const queue = await createServiceQueue(serviceDir, 'UserErasuresQueue');
  queueUrl = queue.url;
  const { TopicArn } = await new SNSClient({}).send(
    new CreateTopicCommand({ Name: uniqueName('user-events') }),
  );
  topicArn = TopicArn as string;
  await subscribeAsDeclared(serviceDir, 'UserErasuresSubscription', topicArn, queue.arn);
  serviceEnvironment(tables, sender);
  vi.resetModules();
  notify = (await import('../src/handlers/events/notify.ts')).handler;
  erase = (await import('../src/handlers/events/erase-recipient.ts')).handler;
});

describe("erasing a user's notifications data", () => {
  it('forgets the address (a mark stays) and deletes the notifications; others keep theirs', async () => {
    const ada = registration('Ada');
    const bob = registration('Bob');
    await deliver(notify, sqsRecord(ada), sqsRecord(bob));
    await deliver(notify, sqsRecord(orderEvent('orderConfirmed', snapshot(ada.data.userId))));
    await deliver(notify, sqsRecord(orderEvent('orderConfirmed', snapshot(bob.data.userId))));
    expect(await notificationsOf(ada.data.userId)).toHaveLength(2);

    expect(await erased(ada.data.userId)).toEqual([]);

    expect(await get(tables.recipients, { userId: ada.data.userId })).toEqual({
      userId: ada.data.userId,
      erasedAt: expect.any(String),
    });
    expect(await notificationsOf(ada.data.userId)).toEqual([]);
    expect(await get(tables.recipients, { userId: bob.data.userId })).toMatchObject({
      email: bob.data.email,
    });
    expect(await notificationsOf(bob.data.userId)).toHaveLength(2);
  });

  it('emails an erased user nothing more: a late order step and a late sign-up are dropped, not retried', async () => {
    const cleo = registration('Cleo');
    await deliver(notify, sqsRecord(cleo));
    await erased(cleo.data.userId);
    const before = (await emailsTo(cleo.data.email)).length;

    const late = [
      sqsRecord(orderEvent('orderShipped', snapshot(cleo.data.userId, { status: 'SHIPPED' }))),
      // The same sign-up under another id (a redriven copy the idempotency table no longer knows).
      sqsRecord({ ...cleo, id: uniqueName('UserRegistered') }),
    ];
    expect(await deliver(notify, ...late)).toEqual([]);
    expect(await emailsTo(cleo.data.email)).toHaveLength(before);
    expect(await get(tables.recipients, { userId: cleo.data.userId })).not.toHaveProperty('email');
    expect(await notificationsOf(cleo.data.userId)).toEqual([]);
  });

  it('marks a user erased before their sign-up reached this service, and repeats are harmless', async () => {
    const dan = registration('Dan');
    expect(await erased(dan.data.userId)).toEqual([]);
    expect(await erased(dan.data.userId)).toEqual([]);
    expect(await erased(dan.data.userId, uniqueName('UserErased'))).toEqual([]);
    expect(await deliver(notify, sqsRecord(dan))).toEqual([]);
    expect(await emailsTo(dan.data.email)).toEqual([]);
    expect(await get(tables.recipients, { userId: dan.data.userId })).toEqual({
      userId: dan.data.userId,
      erasedAt: expect.any(String),
    });
  });
});

describe('the notification store', () => {
  it('deletes more notifications of a user than one batch holds, in every store it knows', async () => {
    const stores = { tableName: tables.stores, client: documentClient() };
    const lyon = uniqueName('lyon');
    await recordStoreChange(stores, { ...mainStoreDefaults, storeId: lyon, name: 'Lyon', currency: 'EUR' });
    const eve = registration('Eve');
    const fay = registration('Fay');
    await deliver(notify, sqsRecord(eve));
    await deliver(notify, sqsRecord(fay));
    for (let n = 0; n < 30; n++)
      await deliver(notify, sqsRecord(orderEvent('orderConfirmed', snapshot(eve.data.userId))));
    for (const userId of [eve.data.userId, eve.data.userId, fay.data.userId])
      await deliver(
        notify,
        sqsRecord(orderEvent('orderConfirmed', snapshot(userId, { storeId: lyon, currency: 'EUR' }))),
      );
    expect(await notificationsOf(eve.data.userId)).toHaveLength(33);
    const store = dynamoNotificationStore({
      tableName: tables.notifications,
      client: documentClient(),
      storeIds: () => knownStoreIds(stores),
    });
    expect(await store.deleteForUser(eve.data.userId)).toBe(33);
    expect(await notificationsOf(eve.data.userId)).toEqual([]);
    expect(await notificationsOf(fay.data.userId)).toHaveLength(2);
  });
});
