// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are compose and CloudFormation ${...} syntax, not JS.
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  type IntrinsicContext,
  pseudoParameters,
  referencedIds,
} from '../../src/provisioning/intrinsics.ts';

const context: IntrinsicContext = {
  pseudo: pseudoParameters('shop-orders-local'),
  ref: (id) => {
    if (id === 'OrdersTable') return 'shop-orders-local-orders';
    if (id === 'Queue') return 'http://127.0.0.1:5000/123456789012/q';
    throw new Error(`unknown ${id}`);
  },
  getAtt: (id, attribute) => `${id}#${attribute}`,
};

describe('the intrinsic evaluator', () => {
  it('resolves Ref to resources and to pseudo parameters', () => {
    expect(evaluate({ A: { Ref: 'OrdersTable' }, B: { Ref: 'AWS::Region' } }, context)).toEqual({
      A: 'shop-orders-local-orders',
      B: 'us-east-1',
    });
  });

  it('resolves Fn::GetAtt in its list and its dotted form', () => {
    expect(evaluate({ 'Fn::GetAtt': ['Queue', 'Arn'] }, context)).toBe('Queue#Arn');
    expect(evaluate({ 'Fn::GetAtt': 'Queue.QueueUrl' }, context)).toBe('Queue#QueueUrl');
  });

  it('substitutes resources, attributes, pseudo parameters, variables and literals in Fn::Sub', () => {
    const value = {
      'Fn::Sub': [
        'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${OrdersTable}/${Queue.Arn}/${Name}/${!Literal}',
        { Name: { Ref: 'OrdersTable' } },
      ],
    };
    expect(evaluate(value, context)).toBe(
      'arn:aws:x:us-east-1:123456789012:shop-orders-local-orders/Queue#Arn/shop-orders-local-orders/${Literal}',
    );
  });

  it('joins, splits and selects', () => {
    expect(evaluate({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::StackName' }]] }, context)).toBe(
      'a-shop-orders-local',
    );
    expect(evaluate({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, context)).toBe('b');
  });

  it('removes properties set to AWS::NoValue', () => {
    expect(
      evaluate({ Keep: 1, Drop: { Ref: 'AWS::NoValue' }, List: [1, { Ref: 'AWS::NoValue' }] }, context),
    ).toEqual({
      Keep: 1,
      List: [1],
    });
  });

  it('refuses intrinsics it does not know instead of guessing', () => {
    expect(() => evaluate({ 'Fn::ImportValue': 'x' }, context)).toThrow(/Fn::ImportValue is not supported/);
  });

  it('finds what a value refers to, without pseudo parameters or Sub variables', () => {
    const value = {
      a: { Ref: 'Topic' },
      b: { 'Fn::GetAtt': ['Queue', 'Arn'] },
      c: { 'Fn::Sub': ['${Table.Arn}/${AWS::Region}/${Local}/${!Escaped}', { Local: { Ref: 'Other' } }] },
    };
    expect([...referencedIds(value)].sort()).toEqual(['Other', 'Queue', 'Table', 'Topic']);
  });
});
