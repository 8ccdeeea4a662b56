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
