import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoProductCatalog } from '../src/adapters/dynamo-product-catalog.ts';
import { demoCatalog } from './demo-catalog.ts';

interface SeedContext {
  env: Record<string, string>;
  outputs: Record<string, string>;
}

/** Fills the local products table with the demo catalog; called by `npm start`. */
export default async function seed({ env, outputs }: SeedContext): Promise<string> {
  const tableName = outputs.ProductsTableName;
  if (!tableName) throw new Error('The products stack has no ProductsTableName output.');
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: env.AWS_ENDPOINT_URL,
      region: env.AWS_REGION,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
      },
    }),
  );
  const products = demoCatalog();
  await dynamoProductCatalog({ tableName, client }).save(products);
  const categories = new Set(products.map((item) => item.category));
  return `catalog: ${products.length} products in ${categories.size} categories (${[...categories].join(', ')})`;
}
