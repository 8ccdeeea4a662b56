import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { documentClient } from '@shop/aws';
import { snsEventPublisher, transactionalOutbox } from '@shop/events';
import { dynamoStoreRegistry } from '../src/adapters/dynamo-store-registry.ts';
import { openStore } from '../src/domain/store.ts';
import { demoCheckoutSettings, demoStores } from './demo-stores.ts';

interface SeedContext {
  env: Record<string, string>;
  outputs: Record<string, string>;
}

function output(outputs: Record<string, string>, name: string): string {
  const value = outputs[name];
  if (!value) throw new Error(`The stores stack has no ${name} output.`);
  return value;
}

const taxLabel = (taxIncluded: boolean) => (taxIncluded ? 'tax included' : 'tax added');

/**
 * Opens the demo stores, each with its StoreChanged, so every service's read model knows them before
 * the catalogs are seeded. Called by `npm start`, after the stacks are up. Admin groups are not made
 * here: `main`'s is in the stack, and a store's is opened by its first grant if missing.
 */
export default async function seed({ env, outputs }: SeedContext): Promise<string[]> {
  const clientConfig = {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  };
  const client = documentClient(new DynamoDBClient(clientConfig));
  const registry = dynamoStoreRegistry({
    tableName: output(outputs, 'StoresTableName'),
    client,
    outbox: transactionalOutbox({
      tableName: output(outputs, 'OutboxTableName'),
      client,
      publisher: snsEventPublisher({
        topicArn: output(outputs, 'StoreEventsTopicArn'),
        client: new SNSClient(clientConfig),
      }),
    }),
  });
  const lines: string[] = [];
  for (const input of demoStores()) {
    const store = { ...openStore(input, new Date()), ...demoCheckoutSettings(input.storeId) };
    await registry.create(store, { correlationId: 'seed-demo-stores' });
    lines.push(
      `store ${store.storeId}: ${store.name}, ${store.currency}, ${store.country}, ${taxLabel(store.taxIncluded)}, ` +
        `${store.shippingOptions?.length ?? 0} shipping options, ${store.taxRates?.length ?? 0} tax rates`,
    );
  }
  return lines;
}
