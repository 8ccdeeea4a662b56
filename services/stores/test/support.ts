import { CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { storeAdminGroup } from '@shop/auth';
import { DEFAULT_STORE_ID } from '@shop/contracts';
import type { EventEnvelope } from '@shop/events';
import { createServiceTables, receiveJson, serviceResource, testUserPool } from '@shop/testing';

export const serviceDir = new URL('..', import.meta.url).pathname;

export type Tables = { stores: string; outbox: string };

/** Creates this service's tables in the emulator, as serverless.yml declares them, under fresh names. */
export const createTables = (): Promise<Tables> =>
  createServiceTables(serviceDir, { stores: 'StoresTable', outbox: 'OutboxTable' });

/** Every event published on a listened topic so far (read and deleted from its listening queue). */
export const drain = (queueUrl: string) => receiveJson<EventEnvelope>(queueUrl);

/**
 * A user pool with an admin and a customer signed in, and `main`'s admin group as the stack declares
 * it (MainStoreAdminGroup in serverless.yml).
 */
export async function userPoolWithTokens() {
  const pool = await testUserPool('stores');
  const group = serviceResource(serviceDir, 'MainStoreAdminGroup').Properties;
  if (group.GroupName !== storeAdminGroup(DEFAULT_STORE_ID))
    throw new Error(`MainStoreAdminGroup should be named ${storeAdminGroup(DEFAULT_STORE_ID)}`);
  await pool.cognito.send(
    new CreateGroupCommand({ UserPoolId: pool.userPoolId, GroupName: String(group.GroupName) }),
  );
  const [admin, customer] = await Promise.all([
    pool.signIn('admin@example.com', ['admin']),
    pool.signIn('customer@example.com'),
  ]);
  return { pool, adminToken: admin.token, customerToken: customer.token, customerEmail: customer.email };
}

/** Points this worker's handlers at the given tables, topic and pool, as serverless.yml does in AWS. */
export function serviceEnvironment(
  tables: Tables,
  topicArn: string,
  pool: { userPoolId: string; clientId: string },
): void {
  Object.assign(process.env, {
    STORES_TABLE: tables.stores,
    OUTBOX_TABLE: tables.outbox,
    STORE_EVENTS_TOPIC_ARN: topicArn,
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.clientId,
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  });
}
