/**
 * What `osls deploy` against the emulator (the deploy smoke test) changes in a template, and only that:
 * moto's CloudFormation silently skips resource types it cannot create, leaving every reference to
 * them dangling. So those types are dropped explicitly, each with the reason, and every Ref, GetAtt,
 * Sub and DependsOn that named a dropped resource gets a stand-in string. Everything else is deployed
 * as packaged, and the smoke test asserts that it was created.
 */
export const typesTheEmulatorCannotDeploy: Readonly<Record<string, string>> = {
  'AWS::Cognito::UserPool': "moto's CloudFormation has no Cognito",
  'AWS::Cognito::UserPoolClient': "moto's CloudFormation has no Cognito",
  'AWS::Cognito::UserPoolGroup': "moto's CloudFormation has no Cognito",
  'AWS::SNS::Subscription': "moto's CloudFormation has no SNS subscriptions",
  'AWS::SQS::QueuePolicy': "moto's CloudFormation has no queue policies",
  'AWS::S3::BucketPolicy': "moto's CloudFormation has no bucket policies",
  'AWS::SES::EmailIdentity': "moto's CloudFormation has no SES identities",
  'AWS::ApiGatewayV2::Api': "moto's CloudFormation has no API Gateway v2",
  'AWS::ApiGatewayV2::Stage': "moto's CloudFormation has no API Gateway v2",
  'AWS::ApiGatewayV2::Integration': "moto's CloudFormation has no API Gateway v2",
  'AWS::ApiGatewayV2::Route': "moto's CloudFormation has no API Gateway v2",
  'AWS::ApiGatewayV2::Authorizer': "moto's CloudFormation has no API Gateway v2",
  'AWS::CloudWatch::Alarm': "moto's CloudFormation has no CloudWatch alarms",
  'AWS::CloudFront::Distribution': "moto's CloudFormation has no CloudFront",
  'AWS::CloudFront::Function': "moto's CloudFormation has no CloudFront",
  'AWS::CloudFront::OriginAccessControl': "moto's CloudFormation has no CloudFront",
  'AWS::WAFv2::WebACL': "moto's CloudFormation has no WAF",
};

type Template = {
  Resources: Record<string, { Type: string; DependsOn?: string | string[]; [key: string]: unknown }>;
  Outputs?: Record<string, unknown>;
};

/** The stand-in value of a dropped resource's Ref or attribute. */
export const droppedStandIn = (logicalId: string, attribute?: string) =>
  `emulator-dropped-${logicalId}${attribute ? `-${attribute}` : ''}`;

/** Drops the types above from a compiled template, in place; answers what was dropped. */
export function dropUndeployableResources(template: Template): Array<{ logicalId: string; type: string }> {
  const dropped = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type in typesTheEmulatorCannotDeploy)
    .map(([logicalId, resource]) => ({ logicalId, type: resource.Type }));
  const ids = new Set(dropped.map((item) => item.logicalId));
  for (const { logicalId } of dropped) delete template.Resources[logicalId];
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (!value || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const ref = object.Ref;
    if (typeof ref === 'string' && ids.has(ref)) return droppedStandIn(ref);
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && ids.has(String(getAtt[0])))
      return droppedStandIn(String(getAtt[0]), String(getAtt[1]));
    const sub = object['Fn::Sub'];
    if (typeof sub === 'string' || Array.isArray(sub)) {
      const pattern = (Array.isArray(sub) ? sub[0] : sub) as string;
      const replaced = pattern.replace(
        /\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}/g,
        (match, id: string, attribute?: string) => (ids.has(id) ? droppedStandIn(id, attribute) : match),
      );
      return { 'Fn::Sub': Array.isArray(sub) ? [replaced, replace(sub[1])] : replaced };
    }
    return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, replace(inner)]));
  };
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const { DependsOn, ...rest } = resource;
    const dependsOn = [DependsOn ?? []].flat().filter((id) => !ids.has(id));
    template.Resources[logicalId] = {
      ...(replace(rest) as typeof resource),
      ...(dependsOn.length > 0 ? { DependsOn: dependsOn } : {}),
    };
  }
  if (template.Outputs) template.Outputs = replace(template.Outputs) as Template['Outputs'];
  return dropped;
}
