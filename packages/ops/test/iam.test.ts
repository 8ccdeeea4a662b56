import type { CfnTemplate } from '@shop/local-platform';
import { describe, expect, it } from 'vitest';
import { auditPolicies } from '../src/iam.ts';

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
