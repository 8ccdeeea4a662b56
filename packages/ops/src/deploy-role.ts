import { readFileSync } from 'node:fs';
import { type CfnResource, type CfnTemplate, evaluate, pseudoParameters } from '@shop/local-platform';

/**
 * The CI deploy role's permissions (packages/ops/deploy-role/deploy-policy.json) against what the
 * packaged templates need: every resource a deploy creates, updates or deletes is turned into the
 * requests CloudFormation makes with the deployer's credentials, on the ARN that resource will have.
 * The actions per type follow each type's CloudFormation handlers (`aws cloudformation describe-type
 * --type RESOURCE --type-name <type>`, handlers.*.permissions) for the properties our templates use.
 */
export const deployPolicyFile = new URL('../deploy-role/deploy-policy.json', import.meta.url);

export interface PolicyDocument {
  Statement: PolicyStatement[];
}
interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** One call the deployer makes: an action on a resource, with the request's condition keys. */
export interface DeployRequest {
  action: string;
  resource: string;
  context?: Record<string, string>;
  /** What needs it, for the test's message. */
  why: string;
}

export const readDeployPolicy = (): PolicyDocument =>
  JSON.parse(readFileSync(deployPolicyFile, 'utf8')) as PolicyDocument;

const wildcard = (pattern: string, flags = '') =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, flags);

/** Whether the policy allows the request (an explicit Deny wins), as IAM evaluates one identity policy. */
export function deployPolicyAllows(policy: PolicyDocument, request: DeployRequest, account: string): boolean {
  const context = { 'aws:PrincipalAccount': account, ...request.context };
  const substitute = (text: string) =>
    text.replace(/\$\{([^}]+)\}/g, (_match, key: string) => context[key as keyof typeof context] ?? '\u0000');
  const matches = (statement: PolicyStatement) =>
    [statement.Action].flat().some((action) => wildcard(action, 'i').test(request.action)) &&
    [statement.Resource].flat().some((resource) => wildcard(substitute(resource)).test(request.resource)) &&
    Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, expected]) => {
        const actual = context[key as keyof typeof context];
        if (actual === undefined) return operator.endsWith('IfExists');
        const values = [expected].flat().map(substitute);
        const operatorName = operator.replace(/IfExists$/, '');
        if (operatorName === 'StringEquals' || operatorName === 'ArnEquals') return values.includes(actual);
        if (operatorName === 'StringLike' || operatorName === 'ArnLike')
          return values.some((value) => wildcard(value).test(actual));
        throw new Error(`condition operator ${operator} is not modelled`);
      }),
    );
  const matching = policy.Statement.filter(matches);
  return (
    matching.some((statement) => statement.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
  );
}

interface Stack {
  service: string;
  stackName: string;
  region: string;
  account: string;
  template: CfnTemplate;
  /** The other stacks of the stage, for the names a compose param stands for. */
  others: Array<{ service: string; template: CfnTemplate; stackName: string }>;
}

/** The physical name CloudFormation gives a resource without an explicit one (stack-logicalId-suffix). */
const generatedName = (stack: Stack, logicalId: string, lowercase = false) => {
  const name = `${stack.stackName}-${logicalId}-EXAMPLE1234`;
  return lowercase ? name.toLowerCase() : name;
};

const nameProperties = [
  'FunctionName',
  'RoleName',
  'TableName',
  'TopicName',
  'QueueName',
  'LogGroupName',
  'AlarmName',
  'DashboardName',
  'BucketName',
  'UserPoolName',
  'EmailIdentity',
  'Name',
];

/** A resource's physical name: its name property evaluated, else the one CloudFormation generates. */
function physicalName(stack: Stack, logicalId: string): string {
  const resource = stack.template.Resources[logicalId] as CfnResource;
  const property = nameProperties.find((key) => resource.Properties?.[key] !== undefined);
  if (property) return String(evaluateIn(stack, resource.Properties?.[property]));
  return generatedName(stack, logicalId, resource.Type === 'AWS::S3::Bucket');
}

/** Evaluates a template value: Refs are physical names, compose placeholders the other stack's names. */
// The Powertools layer's publisher and name (packages/ops/powertools-layer.json).
const POWERTOOLS_LAYER = 'arn:aws:lambda:{region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2';

/**
 * A layer attached to a function: Lambda reads its version (lambda:GetLayerVersion). Given as the public
 * SSM parameter of a Powertools version, CloudFormation first resolves it with the deployer's
 * credentials (ssm:GetParameters; AWS's own parameters have no account in their ARN), into that
 * region's Powertools layer ARN.
 */
function layerRequests(stack: Stack, layer: unknown): Omit<DeployRequest, 'why'>[] {
  const arn = String(evaluateIn(stack, layer));
  const parameter = /^\{\{resolve:ssm:([^}:]+)\}\}$/.exec(arn)?.[1];
  if (!parameter) return [{ action: 'lambda:GetLayerVersion', resource: arn }];
  return [
    { action: 'ssm:GetParameters', resource: `arn:aws:ssm:${stack.region}::parameter${parameter}` },
    // Whichever version number the parameter names in that region.
    { action: 'lambda:GetLayerVersion', resource: `${POWERTOOLS_LAYER.replace('{region}', stack.region)}:*` },
  ];
}

function evaluateIn(stack: Stack, value: unknown): unknown {
  const evaluated = evaluate(value, {
    pseudo: pseudoParameters(stack.stackName, stack.region, stack.account),
    ref: (logicalId) => physicalName(stack, logicalId),
    getAtt: (logicalId, attribute) => `${physicalName(stack, logicalId)}.${attribute}`,
  });
  return typeof evaluated === 'string' ? withRealNames(stack, evaluated) : evaluated;
}

/** `...compose-placeholder-<service>-<Output>` replaced by the name behind that stack's output. */
function withRealNames(stack: Stack, text: string): string {
  return text.replace(
    /compose-placeholder-([a-z]+)-([A-Za-z]+)/g,
    (match, service: string, output: string) => {
      const other = stack.others.find((candidate) => candidate.service === service);
      const value = other?.template.Outputs?.[output]?.Value as { Ref?: string } | undefined;
      if (!other || typeof value?.Ref !== 'string') return match;
      return physicalName({ ...stack, ...other }, value.Ref);
    },
  );
}

/** The last part of an ARN (a topic's or queue's name), or the value itself. */
const lastPart = (arn: string) => arn.split(':').at(-1) as string;

type Requests = (stack: Stack, logicalId: string, resource: CfnResource) => Array<Omit<DeployRequest, 'why'>>;
const each =
  (
    actions: string[],
    resource: string,
  ): ((extra?: Partial<DeployRequest>) => Array<Omit<DeployRequest, 'why'>>) =>
  (extra = {}) =>
    actions.map((action) => ({ action, resource, ...extra }));

const crud = (service: string, verbs: string[]) => verbs.map((verb) => `${service}:${verb}`);

/**
 * What a deploy asks of AWS per resource type (create, update, delete and the reads between). A type
 * not listed here fails the test: add it, with the actions its handlers need, when a template uses it.
 */
export const requestsByType: Readonly<Record<string, Requests>> = {
  'AWS::DynamoDB::Table': (stack, id) =>
    each(
      crud('dynamodb', [
        'CreateTable',
        'DeleteTable',
        'UpdateTable',
        'DescribeTable',
        'DescribeTimeToLive',
        'UpdateTimeToLive',
        'DescribeContinuousBackups',
        'UpdateContinuousBackups',
        'DescribeContributorInsights',
        'DescribeKinesisStreamingDestination',
        'GetResourcePolicy',
        'TagResource',
        'ListTagsOfResource',
      ]),
      `arn:aws:dynamodb:${stack.region}:${stack.account}:table/${physicalName(stack, id)}`,
    )(),
  'AWS::SNS::Topic': (stack, id) =>
    each(
      crud('sns', [
        'CreateTopic',
        'DeleteTopic',
        'GetTopicAttributes',
        'SetTopicAttributes',
        'TagResource',
        'ListTagsForResource',
      ]),
      `arn:aws:sns:${stack.region}:${stack.account}:${physicalName(stack, id)}`,
    )(),
  'AWS::SNS::Subscription': (stack, _id, resource) => {
    const topic = lastPart(String(evaluateIn(stack, resource.Properties?.TopicArn)));
    return [
      ...each(
        crud('sns', ['Subscribe', 'GetTopicAttributes', 'ListSubscriptionsByTopic']),
        `arn:aws:sns:${stack.region}:${stack.account}:${topic}`,
      )(),
      ...each(
        crud('sns', ['Unsubscribe', 'GetSubscriptionAttributes', 'SetSubscriptionAttributes']),
        `arn:aws:sns:${stack.region}:${stack.account}:${topic}:3f1c2d4e-example`,
      )(),
    ];
  },
  'AWS::SNS::TopicPolicy': (stack, _id, resource) =>
    [resource.Properties?.Topics ?? []]
      .flat()
      .flatMap((topic) =>
        each(
          crud('sns', ['SetTopicAttributes', 'GetTopicAttributes']),
          `arn:aws:sns:${stack.region}:${stack.account}:${lastPart(String(evaluateIn(stack, topic)))}`,
        )(),
      ),
  'AWS::SQS::Queue': (stack, id) =>
    each(
      crud('sqs', [
        'CreateQueue',
        'DeleteQueue',
        'GetQueueAttributes',
        'SetQueueAttributes',
        'GetQueueUrl',
        'TagQueue',
        'ListQueueTags',
      ]),
      `arn:aws:sqs:${stack.region}:${stack.account}:${physicalName(stack, id)}`,
    )(),
  'AWS::SQS::QueuePolicy': (stack, _id, resource) =>
    [resource.Properties?.Queues ?? []]
      .flat()
      .flatMap((queue) =>
        each(
          crud('sqs', ['SetQueueAttributes', 'GetQueueAttributes']),
          `arn:aws:sqs:${stack.region}:${stack.account}:${lastPart(String(evaluateIn(stack, queue)).split('/').at(-1) as string)}`,
        )(),
      ),
  'AWS::Lambda::Function': (stack, id, resource) => {
    const role = String(evaluateIn(stack, resource.Properties?.Role)).replace(/\.Arn$/, '');
    return [
      ...each(
        crud('lambda', [
          'CreateFunction',
          'DeleteFunction',
          'GetFunction',
          'GetFunctionConfiguration',
          'UpdateFunctionCode',
          'UpdateFunctionConfiguration',
          'GetFunctionCodeSigningConfig',
          'GetRuntimeManagementConfig',
          'GetFunctionRecursionConfig',
          'TagResource',
          'ListTags',
        ]),
        `arn:aws:lambda:${stack.region}:${stack.account}:function:${physicalName(stack, id)}`,
      )(),
      // The function's code, from the deployment bucket.
      {
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${physicalName(stack, 'ServerlessDeploymentBucket')}/serverless/example.zip`,
      },
      {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${stack.account}:role/${role}`,
        context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
      },
      ...[resource.Properties?.Layers ?? []].flat().flatMap((layer) => layerRequests(stack, layer)),
    ];
  },
  'AWS::Lambda::Version': (stack, _id, resource) =>
    each(
      crud('lambda', ['PublishVersion', 'ListVersionsByFunction', 'GetFunctionConfiguration']),
      `arn:aws:lambda:${stack.region}:${stack.account}:function:${String(evaluateIn(stack, resource.Properties?.FunctionName))}`,
    )(),
  'AWS::Lambda::Permission': (stack, _id, resource) =>
    each(
      crud('lambda', ['AddPermission', 'RemovePermission', 'GetPolicy']),
      `arn:aws:lambda:${stack.region}:${stack.account}:function:${String(evaluateIn(stack, resource.Properties?.FunctionName)).replace(/\.Arn$/, '')}`,
    )(),
  'AWS::Lambda::EventSourceMapping': (stack) =>
    each(
      crud('lambda', [
        'CreateEventSourceMapping',
        'UpdateEventSourceMapping',
        'DeleteEventSourceMapping',
        'GetEventSourceMapping',
        'TagResource',
        'ListTags',
      ]),
      `arn:aws:lambda:${stack.region}:${stack.account}:event-source-mapping:3f1c2d4e-example`,
    )(),
  'AWS::Logs::LogGroup': (stack, id) =>
    each(
      crud('logs', [
        'CreateLogGroup',
        'DeleteLogGroup',
        'PutRetentionPolicy',
        'DeleteRetentionPolicy',
        'TagResource',
        'ListTagsForResource',
      ]),
      `arn:aws:logs:${stack.region}:${stack.account}:log-group:${physicalName(stack, id)}:*`,
    )().concat({ action: 'logs:DescribeLogGroups', resource: '*' }),
  'AWS::IAM::Role': (stack, id) =>
    each(
      crud('iam', [
        'CreateRole',
        'DeleteRole',
        'GetRole',
        'UpdateAssumeRolePolicy',
        'PutRolePolicy',
        'GetRolePolicy',
        'DeleteRolePolicy',
        'ListRolePolicies',
        'ListAttachedRolePolicies',
        'TagRole',
      ]),
      `arn:aws:iam::${stack.account}:role/${physicalName(stack, id)}`,
    )(),
  'AWS::Events::Rule': (stack, id) =>
    each(
      crud('events', [
        'PutRule',
        'DeleteRule',
        'DescribeRule',
        'PutTargets',
        'RemoveTargets',
        'ListTargetsByRule',
      ]),
      `arn:aws:events:${stack.region}:${stack.account}:rule/${physicalName(stack, id)}`,
    )(),
  'AWS::ApiGatewayV2::Api': (stack) => [
    { action: 'apigateway:POST', resource: `arn:aws:apigateway:${stack.region}::/apis` },
    ...each(
      ['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE', 'apigateway:PUT'],
      `arn:aws:apigateway:${stack.region}::/apis/a1b2c3d4e5`,
    )(),
  ],
  'AWS::ApiGatewayV2::Stage': (stack, _id, resource) => [
    { action: 'apigateway:POST', resource: `arn:aws:apigateway:${stack.region}::/apis/a1b2c3d4e5/stages` },
    ...each(
      ['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'],
      `arn:aws:apigateway:${stack.region}::/apis/a1b2c3d4e5/stages/$default`,
    )(),
    // An access log: API Gateway sets up CloudWatch Logs delivery with the caller's rights.
    ...(resource.Properties?.AccessLogSettings
      ? each(
          crud('logs', [
            'CreateLogDelivery',
            'GetLogDelivery',
            'UpdateLogDelivery',
            'DeleteLogDelivery',
            'ListLogDeliveries',
            'PutResourcePolicy',
            'DescribeResourcePolicies',
            'DescribeLogGroups',
          ]),
          '*',
        )()
      : []),
  ],
  'AWS::ApiGatewayV2::Integration': (stack) => apiChild(stack, 'integrations'),
  'AWS::ApiGatewayV2::Route': (stack) => apiChild(stack, 'routes'),
  'AWS::ApiGatewayV2::Authorizer': (stack) => apiChild(stack, 'authorizers'),
  'AWS::Cognito::UserPool': (stack, _id, resource) => [
    { action: 'cognito-idp:CreateUserPool', resource: '*' },
    ...each(
      crud('cognito-idp', [
        'DescribeUserPool',
        'UpdateUserPool',
        'DeleteUserPool',
        'GetUserPoolMfaConfig',
        'SetUserPoolMfaConfig',
        'TagResource',
        'ListTagsForResource',
      ]),
      userPoolArn(stack),
    )(),
    // Cognito's SES mail (DEVELOPER) goes through its service-linked role, made on first use.
    ...((resource.Properties?.EmailConfiguration as { EmailSendingAccount?: string } | undefined)
      ?.EmailSendingAccount === 'DEVELOPER'
      ? [
          {
            action: 'iam:CreateServiceLinkedRole',
            resource: `arn:aws:iam::${stack.account}:role/aws-service-role/email.cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdpEmailService`,
            context: { 'iam:AWSServiceName': 'email.cognito-idp.amazonaws.com' },
          },
        ]
      : []),
  ],
  'AWS::Cognito::UserPoolClient': (stack) =>
    each(
      crud('cognito-idp', [
        'CreateUserPoolClient',
        'UpdateUserPoolClient',
        'DeleteUserPoolClient',
        'DescribeUserPoolClient',
      ]),
      userPoolArn(stack),
    )(),
  'AWS::Cognito::UserPoolGroup': (stack) =>
    each(
      crud('cognito-idp', ['CreateGroup', 'UpdateGroup', 'DeleteGroup', 'GetGroup']),
      userPoolArn(stack),
    )(),
  'AWS::SES::EmailIdentity': (stack, id) =>
    each(
      crud('ses', [
        'CreateEmailIdentity',
        'DeleteEmailIdentity',
        'GetEmailIdentity',
        'PutEmailIdentityDkimAttributes',
        'PutEmailIdentityFeedbackAttributes',
        'PutEmailIdentityMailFromAttributes',
        'PutEmailIdentityConfigurationSetAttributes',
      ]),
      `arn:aws:ses:${stack.region}:${stack.account}:identity/${physicalName(stack, id)}`,
    )(),
  'AWS::CloudWatch::Alarm': (stack, id) =>
    each(
      crud('cloudwatch', [
        'PutMetricAlarm',
        'DeleteAlarms',
        'DescribeAlarms',
        'TagResource',
        'ListTagsForResource',
      ]),
      `arn:aws:cloudwatch:${stack.region}:${stack.account}:alarm:${physicalName(stack, id)}`,
    )(),
  'AWS::CloudWatch::Dashboard': (stack, id) =>
    each(
      crud('cloudwatch', ['PutDashboard', 'GetDashboard', 'DeleteDashboards']),
      `arn:aws:cloudwatch::${stack.account}:dashboard/${physicalName(stack, id)}`,
    )(),
  'AWS::S3::Bucket': (stack, id) => [
    ...each(
      crud('s3', [
        'CreateBucket',
        'DeleteBucket',
        'ListBucket',
        'GetBucketLocation',
        'PutEncryptionConfiguration',
        'GetEncryptionConfiguration',
        'PutBucketPublicAccessBlock',
        'GetBucketPublicAccessBlock',
        'PutBucketOwnershipControls',
        'GetBucketOwnershipControls',
        'PutBucketVersioning',
        'GetBucketVersioning',
        'PutLifecycleConfiguration',
        'GetLifecycleConfiguration',
        'PutBucketTagging',
        'GetBucketTagging',
        'ListBucketVersions',
      ]),
      `arn:aws:s3:::${physicalName(stack, id)}`,
    )(),
    // osls uploads into its deployment bucket and empties it on removal; deploy-web.sh syncs the web bucket.
    ...each(
      crud('s3', ['PutObject', 'GetObject', 'DeleteObject', 'DeleteObjectVersion']),
      `arn:aws:s3:::${physicalName(stack, id)}/serverless/example.zip`,
    )(),
  ],
  'AWS::S3::BucketPolicy': (stack, _id, resource) =>
    each(
      crud('s3', ['PutBucketPolicy', 'GetBucketPolicy', 'DeleteBucketPolicy']),
      `arn:aws:s3:::${String(evaluateIn(stack, resource.Properties?.Bucket))}`,
    )(),
  'AWS::CloudFront::Distribution': (stack, _id, resource) => {
    const acl = (resource.Properties?.DistributionConfig as { WebACLId?: unknown } | undefined)?.WebACLId;
    const aclName = acl ? String(evaluateIn(stack, acl)).replace(/\.Arn$/, '') : undefined;
    return [
      ...each(
        crud('cloudfront', [
          'CreateDistribution',
          'UpdateDistribution',
          'DeleteDistribution',
          'GetDistribution',
          'GetDistributionConfig',
          'TagResource',
          'ListTagsForResource',
          'CreateInvalidation',
        ]),
        `arn:aws:cloudfront::${stack.account}:distribution/E1EXAMPLE2345`,
      )(),
      ...(aclName
        ? each(
            ['wafv2:GetWebACL', 'wafv2:AssociateWebACL'],
            `arn:aws:wafv2:us-east-1:${stack.account}:global/webacl/${aclName}/1a2b-example`,
          )()
        : []),
    ];
  },
  'AWS::CloudFront::CachePolicy': (stack) =>
    each(
      crud('cloudfront', ['CreateCachePolicy', 'GetCachePolicy', 'UpdateCachePolicy', 'DeleteCachePolicy']),
      `arn:aws:cloudfront::${stack.account}:cache-policy/1a2b3c4d-example`,
    )(),
  'AWS::CloudFront::Function': (stack, id) =>
    each(
      crud('cloudfront', [
        'CreateFunction',
        'UpdateFunction',
        'PublishFunction',
        'DeleteFunction',
        'DescribeFunction',
        'GetFunction',
      ]),
      `arn:aws:cloudfront::${stack.account}:function/${physicalName(stack, id)}`,
    )(),
  'AWS::CloudFront::OriginAccessControl': (stack) =>
    each(
      crud('cloudfront', [
        'CreateOriginAccessControl',
        'GetOriginAccessControl',
        'UpdateOriginAccessControl',
        'DeleteOriginAccessControl',
      ]),
      `arn:aws:cloudfront::${stack.account}:origin-access-control/E2EXAMPLE345`,
    )(),
  'AWS::WAFv2::WebACL': (stack, id) =>
    each(
      crud('wafv2', [
        'CreateWebACL',
        'UpdateWebACL',
        'DeleteWebACL',
        'GetWebACL',
        'TagResource',
        'ListTagsForResource',
      ]),
      `arn:aws:wafv2:us-east-1:${stack.account}:global/webacl/${physicalName(stack, id)}/1a2b-example`,
    )(),
};

function apiChild(stack: Stack, kind: string): Array<Omit<DeployRequest, 'why'>> {
  return [
    { action: 'apigateway:POST', resource: `arn:aws:apigateway:${stack.region}::/apis/a1b2c3d4e5/${kind}` },
    ...each(
      ['apigateway:GET', 'apigateway:PATCH', 'apigateway:DELETE'],
      `arn:aws:apigateway:${stack.region}::/apis/a1b2c3d4e5/${kind}/x1y2z3`,
    )(),
  ];
}

const userPoolArn = (stack: Stack) =>
  `arn:aws:cognito-idp:${stack.region}:${stack.account}:userpool/${stack.region}_EXAMPLE12`;

/** What osls itself asks of AWS to deploy, inspect and remove a stack. */
function frameworkRequests(stack: Stack): DeployRequest[] {
  const stackArn = `arn:aws:cloudformation:${stack.region}:${stack.account}:stack/${stack.stackName}/0f1e2d3c-example`;
  return [
    ...crud('cloudformation', [
      'CreateStack',
      'UpdateStack',
      'DeleteStack',
      'DescribeStacks',
      'DescribeStackEvents',
      'DescribeStackResource',
      'DescribeStackResources',
      'ListStackResources',
      'GetTemplate',
      'CreateChangeSet',
      'DescribeChangeSet',
      'ExecuteChangeSet',
      'DeleteChangeSet',
    ]).map((action) => ({ action, resource: stackArn, why: `osls: the stack ${stack.stackName}` })),
    { action: 'cloudformation:ValidateTemplate', resource: '*', why: 'osls: validates each template' },
  ];
}

/** Every request a deploy of these stacks makes, each with what needs it; throws on an unknown type. */
export function deployRequests(
  stacks: Array<{ service: string; stackName: string; region: string; template: CfnTemplate }>,
  account: string,
): DeployRequest[] {
  const unknown = stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources)
      .filter(([, resource]) => !(resource.Type in requestsByType))
      .map(([id, resource]) => `${stack.service}/${id} (${resource.Type})`),
  );
  if (unknown.length > 0)
    throw new Error(`no deploy permissions known for ${unknown.join(', ')}: add the type to requestsByType`);
  return stacks.flatMap((entry) => {
    const stack: Stack = { ...entry, account, others: stacks };
    return [
      ...frameworkRequests(stack),
      ...Object.entries(stack.template.Resources).flatMap(([id, resource]) =>
        (requestsByType[resource.Type] as Requests)(stack, id, resource).map((request) => ({
          ...request,
          why: `${stack.service}/${id} (${resource.Type})`,
        })),
      ),
    ];
  });
}
