// What a template says about its functions and their event sources. Locally nothing of it is
// created (serverless-offline runs the functions, our pollers feed them): it is read, with every
// intrinsic evaluated against the emulator.
import { evaluate, type IntrinsicContext, IntrinsicError } from './intrinsics.ts';
import type { CfnTemplate, ResourceProperties } from './template.ts';

/** A function's environment as AWS would set it, and the statements of its execution role. */
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

/** Reads an AWS::Lambda::Function: its name and what the local run gives it. */
export function localFunction(
  template: CfnTemplate,
  logicalId: string,
  context: IntrinsicContext,
  name: (explicit: unknown) => string,
): { functionName: string; definition: LocalFunction } {
  // Only what the local run needs: Code, Role and the rest may refer to things that exist only in AWS.
  const { FunctionName, Environment, Role } = template.Resources[logicalId]?.Properties ?? {};
  const properties = evaluate({ FunctionName, Environment }, context) as ResourceProperties;
  const environment = ((properties.Environment as ResourceProperties | undefined)?.Variables ??
    {}) as ResourceProperties;
  const role = executionRole(template, Role, context);
  return {
    functionName: name(properties.FunctionName),
    definition: {
      logicalId,
      environment: Object.fromEntries(
        Object.entries(environment).map(([key, value]) => [key, String(value)]),
      ),
      ...(role ? { role } : {}),
    },
  };
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
export function eventSourceTrigger(logicalId: string, properties: ResourceProperties): EventSourceTrigger {
  const sourceArn = String(properties.EventSourceArn);
  const kind = sourceArn.startsWith('arn:aws:sqs:')
    ? 'sqs'
    : /^arn:aws:dynamodb:.*\/stream\//.test(sourceArn)
      ? 'dynamodb-stream'
      : undefined;
  if (!kind) throw new Error(`${logicalId}: no local feeder for event source ${sourceArn}`);
  const functionName = String(properties.FunctionName).replace(/^arn:aws:lambda:[^:]*:[^:]*:function:/, '');
  const filters = ((properties.FilterCriteria as ResourceProperties | undefined)?.Filters ??
    []) as ResourceProperties[];
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
