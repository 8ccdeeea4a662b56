import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { SESClient, VerifyDomainIdentityCommand, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { evaluate, type IntrinsicContext, IntrinsicError, pseudoParameters } from './intrinsics.ts';
import { type CfnResource, type CfnTemplate, conditionHolds, planProvisioning } from './plan.ts';

/** How other resources see a resource: its `Ref` value and its `Fn::GetAtt` attributes. */
export interface ResourceIdentity {
  type: string;
  ref: string;
  attributes: Record<string, string>;
}

/** An event source mapping (SQS queue or DynamoDB stream → function), with every intrinsic evaluated. */
export interface EventSourceTrigger {
  logicalId: string;
  kind: 'sqs' | 'dynamodb-stream';
  functionName: string;
  sourceArn: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
  /** Streams: where a new reader starts, how often a failing batch is retried, which records pass. */
  startingPosition: string;
  maximumRetryAttempts: number;
  filterPatterns: unknown[];
}

export interface ProvisionedStack {
  stackName: string;
  resources: Record<string, ResourceIdentity>;
  outputs: Record<string, string>;
  /**
   * Lambda functions by name, with their environment as AWS would set it and the statements of their
   * execution role's inline policies (intrinsics evaluated against the emulator).
   */
  functions: Record<string, LocalFunction>;
  triggers: EventSourceTrigger[];
}

export interface LocalFunction {
  logicalId: string;
  environment: Record<string, string>;
  role?: { logicalId: string; statements: PolicyStatement[] };
}

export interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

export interface EmulatorTarget {
  endpoint: string;
  region?: string;
  accountId?: string;
}

/** SDK clients for one emulator. */
export function emulatorClients(target: EmulatorTarget) {
  const config = {
    endpoint: target.endpoint,
    region: target.region ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return {
    dynamodb: new DynamoDBClient(config),
    sns: new SNSClient(config),
    sqs: new SQSClient(config),
    cognito: new CognitoIdentityProviderClient(config),
    ses: new SESClient(config),
  };
}

type Clients = ReturnType<typeof emulatorClients>;
type Properties = Record<string, unknown>;

/** Creates a packaged template's resources in the emulator, in dependency order. */
export async function provisionStack(
  template: CfnTemplate,
  stackName: string,
  target: EmulatorTarget,
): Promise<ProvisionedStack> {
  const region = target.region ?? 'us-east-1';
  const accountId = target.accountId ?? '123456789012';
  const clients = emulatorClients(target);
  const resources: Record<string, ResourceIdentity> = {};
  const identity = (logicalId: string): ResourceIdentity => {
    const found = resources[logicalId];
    if (!found) throw new IntrinsicError(`${stackName}: ${logicalId} is referenced but not (yet) known`);
    return found;
  };
  const context: IntrinsicContext = {
    pseudo: pseudoParameters(stackName, region, accountId),
    ref: (logicalId) => identity(logicalId).ref,
    getAtt: (logicalId, attribute) => {
      const value = identity(logicalId).attributes[attribute];
      if (value === undefined)
        throw new IntrinsicError(`${stackName}: ${logicalId} has no attribute ${attribute}`);
      return value;
    },
  };
  const stack: ProvisionedStack = { stackName, resources, outputs: {}, functions: {}, triggers: [] };
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;

  for (const step of planProvisioning(template, stackName)) {
    const resource = template.Resources[step.logicalId] as CfnResource;
    const name = (explicit: unknown) =>
      typeof explicit === 'string' ? explicit : `${stackName}-${step.logicalId}`.slice(0, 80);
    if (step.action === 'provision') {
      const properties = (evaluate(resource.Properties ?? {}, context) ?? {}) as Properties;
      resources[step.logicalId] = await create(clients, step.type, properties, name, region);
      continue;
    }
    // Skipped resources still answer Ref/GetAtt, named as CloudFormation would name them.
    if (step.type === 'AWS::Lambda::Function') {
      // Only what the local run needs: Code, Role and the rest may refer to things that exist only in AWS.
      const { FunctionName, Environment } = resource.Properties ?? {};
      const properties = evaluate({ FunctionName, Environment }, context) as Properties;
      const functionName = name(properties.FunctionName);
      const environment = ((properties.Environment as Properties | undefined)?.Variables ?? {}) as Properties;
      const role = executionRole(template, resource.Properties?.Role, context);
      stack.functions[functionName] = {
        logicalId: step.logicalId,
        environment: Object.fromEntries(
          Object.entries(environment).map(([key, value]) => [key, String(value)]),
        ),
        ...(role ? { role } : {}),
      };
      resources[step.logicalId] = {
        type: step.type,
        ref: functionName,
        attributes: { Arn: arn('lambda', `function:${functionName}`) },
      };
    } else if (step.type === 'AWS::Lambda::EventSourceMapping') {
      stack.triggers.push(
        eventSourceTrigger(step.logicalId, evaluate(resource.Properties, context) as Properties),
      );
      resources[step.logicalId] = { type: step.type, ref: step.logicalId, attributes: {} };
    } else if (step.type === 'AWS::IAM::Role') {
      const roleName = name(resource.Properties?.RoleName);
      resources[step.logicalId] = {
        type: step.type,
        ref: roleName,
        attributes: { Arn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleId: roleName },
      };
    } else {
      resources[step.logicalId] = { type: step.type, ref: step.logicalId, attributes: {} };
    }
  }
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined && !conditionHolds(template, output.Condition)) continue;
    stack.outputs[key] = String(evaluate(output.Value, context));
  }
  return stack;
}

/**
 * The statements of a function's execution role (`Role: !GetAtt SomeRole.Arn` in this template), with
 * their intrinsics evaluated; undefined for a role from elsewhere.
 */
function executionRole(
  template: CfnTemplate,
  role: unknown,
  context: IntrinsicContext,
): LocalFunction['role'] {
  const getAtt = (role as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  const logicalId = Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
  const resource = logicalId ? template.Resources[logicalId] : undefined;
  if (!logicalId || resource?.Type !== 'AWS::IAM::Role') return undefined;
  const policies = (resource.Properties?.Policies ?? []) as Array<{
    PolicyDocument?: { Statement?: unknown };
  }>;
  const statements = policies.flatMap((policy) => [policy.PolicyDocument?.Statement ?? []].flat());
  // A statement naming something the emulator lacks is left out: that can only make a check stricter.
  const evaluated = statements.flatMap((statement) => {
    try {
      return [evaluate(statement, context) as PolicyStatement];
    } catch (error) {
      if (error instanceof IntrinsicError) return [];
      throw error;
    }
  });
  return { logicalId, statements: evaluated };
}

/** Reads an AWS::Lambda::EventSourceMapping; SQS queues and DynamoDB streams are fed locally, nothing else. */
export function eventSourceTrigger(logicalId: string, properties: Properties): EventSourceTrigger {
  const sourceArn = String(properties.EventSourceArn);
  const kind = sourceArn.startsWith('arn:aws:sqs:')
    ? 'sqs'
    : /^arn:aws:dynamodb:.*\/stream\//.test(sourceArn)
      ? 'dynamodb-stream'
      : undefined;
  if (!kind) throw new Error(`${logicalId}: no local feeder for event source ${sourceArn}`);
  const functionName = String(properties.FunctionName).replace(/^arn:aws:lambda:[^:]*:[^:]*:function:/, '');
  const filters = ((properties.FilterCriteria as Properties | undefined)?.Filters ?? []) as Properties[];
  return {
    logicalId,
    kind,
    functionName: functionName.split(':')[0] as string,
    sourceArn,
    batchSize: Number(properties.BatchSize ?? (kind === 'sqs' ? 10 : 100)),
    reportBatchItemFailures: [properties.FunctionResponseTypes ?? []]
      .flat()
      .includes('ReportBatchItemFailures'),
    enabled: properties.Enabled !== false && properties.Enabled !== 'false',
    startingPosition: String(properties.StartingPosition ?? 'LATEST'),
    maximumRetryAttempts: Number(properties.MaximumRetryAttempts ?? -1),
    filterPatterns: filters.map((filter) => JSON.parse(String(filter.Pattern))),
  };
}

const attributeString = (value: unknown) =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);

/** CloudFormation property names that are attributes in the SQS API. */
const queueAttributes = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];

async function create(
  clients: Clients,
  type: string,
  properties: Properties,
  name: (explicit: unknown) => string,
  region: string,
): Promise<ResourceIdentity> {
  switch (type) {
    case 'AWS::DynamoDB::Table': {
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
          ? { StreamEnabled: true, ...(properties.StreamSpecification as Properties) }
          : undefined,
      } as CreateTableCommandInput;
      await clients.dynamodb.send(new CreateTableCommand(input));
      const ttl = properties.TimeToLiveSpecification as
        | { Enabled?: boolean; AttributeName?: string }
        | undefined;
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
        type,
        ref: tableName,
        attributes: {
          Arn: Table?.TableArn ?? '',
          ...(Table?.LatestStreamArn ? { StreamArn: Table.LatestStreamArn } : {}),
        },
      };
    }
    case 'AWS::SNS::Topic': {
      const fifo = properties.FifoTopic === true || properties.FifoTopic === 'true';
      const topicName = name(properties.TopicName);
      const attributes: Record<string, string> = {};
      for (const key of ['FifoTopic', 'ContentBasedDeduplication', 'DisplayName']) {
        if (properties[key] !== undefined) attributes[key] = attributeString(properties[key]);
      }
      const { TopicArn } = await clients.sns.send(
        new CreateTopicCommand({
          Name: fifo && !topicName.endsWith('.fifo') ? `${topicName}.fifo` : topicName,
          Attributes: attributes,
        }),
      );
      const topicArn = TopicArn as string;
      for (const subscription of (properties.Subscription as Properties[] | undefined) ?? []) {
        await clients.sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: String(subscription.Protocol),
            Endpoint: String(subscription.Endpoint),
          }),
        );
      }
      return {
        type,
        ref: topicArn,
        attributes: { TopicArn: topicArn, TopicName: topicArn.split(':').pop() ?? '' },
      };
    }
    case 'AWS::SQS::Queue': {
      const fifo = properties.FifoQueue === true || properties.FifoQueue === 'true';
      let queueName = name(properties.QueueName);
      if (fifo && !queueName.endsWith('.fifo')) queueName = `${queueName}.fifo`;
      const attributes: Record<string, string> = {};
      for (const key of queueAttributes) {
        if (properties[key] !== undefined) attributes[key] = attributeString(properties[key]);
      }
      const { QueueUrl } = await clients.sqs.send(
        new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
      );
      const { Attributes } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      return {
        type,
        ref: QueueUrl as string,
        attributes: { Arn: Attributes?.QueueArn ?? '', QueueName: queueName, QueueUrl: QueueUrl as string },
      };
    }
    case 'AWS::SNS::Subscription': {
      const attributes: Record<string, string> = {};
      for (const key of [
        'RawMessageDelivery',
        'FilterPolicy',
        'FilterPolicyScope',
        'RedrivePolicy',
        'DeliveryPolicy',
      ]) {
        if (properties[key] !== undefined) attributes[key] = attributeString(properties[key]);
      }
      const { SubscriptionArn } = await clients.sns.send(
        new SubscribeCommand({
          TopicArn: String(properties.TopicArn),
          Protocol: String(properties.Protocol),
          Endpoint: String(properties.Endpoint),
          Attributes: attributes,
          ReturnSubscriptionArn: true,
        }),
      );
      return { type, ref: SubscriptionArn as string, attributes: {} };
    }
    case 'AWS::Cognito::UserPool': {
      // CloudFormation's property shapes are the API's, except the pool's name. Lambda triggers are
      // left out: the emulator cannot run them.
      const { UserPoolName, LambdaConfig: _triggers, UserPoolTags, ...rest } = properties;
      const input = { ...rest, PoolName: name(UserPoolName), UserPoolTags } as CreateUserPoolCommandInput;
      const { UserPool } = await clients.cognito.send(new CreateUserPoolCommand(input));
      const id = UserPool?.Id as string;
      return {
        type,
        ref: id,
        attributes: {
          Arn: UserPool?.Arn ?? '',
          ProviderName: `cognito-idp.${region}.amazonaws.com/${id}`,
          ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${id}`,
          UserPoolId: id,
        },
      };
    }
    case 'AWS::Cognito::UserPoolClient': {
      const input = {
        ...properties,
        ClientName: name(properties.ClientName),
      } as CreateUserPoolClientCommandInput;
      const { UserPoolClient } = await clients.cognito.send(new CreateUserPoolClientCommand(input));
      return {
        type,
        ref: UserPoolClient?.ClientId as string,
        attributes: {
          ClientId: UserPoolClient?.ClientId ?? '',
          Name: UserPoolClient?.ClientName ?? '',
          ...(UserPoolClient?.ClientSecret ? { ClientSecret: UserPoolClient.ClientSecret } : {}),
        },
      };
    }
    case 'AWS::Cognito::UserPoolGroup': {
      const groupName = name(properties.GroupName);
      await clients.cognito.send(
        new CreateGroupCommand({
          UserPoolId: String(properties.UserPoolId),
          GroupName: groupName,
          Description: properties.Description as string | undefined,
          Precedence: properties.Precedence === undefined ? undefined : Number(properties.Precedence),
          RoleArn: properties.RoleArn as string | undefined,
        }),
      );
      return { type, ref: groupName, attributes: {} };
    }
    case 'AWS::SES::EmailIdentity': {
      // The emulator only sends from verified identities, and verifies at once.
      const identity = String(properties.EmailIdentity);
      if (identity.includes('@'))
        await clients.ses.send(new VerifyEmailIdentityCommand({ EmailAddress: identity }));
      else await clients.ses.send(new VerifyDomainIdentityCommand({ Domain: identity }));
      return { type, ref: identity, attributes: {} };
    }
    default:
      throw new Error(`no provisioner for ${type}`);
  }
}
