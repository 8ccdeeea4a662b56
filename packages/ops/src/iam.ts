import type { CfnTemplate } from '@shop/local-platform';

/**
 * Actions that AWS grants only on `"Resource": "*"`: they have no resource-level permissions, so a
 * narrower resource would deny them. Each needs the reason; nothing else may use `*`.
 * (EMF metrics are log lines, so no cloudwatch:PutMetricData is granted at all.)
 */
export const actionsWithoutResources: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray has no resource-level permissions (tracing: lambda)',
  'xray:PutTelemetryRecords': 'X-Ray has no resource-level permissions (tracing: lambda)',
};

/**
 * Resource patterns with a `*` inside that we accept, each with the reason. The framework's log
 * permissions name the service-stage's own log groups by prefix (`/aws/lambda/shop-orders-prod*`,
 * then `:*` for their streams): the streams' names are made by Lambda at run time.
 */
export const allowedPartialWildcards: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  {
    pattern:
      /^arn:\$\{AWS::Partition\}:logs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:log-group:\/aws\/lambda\/[A-Za-z0-9-]+(\*)?:\*(:\*)?$/,
    reason: "the service's own Lambda log groups and the streams Lambda names at run time",
  },
];

export interface PolicyFinding {
  /** Logical id of the role or policy, and the policy name. */
  where: string;
  problem: string;
}

type Statement = {
  Effect?: string;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
};

/** Every policy document a template grants: inline role policies, IAM policies and managed policies. */
export function policyDocuments(template: CfnTemplate): Array<{ where: string; statements: Statement[] }> {
  const documents: Array<{ where: string; statements: Statement[] }> = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const properties = (resource.Properties ?? {}) as Record<string, unknown>;
    const add = (where: string, document: unknown) => {
      const statement = (document as { Statement?: unknown } | undefined)?.Statement;
      documents.push({ where, statements: [statement ?? []].flat() as Statement[] });
    };
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (properties.Policies ?? []) as Array<{
        PolicyName?: unknown;
        PolicyDocument?: unknown;
      }>) {
        add(`${logicalId}/${JSON.stringify(policy.PolicyName)}`, policy.PolicyDocument);
      }
    } else if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      add(logicalId, properties.PolicyDocument);
    }
  }
  return documents;
}

/** The literal text of a resource: a string, or the pattern of an `Fn::Sub`; undefined for other intrinsics. */
function resourceText(resource: unknown): string | undefined {
  if (typeof resource === 'string') return resource;
  const sub = (resource as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  const join = (resource as { 'Fn::Join'?: unknown } | null)?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1]))
    return (join[1] as unknown[])
      .map((part) => (typeof part === 'string' ? part : '<ref>'))
      .join(String(join[0]));
  return undefined;
}

/**
 * What a template grants beyond least privilege: any wildcard action, `NotAction`/`NotResource`,
 * `"Resource": "*"` for an action that has resource-level permissions, and any other `*` in a resource.
 */
export function auditPolicies(template: CfnTemplate): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const { where, statements } of policyDocuments(template)) {
    for (const statement of statements) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction !== undefined)
        findings.push({ where, problem: 'NotAction grants everything else' });
      if (statement.NotResource !== undefined)
        findings.push({ where, problem: 'NotResource grants every other resource' });
      const actions = [statement.Action ?? []].flat().map(String);
      for (const action of actions.filter((candidate) => candidate.includes('*')))
        findings.push({ where, problem: `wildcard action ${action}` });
      for (const resource of [statement.Resource ?? []].flat()) {
        const text = resourceText(resource);
        if (text === '*') {
          const needing = actions.filter((action) => !(action in actionsWithoutResources));
          if (needing.length > 0)
            findings.push({ where, problem: `"Resource": "*" for ${needing.join(', ')}` });
        } else if (
          text?.includes('*') &&
          !allowedPartialWildcards.some(({ pattern }) => pattern.test(text))
        ) {
          findings.push({ where, problem: `wildcard in resource ${text} for ${actions.join(', ')}` });
        }
      }
    }
  }
  return findings;
}

/** The framework's one role for every function of a service, which per-function roles replace. */
export const sharedRoleId = 'IamRoleLambdaExecution';

/** Each function's execution role (logical id), when it is a role of this template. */
export function executionRoles(template: CfnTemplate): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(template.Resources ?? {})
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([logicalId, resource]) => {
        const getAtt = (resource.Properties?.Role as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
        return [logicalId, Array.isArray(getAtt) ? String(getAtt[0]) : undefined];
      }),
  );
}

/**
 * Where a template breaks "each function its own role": a function on the shared role or on another
 * function's, and a role that no function uses.
 */
export function roleSharingFindings(template: CfnTemplate): string[] {
  const roles = executionRoles(template);
  const findings: string[] = [];
  const users = new Map<string, string[]>();
  for (const [fn, role] of Object.entries(roles)) {
    if (!role) findings.push(`${fn} has no execution role of this template`);
    else users.set(role, [...(users.get(role) ?? []), fn]);
  }
  for (const [role, fns] of users) {
    if (role === sharedRoleId) findings.push(`${fns.join(', ')} on the shared role ${role}`);
    else if (fns.length > 1) findings.push(`${fns.join(', ')} share the role ${role}`);
  }
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {}))
    if (resource.Type === 'AWS::IAM::Role' && !users.has(logicalId))
      findings.push(`the role ${logicalId} is not any function's`);
  return findings;
}
