import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '@shop/config';
import { tracer } from '@shop/middleware';
import * as z from 'zod';
import { dynamoProductCatalog } from './adapters/dynamo-product-catalog.ts';

// Read and checked once per cold start; a missing variable fails the first request loudly.
const config = loadConfig(z.object({ PRODUCTS_TABLE: z.string().min(1) }));

const dynamo = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The catalog every products handler works on. */
export const catalog = dynamoProductCatalog({ tableName: config.PRODUCTS_TABLE, client: dynamo });
