import { readFileSync } from 'node:fs';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { type OrderSnapshot, orderEvents, userRegistered } from '@shop/contracts';
import { createEvent, type EventDefinition, type EventOf } from '@shop/events';
import {
  createServiceTables,
  type HttpHandler,
  httpEvent,
  invokeHttp,
  lambdaContext,
  serviceResource,
  uniqueName,
} from '@shop/testing';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parse } from 'yaml';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = { notifications: string; recipients: string; idempotency: string; stores: string };

/** Creates every table of this service in the emulator, as serverless.yml declares them, under fresh names. */
export const createTables = (): Promise<Tables> =>
  createServiceTables(serviceDir, {
    notifications: 'NotificationsTable',
    recipients: 'RecipientsTable',
    idempotency: 'IdempotencyTable',
    stores: 'StoresTable',
  });

/**
 * The sender the local stage sends from (serverless.yml: `${self:custom.stage.sesSender}`, stages.yml's
 * default `shop-${sls:stage}@example.com` when SHOP_SES_SENDER is unset), verified in the emulator as
 * the stack's own identity is in AWS: moto refuses to send from an unverified address.
 */
export async function verifiedSender(): Promise<string> {
  const identity = serviceResource(serviceDir, 'SenderEmailIdentity');
  if (identity.Type !== 'AWS::SES::EmailIdentity') throw new Error('SenderEmailIdentity is no SES identity');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's variable syntax, not a template literal
  if (identity.Properties.EmailIdentity !== '${self:custom.stage.sesSender}')
    throw new Error("SenderEmailIdentity should be the stage's sesSender");
  const stages = parse(readFileSync(`${serviceDir}/../../stages.yml`, 'utf8'), { merge: true }) as {
    local?: { sesSender?: string };
  };
  const fallback = /^\$\{env:SHOP_SES_SENDER, '([^']+)'\}$/.exec(String(stages.local?.sesSender))?.[1];
  // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's variable syntax, not a template literal
  const sender = fallback?.replace('${sls:stage}', 'local');
  if (!sender) throw new Error("stages.yml's local sesSender should default to an address");
  await new SESClient({}).send(new VerifyEmailIdentityCommand({ EmailAddress: sender }));
  return sender;
}

/** Points this worker's handlers at the given tables and sender, as serverless.yml does in AWS. */
export function serviceEnvironment(
  tables: Tables,
  sender: string,
  pool?: { userPoolId: string; clientId: string },
): void {
  Object.assign(process.env, {
    NOTIFICATIONS_TABLE: tables.notifications,
    RECIPIENTS_TABLE: tables.recipients,
    IDEMPOTENCY_TABLE: tables.idempotency,
    STORES_TABLE: tables.stores,
    SES_SENDER: sender,
    POWERTOOLS_SERVICE_NAME: 'notifications',
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
    ...(pool ? { USER_POOL_ID: pool.userPoolId, USER_POOL_CLIENT_ID: pool.clientId } : {}),
  });
}

/** An email as the emulator recorded it. */
export type SentEmail = {
  id: string;
  source: string;
  subject: string;
  body: string;
  destinations: { ToAddresses: string[] };
};

/** Every email the emulator sent to `to` (moto keeps them under ses.Message in /moto-api/data.json). */
export async function emailsTo(to: string): Promise<SentEmail[]> {
  const response = await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`);
  const data = (await response.json()) as { ses?: { Message?: SentEmail[] } };
  return (data.ses?.Message ?? []).filter((email) => email.destinations.ToAddresses.includes(to));
}

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Delivers records to the consumer as one SQS batch; answers the ids of the failed ones. */
export async function deliver(handler: SqsHandler, ...records: SQSRecord[]): Promise<string[]> {
  const answer = await handler({ Records: records }, lambdaContext('sendNotifications'));
  return answer.batchItemFailures.map((failure) => failure.itemIdentifier);
}

/** A new customer's UserRegistered, with an address no other test uses. */
export function registration(name = 'Ada Lovelace', userId = uniqueName('u')) {
  const email = `${uniqueName('customer')}@example.com`;
  return createEvent(userRegistered, { userId, email, name }, { source: 'users' });
}

export const snapshot = (userId: string, overrides: Partial<OrderSnapshot> = {}): OrderSnapshot => ({
  storeId: 'main',
  orderId: uniqueName('o'),
  userId,
  status: 'CONFIRMED',
  items: [{ productId: 'p-lamp', name: 'Desk Lamp', quantity: 2, unitPrice: 1999 }],
  total: 3998,
  currency: 'USD',
  updatedAt: new Date().toISOString(),
  ...overrides,
});

/** An order event as the orders service publishes it. */
export function orderEvent<N extends keyof typeof orderEvents>(
  name: N,
  order: OrderSnapshot,
): EventOf<(typeof orderEvents)[N]> {
  const definition: EventDefinition = orderEvents[name];
  return createEvent(definition, order, { source: 'orders', correlationId: order.orderId }) as EventOf<
    (typeof orderEvents)[N]
  >;
}

/** Calls GET /notifications as API Gateway would, and parses the JSON answer. */
export async function getNotifications(
  handler: HttpHandler,
  options: { token?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const event = httpEvent('GET /notifications', options);
  const { status, body } = await invokeHttp(handler, event, lambdaContext('listNotifications'));
  return { status, body };
}

/**
 * Delivers records the way SQS and the event source mapping do: the failed ones again, until none
 * fails or each was received `maxReceiveCount` times (then SQS would move them to the DLQ). Answers
 * the ids that would end in the DLQ.
 */
export async function deliverUntilSettled(
  handler: SqsHandler,
  records: SQSRecord[],
  maxReceiveCount = 5,
): Promise<string[]> {
  let pending = records;
  for (let receive = 1; receive <= maxReceiveCount && pending.length > 0; receive += 1) {
    const failed = new Set(await deliver(handler, ...pending));
    pending = pending.filter((record) => failed.has(record.messageId));
  }
  return pending.map((record) => record.messageId);
}
