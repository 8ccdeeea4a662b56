import type { CfnTemplate } from '@shop/local-platform';
import { describe, expect, it } from 'vitest';
import { auditPolicies, roleSharingFindings } from '../src/iam.ts';

const roleWith = (...statements: object[]): CfnTemplate => ({
  Resources: {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }] },
    },
  },
});
const table = { 'Fn::GetAtt': ['Table', 'Arn'] };

describe('the IAM audit', () => {
  it('accepts actions on named resources and X-Ray on "*"', () => {
    const template = roleWith(
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: table },
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['logs:PutLogEvents'],
        Resource: [
          {
            'Fn::Sub':
              // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/shop-orders-prod*:*:*',
          },
        ],
      },
    );
    expect(auditPolicies(template)).toEqual([]);
  });

  it.each([
    [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: table }, 'wildcard action dynamodb:*'],
    [{ Effect: 'Allow', Action: '*', Resource: table }, 'wildcard action *'],
    [{ Effect: 'Allow', Action: 'dynamodb:Get*', Resource: table }, 'wildcard action dynamodb:Get*'],
    [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }, '"Resource": "*" for sns:Publish'],
    [
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'sqs:SendMessage'], Resource: ['*'] },
      '"Resource": "*" for sqs:SendMessage',
    ],
    [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Sub': '${Table.Arn}/index/*' } },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
      'wildcard in resource ${Table.Arn}/index/* for dynamodb:Query',
    ],
    [{ Effect: 'Allow', NotAction: 'iam:*', Resource: table }, 'NotAction grants everything else'],
  ])('flags %j', (statement, problem) => {
    expect(auditPolicies(roleWith(statement)).map((finding) => finding.problem)).toContain(problem);
  });

  it('ignores Deny statements', () => {
    expect(auditPolicies(roleWith({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
  });
});

describe('one role per function', () => {
  const fn = (role: string) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Role: { 'Fn::GetAtt': [role, 'Arn'] } },
  });
  const role = { Type: 'AWS::IAM::Role', Properties: {} };

  it('accepts functions that each have their own role', () => {
    expect(
      roleSharingFindings({ Resources: { A: fn('ARole'), B: fn('BRole'), ARole: role, BRole: role } }),
    ).toEqual([]);
  });

  it('flags the shared framework role, a role two functions share, a role nobody uses, an outside role', () => {
    const template = {
      Resources: {
        A: fn('IamRoleLambdaExecution'),
        B: fn('Shared'),
        C: fn('Shared'),
        D: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::1:role/x' } },
        IamRoleLambdaExecution: role,
        Shared: role,
        Orphan: role,
      },
    };
    expect(roleSharingFindings(template)).toEqual([
      'D has no execution role of this template',
      'A on the shared role IamRoleLambdaExecution',
      'B, C share the role Shared',
      "the role Orphan is not any function's",
    ]);
  });
});
