import { describe, expect, it } from 'vitest';
import { deployPolicyAllows, deployRequests, readDeployPolicy } from '../src/deploy-role.ts';

const account = '123456789012';
const policy = readDeployPolicy();
const stack = (Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>) => [
  { service: 'orders', stackName: 'shop-orders-prod', region: 'eu-west-1', template: { Resources } },
];
const refused = (requests: ReturnType<typeof deployRequests>) =>
  requests
    .filter((request) => !deployPolicyAllows(policy, request, account))
    .map((request) => request.action);

describe('the deploy role', () => {
  it("allows the shop's own resources, in any region, by their shop- names", () => {
    expect(
      refused(
        deployRequests(
          stack({
            Orders: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'shop-orders-prod-orders' } },
          }),
          account,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses a resource named outside the shop, and a role passed to anything but Lambda', () => {
    expect(
      refused(
        deployRequests(
          stack({ Ledger: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'finance-ledger' } } }),
          account,
        ),
      ),
    ).toContain('dynamodb:CreateTable');
    const passRole = {
      action: 'iam:PassRole',
      resource: `arn:aws:iam::${account}:role/shop-orders-prod-list-eu-west-1-lambdaRole`,
      why: 'test',
    };
    expect(
      deployPolicyAllows(
        policy,
        { ...passRole, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
        account,
      ),
    ).toBe(true);
    expect(
      deployPolicyAllows(
        policy,
        { ...passRole, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
        account,
      ),
    ).toBe(false);
    expect(deployPolicyAllows(policy, passRole, account)).toBe(false);
    // Another account's resources never match ${aws:PrincipalAccount}.
    expect(
      deployPolicyAllows(
        policy,
        { action: 'sqs:CreateQueue', resource: 'arn:aws:sqs:eu-west-1:999999999999:shop-x', why: 'test' },
        account,
      ),
    ).toBe(false);
  });

  it('lets an explicit Deny win', () => {
    const denying = {
      Statement: [
        ...policy.Statement,
        { Effect: 'Deny' as const, Action: 'sqs:DeleteQueue', Resource: 'arn:aws:sqs:*:*:shop-*-prod-*' },
      ],
    };
    const request = {
      action: 'sqs:DeleteQueue',
      resource: `arn:aws:sqs:eu-west-1:${account}:shop-orders-prod-saga`,
      why: 'test',
    };
    expect(deployPolicyAllows(policy, request, account)).toBe(true);
    expect(deployPolicyAllows(denying, request, account)).toBe(false);
  });

  it('fails on a resource type nobody has listed the permissions of', () => {
    expect(() =>
      deployRequests(stack({ Machine: { Type: 'AWS::StepFunctions::StateMachine' } }), account),
    ).toThrow(/orders\/Machine \(AWS::StepFunctions::StateMachine\).*requestsByType/);
  });
});
