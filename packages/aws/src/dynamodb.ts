import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClient } from './aws-client.ts';
import { once } from './once.ts';

/**
 * A document client over `client` (a plain one by default, as tests and seeds want) that leaves
 * undefined attributes out of what it writes, so an absent optional field is no error.
 */
export function documentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** This container's document client: traced (`awsClient`), made on first use, shared by every adapter. */
export const sharedDocumentClient = /* @__PURE__ */ once(() =>
  documentClient(awsClient(new DynamoDBClient({}))),
);

/** Why one item of a cancelled transaction failed (`Item` when the write asked for `ALL_OLD`). */
export type CancellationReason = {
  Code?: string | undefined;
  Message?: string | undefined;
  Item?: Record<string, { N?: string; S?: string }> | undefined;
};

/** Whether a single write (Put, Update, Delete) failed because its ConditionExpression did not hold. */
export const isConditionFailure = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * The reasons of a cancelled transaction, one per item in the order of `TransactItems`; undefined when
 * the error is anything else.
 */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if ((error as Error | undefined)?.name !== 'TransactionCanceledException') return undefined;
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

/** Whether that item's condition did not hold. */
export const conditionFailed = (reason: CancellationReason | undefined): boolean =>
  reason?.Code === 'ConditionalCheckFailed';

/**
 * Whether that item lost to another writer: its condition no longer held, or a concurrent transaction
 * held the item. Either way, reading again and deciding afresh is the answer.
 */
export const lostRace = (reason: CancellationReason | undefined): boolean =>
  conditionFailed(reason) || reason?.Code === 'TransactionConflict';
