import type { RecordedAwsCall } from '@shop/aws';
import type { LocalFunction } from '@shop/local-platform';
import { describe, expect, it } from 'vitest';
import { allows, permissionsFor, refusedCalls } from '../src/role-coverage.ts';

const account = { region: 'us-east-1', accountId: '123456789012' };
const table = (name: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`;
const call = (client: string, command: string, input: Record<string, unknown>): RecordedAwsCall => ({
  function: 'shop-orders-local-getOrder',
  client,
  command,
  input,
});

describe('the permissions a call needs', () => {
  it('maps document-client and plain commands, with the index of a query', () => {
    expect(permissionsFor(call('DynamoDBClient', 'GetCommand', { TableName: 'orders' }), account)).toEqual([
      { action: 'dynamodb:GetItem', resource: table('orders') },
    ]);
    expect(
      permissionsFor(
        call('DynamoDBClient', 'QueryCommand', { TableName: 'orders', IndexName: 'byUser' }),
        account,
      ),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${table('orders')}/index/byUser` }]);
  });

  it('authorizes each item of a transaction by its kind, a condition check included', () => {
    const transaction = call('DynamoDBClient', 'TransactWriteItemsCommand', {
      TransactItems: [{ Update: 'stock' }, { ConditionCheck: 'orders' }, { Put: 'outbox' }],
    });
    expect(permissionsFor(transaction, account)).toEqual([
      { action: 'dynamodb:UpdateItem', resource: table('stock') },
      { action: 'dynamodb:ConditionCheckItem', resource: table('orders') },
      { action: 'dynamodb:PutItem', resource: table('outbox') },
    ]);
  });

  it('turns a queue URL into its ARN and a batch send into SendMessage', () => {
    const send = call('SQSClient', 'SendMessageBatchCommand', {
      QueueUrl: 'http://127.0.0.1:4566/123456789012/shop-products-local-stock-requests',
    });
    expect(permissionsFor(send, account)).toEqual([
      {
        action: 'sqs:SendMessage',
        resource: 'arn:aws:sqs:us-east-1:123456789012:shop-products-local-stock-requests',
      },
    ]);
  });

  it("needs nothing for Cognito's user-facing operations, the pool for admin ones", () => {
    expect(permissionsFor(call('CognitoIdentityProviderClient', 'InitiateAuthCommand', {}), account)).toEqual(
      [],
    );
    expect(
      permissionsFor(
        call('CognitoIdentityProviderClient', 'AdminGetUserCommand', { UserPoolId: 'us-east-1_x' }),
        account,
      ),
    ).toEqual([
      {
        action: 'cognito-idp:AdminGetUser',
        resource: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x',
      },
    ]);
  });

  it('refuses to guess for a client it does not know', () => {
    expect(() => permissionsFor(call('S3Client', 'PutObjectCommand', {}), account)).toThrow(/no IAM mapping/);
  });
});

describe('a role allowing a permission', () => {
  const statements = [
    { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: table('orders') },
    { Effect: 'Allow', Action: 'sns:Publish', Resource: ['arn:aws:sns:us-east-1:123456789012:orders-*'] },
    { Effect: 'Deny', Action: '*', Resource: '*' },
  ];

  it('matches action (any case) and resource, with IAM wildcards', () => {
    expect(allows(statements, { action: 'DynamoDB:getitem', resource: table('orders') })).toBe(true);
    expect(
      allows(statements, {
        action: 'sns:Publish',
        resource: 'arn:aws:sns:us-east-1:123456789012:orders-events',
      }),
    ).toBe(true);
  });

  it('refuses another action, another table, an index of the table, and never reads Deny as Allow', () => {
    expect(allows(statements, { action: 'dynamodb:PutItem', resource: table('orders') })).toBe(false);
    expect(allows(statements, { action: 'dynamodb:GetItem', resource: table('carts') })).toBe(false);
    expect(
      allows(statements, { action: 'dynamodb:GetItem', resource: `${table('orders')}/index/byUser` }),
    ).toBe(false);
    expect(allows(statements, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket' })).toBe(false);
  });
});

describe('checking recorded calls against each function’s role', () => {
  const functions: Record<string, LocalFunction> = {
    'shop-orders-local-getOrder': {
      logicalId: 'GetOrderLambdaFunction',
      environment: {},
      role: {
        logicalId: 'GetOrderIamRoleLambdaExecution',
        statements: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: table('orders') }],
      },
    },
  };

  it('reports what the role would refuse, once per distinct call, and calls from unknown functions', () => {
    const findings = refusedCalls(
      [
        call('DynamoDBClient', 'GetCommand', { TableName: 'orders' }),
        call('DynamoDBClient', 'PutCommand', { TableName: 'orders' }),
        call('DynamoDBClient', 'PutCommand', { TableName: 'orders' }),
        { ...call('DynamoDBClient', 'GetCommand', { TableName: 'orders' }), function: 'elsewhere' },
      ],
      functions,
      account,
    );
    expect(findings).toEqual([
      {
        function: 'shop-orders-local-getOrder',
        command: 'PutCommand',
        problem: `GetOrderIamRoleLambdaExecution does not allow dynamodb:PutItem on ${table('orders')}`,
      },
      { function: 'elsewhere', command: 'GetCommand', problem: 'no execution role known' },
    ]);
  });
});
