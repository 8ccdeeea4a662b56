import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { ResourceProperties } from '../template.ts';
import type { Provisioner } from './provisioner.ts';

/** AWS::DynamoDB::Table: keys, GSIs, LSIs, stream and time to live. */
export const provisionTable: Provisioner = async (properties, { clients, name }) => {
  const tableName = name(properties.TableName);
  const billingMode = (properties.BillingMode as string | undefined) ?? 'PROVISIONED';
  const input = {
    TableName: tableName,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    BillingMode: billingMode,
    ProvisionedThroughput: properties.ProvisionedThroughput,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
    LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
    StreamSpecification: properties.StreamSpecification
      ? { StreamEnabled: true, ...(properties.StreamSpecification as ResourceProperties) }
      : undefined,
  } as CreateTableCommandInput;
  await clients.dynamodb.send(new CreateTableCommand(input));
  const ttl = properties.TimeToLiveSpecification as { Enabled?: boolean; AttributeName?: string } | undefined;
  if (ttl?.Enabled) {
    await clients.dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: ttl.AttributeName },
      }),
    );
  }
  const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  return {
    ref: tableName,
    attributes: {
      Arn: Table?.TableArn ?? '',
      ...(Table?.LatestStreamArn ? { StreamArn: Table.LatestStreamArn } : {}),
    },
  };
};
