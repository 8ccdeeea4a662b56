import { describe, expect, it } from 'vitest';
import { planProvisioning, skippedTypes, UnknownResourceTypeError } from '../../src/provisioning/plan.ts';
import { provisionedTypes, provisioners } from '../../src/provisioning/resources/registry.ts';
import type { CfnTemplate } from '../../src/provisioning/template.ts';

const template: CfnTemplate = {
  Resources: {
    Subscription: {
      Type: 'AWS::SNS::Subscription',
      Properties: {
        TopicArn: { Ref: 'Topic' },
        Endpoint: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        Protocol: 'sqs',
      },
    },
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetters', 'Arn'] } } },
    },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    DeadLetters: { Type: 'AWS::SQS::Queue', Properties: {} },
    Role: { Type: 'AWS::IAM::Role', DependsOn: 'Queue' },
    Route: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /orders/{orderId}' } },
  },
};

describe('the provisioning plan', () => {
  it('puts every resource after the resources it refers to or depends on', () => {
    const order = planProvisioning(template).map((step) => step.logicalId);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('DeadLetters', 'Queue');
    before('Queue', 'Subscription');
    before('Topic', 'Subscription');
    before('Queue', 'Role');
    expect(order).toHaveLength(6);
  });

  it('creates emulator resources and skips the ones that need nothing locally', () => {
    const actions = Object.fromEntries(
      planProvisioning(template).map((step) => [step.logicalId, step.action]),
    );
    expect(actions).toMatchObject({
      Queue: 'provision',
      Subscription: 'provision',
      Role: 'skip',
      Route: 'skip',
    });
  });

  it('creates every type that has a provisioner, and only those', () => {
    const resources = Object.fromEntries(
      [...Object.keys(provisioners), ...Object.keys(skippedTypes)].map((type, index) => [
        `R${index}`,
        {
          Type: type,
          Properties: type === 'AWS::Events::Rule' ? { ScheduleExpression: 'rate(1 hour)' } : {},
        },
      ]),
    );
    const created = planProvisioning({ Resources: resources })
      .filter((step) => step.action === 'provision')
      .map((step) => step.type);
    expect(created.sort()).toEqual([...provisionedTypes].sort());
    expect(created).toContain('AWS::SES::EmailIdentity');
  });

  it('never has a type both created and skipped', () => {
    expect(Object.keys(skippedTypes).filter((type) => provisionedTypes.has(type))).toEqual([]);
  });

  it('fails loudly on a resource type it does not know, naming it', () => {
    const unknown: CfnTemplate = { Resources: { Machine: { Type: 'AWS::StepFunctions::StateMachine' } } };
    expect(() => planProvisioning(unknown, 'shop-orders-local')).toThrow(UnknownResourceTypeError);
    expect(() => planProvisioning(unknown)).toThrow(/Machine \(AWS::StepFunctions::StateMachine\)/);
  });

  it('accepts schedule rules but not event-pattern rules', () => {
    const schedule: CfnTemplate = {
      Resources: {
        Tick: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(5 minutes)' } },
      },
    };
    const pattern: CfnTemplate = {
      Resources: { OnEvent: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['x'] } } } },
    };
    expect(planProvisioning(schedule)[0]?.action).toBe('skip');
    expect(() => planProvisioning(pattern)).toThrow(UnknownResourceTypeError);
  });

  it('leaves out a resource whose condition does not hold, as CloudFormation does', () => {
    const conditional = (existing: string): CfnTemplate => ({
      Parameters: { ExistingIdentity: { Type: 'String', Default: existing } },
      Conditions: {
        CreatesIdentity: { 'Fn::Equals': [{ Ref: 'ExistingIdentity' }, ''] },
        KeepsIdentity: { 'Fn::Not': [{ Condition: 'CreatesIdentity' }] },
      },
      Resources: {
        Identity: { Type: 'AWS::SES::EmailIdentity', Condition: 'CreatesIdentity' },
        Topic: { Type: 'AWS::SNS::Topic', Condition: 'KeepsIdentity' },
        Queue: { Type: 'AWS::SQS::Queue' },
      },
    });
    const ids = (existing: string) => planProvisioning(conditional(existing)).map((step) => step.logicalId);
    expect(ids('').sort()).toEqual(['Identity', 'Queue']);
    expect(ids('example.com').sort()).toEqual(['Queue', 'Topic']);
    const unsupported: CfnTemplate = {
      Conditions: { InRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: { Queue: { Type: 'AWS::SQS::Queue', Condition: 'InRegion' } },
    };
    expect(() => planProvisioning(unsupported)).toThrow(/AWS::Region, which is no parameter/);
  });

  it('reports circular references', () => {
    const circular: CfnTemplate = {
      Resources: {
        A: { Type: 'AWS::SQS::Queue', Properties: { X: { Ref: 'B' } } },
        B: { Type: 'AWS::SQS::Queue', Properties: { X: { Ref: 'A' } } },
      },
    };
    expect(() => planProvisioning(circular)).toThrow(/circular/);
  });
});
