import { appendFileSync } from 'node:fs';
import { redactError } from './redaction.ts';
import { traceClient } from './tracing.ts';

/**
 * One AWS call as the local run records it: which function made it, the SDK command, and the input's
 * fields that name a resource (what IAM decides on). `@shop/ops` checks these against each function's role.
 */
export interface RecordedAwsCall {
  function: string;
  client: string;
  command: string;
  input: Record<string, unknown>;
}

/** Input fields that name the resources a call touches; everything else (items, bodies) is left out. */
const resourceFields = ['TableName', 'IndexName', 'TopicArn', 'QueueUrl', 'UserPoolId', 'Source'] as const;

function resourceInput(input: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of resourceFields) if (input[field] !== undefined) picked[field] = input[field];
  // Batch and transaction calls name their tables per item.
  if (input.RequestItems && typeof input.RequestItems === 'object')
    picked.RequestItems = Object.keys(input.RequestItems);
  if (Array.isArray(input.TransactItems))
    picked.TransactItems = input.TransactItems.map((item: Record<string, { TableName?: string }>) =>
      Object.fromEntries(Object.entries(item).map(([kind, body]) => [kind, body?.TableName])),
    );
  return picked;
}

type Step = (args: { input: Record<string, unknown> }) => Promise<unknown>;
type MiddlewareStack = {
  add(
    middleware: (next: Step, context: { clientName?: string; commandName?: string }) => Step,
    options: { step: 'initialize' | 'finalizeRequest'; priority?: 'low'; name: string },
  ): void;
};

/**
 * Service errors sometimes name a person (SES: "...failed the check in region US-EAST-1:
 * someone@example.com"). Redacted where the SDK raises them, inside X-Ray's middleware (step `build`),
 * so that neither the trace's exception nor any log line gets the address; name, code and metadata stay.
 */
const redactServiceErrors =
  (next: Step): Step =>
  async (args) => {
    try {
      return await next(args);
    } catch (error) {
      redactError(error);
      throw error;
    }
  };

/**
 * Every SDK client of the shop goes through here: traced with X-Ray in AWS, its errors redacted, and,
 * when the local run sets `SHOP_AWS_CALL_LOG` (a file), each call is appended to it as a JSON line, so
 * the acceptance suite can prove that every function's own IAM role allows exactly what its code calls.
 */
export function awsClient<T extends { middlewareStack: unknown }>(client: T): T {
  const traced = traceClient(client);
  const stack = traced.middlewareStack as MiddlewareStack;
  stack.add(redactServiceErrors, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'shopRedactServiceErrors',
  });
  const log = process.env.SHOP_AWS_CALL_LOG;
  if (log) {
    stack.add(
      (next, context) => async (args) => {
        const call: RecordedAwsCall = {
          function: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'unknown',
          client: context.clientName ?? 'unknown',
          command: context.commandName ?? 'unknown',
          input: resourceInput(args.input),
        };
        appendFileSync(log, `${JSON.stringify(call)}\n`);
        return next(args);
      },
      { step: 'initialize', name: 'shopRecordAwsCall' },
    );
  }
  return traced;
}
