import type { RecordedAwsCall } from '@shop/aws';
import type { LocalFunction, PolicyStatement } from '@shop/local-platform';

/** An IAM action on one resource ARN: what AWS authorizes a call by. */
export interface Permission {
  action: string;
  resource: string;
}

export interface Account {
  region: string;
  accountId: string;
}

/** `GetItemCommand` and lib-dynamodb's `GetCommand` both need `dynamodb:GetItem`, and so on. */
const documentCommands: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/** What each item of a transaction is authorized as: a condition check needs its own action. */
const transactionItemActions: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

const operation = (command: string) => {
  const name = command.replace(/Command$/, '');
  return documentCommands[name] ?? name;
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The permissions AWS checks for one recorded SDK call. Cognito's user-facing operations (sign-up,
 * log-in: no `UserPoolId`, only a client id) are not IAM-authorized, so they need none.
 */
export function permissionsFor(call: RecordedAwsCall, account: Account): Permission[] {
  const { region, accountId } = account;
  const op = operation(call.command);
  const input = call.input;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  if (call.client.startsWith('DynamoDB')) {
    const table = (name: unknown) => arn('dynamodb', `table/${text(name)}`);
    if (op === 'TransactWriteItems' || op === 'TransactGetItems') {
      const items = (input.TransactItems ?? []) as Array<Record<string, unknown>>;
      return items.flatMap((item) =>
        Object.entries(item).map(([kind, tableName]) => ({
          action: `dynamodb:${transactionItemActions[kind] ?? kind}`,
          resource: table(tableName),
        })),
      );
    }
    if (op === 'BatchGetItem' || op === 'BatchWriteItem')
      return ((input.RequestItems ?? []) as string[]).map((name) => ({
        action: `dynamodb:${op}`,
        resource: table(name),
      }));
    const index = input.IndexName ? `/index/${text(input.IndexName)}` : '';
    return [{ action: `dynamodb:${op}`, resource: `${table(input.TableName)}${index}` }];
  }
  if (call.client.startsWith('SNS')) {
    const action = op === 'PublishBatch' ? 'Publish' : op;
    return [{ action: `sns:${action}`, resource: text(input.TopicArn) }];
  }
  if (call.client.startsWith('SQS')) {
    const action = op.replace(/Batch$/, '');
    // https://host/<account>/<queue-name> (and the emulator's http://127.0.0.1:port/<account>/<name>)
    const [owner, name] = new URL(text(input.QueueUrl)).pathname.split('/').filter(Boolean);
    return [{ action: `sqs:${action}`, resource: `arn:aws:sqs:${region}:${owner}:${name}` }];
  }
  if (call.client.startsWith('SES')) {
    // SES authorizes the identity the sender is verified as: the address itself or its domain.
    const address = /<([^>]+)>/.exec(text(input.Source))?.[1] ?? text(input.Source);
    const domain = address.split('@')[1] ?? address;
    return [address, domain].map((identity) => ({
      action: `ses:${op}`,
      resource: arn('ses', `identity/${identity}`),
    }));
  }
  if (call.client.startsWith('CognitoIdentityProvider')) {
    if (!input.UserPoolId) return [];
    return [
      { action: `cognito-idp:${op}`, resource: arn('cognito-idp', `userpool/${text(input.UserPoolId)}`) },
    ];
  }
  throw new Error(`no IAM mapping for ${call.client} ${call.command}: add it to role-coverage.ts`);
}

/** IAM's wildcard match: `*` any run of characters, `?` any one; actions ignore case. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** True when an Allow statement names the action and the resource (conditions are not evaluated). */
export function allows(statements: PolicyStatement[], permission: Permission): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      [statement.Action ?? []].flat().some((action) => matches(action, permission.action, true)) &&
      [statement.Resource ?? []].flat().some((resource) => matches(resource, permission.resource, false)),
  );
}

export interface RoleFinding {
  function: string;
  command: string;
  problem: string;
}

/**
 * Every recorded call that its function's own role would refuse in AWS. A call may need several
 * permissions (one per transaction item); SES needs only one of its two candidate identities.
 */
export function refusedCalls(
  calls: RecordedAwsCall[],
  functions: Record<string, LocalFunction>,
  account: Account,
): RoleFinding[] {
  const findings: RoleFinding[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    const key = JSON.stringify(call);
    if (seen.has(key)) continue;
    seen.add(key);
    const fn = functions[call.function];
    if (!fn?.role) {
      findings.push({ function: call.function, command: call.command, problem: 'no execution role known' });
      continue;
    }
    const needed = permissionsFor(call, account);
    const anyOf = call.client.startsWith('SES');
    const refused = needed.filter((permission) => !allows(fn.role?.statements ?? [], permission));
    if (anyOf ? refused.length === needed.length && needed.length > 0 : refused.length > 0)
      findings.push({
        function: call.function,
        command: call.command,
        problem: `${fn.role.logicalId} does not allow ${refused
          .map(({ action, resource }) => `${action} on ${resource}`)
          .join(', ')}`,
      });
  }
  return findings;
}
