import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { documentClient } from '@shop/aws';
import { snsEventPublisher, transactionalOutbox } from '@shop/events';
import { dynamoProductCatalog } from '../src/adapters/dynamo-product-catalog.ts';
import { berlinCatalog, demoCatalog } from './demo-catalog.ts';

interface SeedContext {
  env: Record<string, string>;
  outputs: Record<string, string>;
}

function output(outputs: Record<string, string>, name: string): string {
  const value = outputs[name];
  if (!value) throw new Error(`The products stack has no ${name} output.`);
  return value;
}

/**
 * Fills the local catalogs of both seeded stores (`main`, `berlin`) with their demo products, through
 * the same path as an admin's writes: search entries and a ProductChanged event each, so other services'
 * read models learn them too. Called by `npm start`.
 */
export default async function seed({ env, outputs }: SeedContext): Promise<string> {
  const clientConfig = {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  };
  const client = documentClient(new DynamoDBClient(clientConfig));
  const outbox = transactionalOutbox({
    tableName: output(outputs, 'OutboxTableName'),
    client,
    publisher: snsEventPublisher({
      topicArn: output(outputs, 'ProductEventsTopicArn'),
      client: new SNSClient(clientConfig),
    }),
  });
  const catalog = dynamoProductCatalog({
    tableName: output(outputs, 'ProductsTableName'),
    searchTableName: output(outputs, 'ProductSearchTableName'),
    skuTableName: output(outputs, 'SkuTableName'),
    listingsTableName: output(outputs, 'ListingsTableName'),
    categoryCountsTableName: output(outputs, 'CategoryCountsTableName'),
    client,
    outbox,
  });
  const stores = { main: demoCatalog(), berlin: berlinCatalog() };
  for (const products of Object.values(stores))
    await catalog.save(products, { correlationId: 'seed-demo-catalog' });
  return Object.entries(stores)
    .map(([storeId, products]) => {
      const categories = new Set(products.map((item) => item.category));
      return `catalog ${storeId}: ${products.length} products in ${categories.size} categories (${[...categories].join(', ')})`;
    })
    .join('; ');
}
