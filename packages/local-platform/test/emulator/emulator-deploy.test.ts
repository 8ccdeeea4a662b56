import { describe, expect, it } from 'vitest';
import { dropUndeployableResources } from '../../src/emulator/emulator-deploy.ts';

describe('dropUndeployableResources', () => {
  it('drops the types moto cannot create and stands in for every reference to them', () => {
    const template = {
      Resources: {
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
        Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
        Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 't' } },
        Fn: {
          Type: 'AWS::Lambda::Function',
          DependsOn: ['Api', 'Table'],
          Properties: {
            Environment: {
              Variables: {
                POOL: { Ref: 'Pool' },
                ARN: { 'Fn::GetAtt': ['Pool', 'Arn'] },
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
                ISSUER: { 'Fn::Sub': 'https://idp/${Pool}/${AWS::Region}/${Table}' },
                TABLE: { Ref: 'Table' },
              },
            },
          },
        },
      },
      Outputs: { PoolId: { Value: { Ref: 'Pool' } }, TableName: { Value: { Ref: 'Table' } } },
    };

    const dropped = dropUndeployableResources(template);

    expect(dropped).toEqual([
      { logicalId: 'Pool', type: 'AWS::Cognito::UserPool' },
      { logicalId: 'Api', type: 'AWS::ApiGatewayV2::Api' },
    ]);
    expect(Object.keys(template.Resources)).toEqual(['Table', 'Fn']);
    expect(template.Resources.Fn).toMatchObject({
      DependsOn: ['Table'],
      Properties: {
        Environment: {
          Variables: {
            POOL: 'emulator-dropped-Pool',
            ARN: 'emulator-dropped-Pool-Arn',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
            ISSUER: { 'Fn::Sub': 'https://idp/emulator-dropped-Pool/${AWS::Region}/${Table}' },
            TABLE: { Ref: 'Table' },
          },
        },
      },
    });
    expect(template.Outputs).toEqual({
      PoolId: { Value: 'emulator-dropped-Pool' },
      TableName: { Value: { Ref: 'Table' } },
    });
  });
});
