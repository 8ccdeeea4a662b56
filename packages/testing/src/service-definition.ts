import { readFileSync } from 'node:fs';
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';
import { uniqueName } from './names.ts';

// CloudFormation short-form tags (`!Ref`, `!GetAtt`, `!Sub`) read as their long form; tests only
// need the literal properties of a resource, never the evaluated intrinsics.
const cloudFormationTags = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'ImportValue'].map(
  (name) => ({
    tag: `!${name}`,
    resolve: (value: unknown) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }),
  }),
);

/** A resource of a service's serverless.yml, as written there. */
export function serviceResource(
  serviceDir: string,
  logicalId: string,
): { Type: string; Properties: Record<string, unknown> } {
  const definition = parse(readFileSync(`${serviceDir}/serverless.yml`, 'utf8'), {
    customTags: cloudFormationTags,
  }) as { resources?: { Resources?: Record<string, { Type: string; Properties: Record<string, unknown> }> } };
  const resource = definition.resources?.Resources?.[logicalId];
  if (!resource) throw new Error(`${serviceDir}/serverless.yml declares no resource ${logicalId}`);
  return resource;
}

/**
 * Creates a table in the emulator exactly as the service's serverless.yml declares it (keys, indexes),
 * under the given name so tests never share one.
 */
export async function createServiceTable(
  serviceDir: string,
  logicalId: string,
  tableName: string,
): Promise<string> {
  const { Type, Properties } = serviceResource(serviceDir, logicalId);
  if (Type !== 'AWS::DynamoDB::Table') throw new Error(`${logicalId} is a ${Type}, not a table`);
  const { AttributeDefinitions, KeySchema, GlobalSecondaryIndexes, LocalSecondaryIndexes } =
    Properties as unknown as CreateTableCommandInput;
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions,
      KeySchema,
      GlobalSecondaryIndexes,
      LocalSecondaryIndexes,
    }),
  );
  return tableName;
}

/** Creates several tables of the service's serverless.yml under fresh names; answers each name by its key. */
export async function createServiceTables<Key extends string>(
  serviceDir: string,
  logicalIds: Record<Key, string>,
): Promise<Record<Key, string>> {
  const names = await Promise.all(
    Object.entries<string>(logicalIds).map(
      async ([key, logicalId]) =>
        [key, await createServiceTable(serviceDir, logicalId, uniqueName(logicalId))] as const,
    ),
  );
  return Object.fromEntries(names) as Record<Key, string>;
}
