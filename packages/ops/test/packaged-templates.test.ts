import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activeResources, type CfnTemplate, parseRouteKey, routeKeys } from '@shop/local-platform';
import document from '@shop/openapi/openapi.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogFindings, renderAccessLog } from '../src/access-log.ts';
import {
  deployPolicyAllows,
  deployPolicyFile,
  deployRequests,
  readDeployPolicy,
} from '../src/deploy-role.ts';
import { auditPolicies, executionRoles, roleSharingFindings } from '../src/iam.ts';
import { type PackagedTemplates, packageTemplates } from '../src/templates.ts';

// Every service packaged once for prod (templates only), and every check that reads the packaged result;
// and once for a personal stage (alice), which gets `default` of stages.yml, in another region.
let packaged: PackagedTemplates;
let personal: PackagedTemplates;
beforeAll(async () => {
  packaged = await packageTemplates('prod');
  personal = await packageTemplates('alice', { inputs: { SHOP_REGION: 'eu-west-1' } });
}, 300_000);
afterAll(() => {
  packaged?.remove();
  personal?.remove();
});
const withFunctions = (templates: PackagedTemplates) =>
  templates.services.filter((item) =>
    Object.values(item.template.Resources).some((resource) => resource.Type === 'AWS::Lambda::Function'),
  );
const templateOf = (templates: PackagedTemplates, service: string) =>
  templates.services.find((item) => item.service.name === service)?.template as CfnTemplate;
const functionEnvironment = (template: CfnTemplate, logicalId: string) =>
  (
    template.Resources[logicalId]?.Properties?.Environment as
      | { Variables?: Record<string, unknown> }
      | undefined
  )?.Variables ?? {};

describe('least privilege in the packaged prod templates', () => {
  it('grants no wildcard action and no "*" resource where AWS does not require one', () => {
    const findings = packaged.services.flatMap((item) =>
      auditPolicies(item.template).map(
        (finding) => `${item.service.name} ${finding.where}: ${finding.problem}`,
      ),
    );
    expect(findings).toEqual([]);
    // The audit saw roles at all (a template without any would pass vacuously).
    for (const item of withFunctions(packaged))
      expect(Object.values(item.template.Resources).some((r) => r.Type === 'AWS::IAM::Role')).toBe(true);
  });

  it('gives every function a role of its own, which no other function shares, and leaves no role unused', () => {
    const findings = packaged.services.flatMap((item) =>
      roleSharingFindings(item.template).map((finding) => `${item.service.name}: ${finding}`),
    );
    expect(findings).toEqual([]);
    const functions = packaged.services.flatMap((item) => Object.keys(executionRoles(item.template)));
    expect(functions.length).toBeGreaterThan(30);
  });
});

describe('the OpenAPI document (packages/openapi/openapi.json)', () => {
  it('lists exactly the routes of the packaged templates, with their methods and paths', () => {
    const deployed = packaged.services
      .flatMap((item) => routeKeys(item.template).map(parseRouteKey))
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    const documented = Object.entries(document.paths as Record<string, object>)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(deployed.length).toBeGreaterThan(20);
    expect(documented).toEqual(deployed);
  });
});

describe('the prod data', () => {
  // RetainExceptOnCreate: kept when the stack goes, but deleted when the deploy that created it fails,
  // so retrying a failed first deploy does not meet tables and a pool "already exists".
  it('keeps every record-of-truth table: point-in-time recovery, deletion protection, RetainExceptOnCreate', () => {
    const protectedTables = packaged.services.flatMap((item) =>
      Object.entries(item.template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
        .filter(([, resource]) => resource.Properties?.DeletionProtectionEnabled === true)
        .map(([id, resource]) => {
          const { DeletionPolicy, UpdateReplacePolicy } = resource as {
            DeletionPolicy?: string;
            UpdateReplacePolicy?: string;
          };
          const pitr = resource.Properties?.PointInTimeRecoverySpecification as {
            PointInTimeRecoveryEnabled?: boolean;
          };
          return `${item.service.name}/${id} ${DeletionPolicy}/${UpdateReplacePolicy} pitr=${pitr?.PointInTimeRecoveryEnabled}`;
        }),
    );
    expect(protectedTables.sort()).toEqual(
      [
        'carts/CartsTable',
        'notifications/NotificationsTable',
        'notifications/RecipientsTable',
        'orders/OrdersTable',
        'orders/PromotionsTable',
        'products/ProductsTable',
        'products/SkuTable',
        'products/StockReservationsTable',
        'reviews/BuyersTable',
        'reviews/ReviewsTable',
        'stores/StoresTable',
        'users/UsersTable',
      ].map((table) => `${table} RetainExceptOnCreate/Retain pitr=true`),
    );
  });

  it('keeps the user pool the same way, with its deletion protection on', () => {
    const pools = packaged.services.flatMap((item) =>
      Object.values(item.template.Resources).filter((resource) => resource.Type === 'AWS::Cognito::UserPool'),
    );
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE' },
    });
  });
});

describe('alarms in the packaged prod templates', () => {
  it('watch every dead-letter queue and every HTTP API, all to the alarm topic', () => {
    for (const item of packaged.services) {
      const resources = Object.entries(item.template.Resources);
      const alarms = resources.filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm');
      const deadLetterQueues = resources.filter(
        ([, resource]) =>
          resource.Type === 'AWS::SQS::Queue' && String(resource.Properties?.QueueName).endsWith('-dlq'),
      );
      for (const [id] of deadLetterQueues)
        expect(alarms.map(([alarmId]) => alarmId)).toContain(`${id}DepthAlarm`);
      if (resources.some(([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Api'))
        expect(alarms.map(([alarmId]) => alarmId)).toEqual(
          expect.arrayContaining(['HttpApi5xxRateAlarm', 'HttpApiLatencyAlarm']),
        );
      for (const [, alarm] of alarms) expect(alarm.Properties?.AlarmActions).toHaveLength(1);
      if (withFunctions(packaged).includes(item))
        expect(
          resources.filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Dashboard'),
          item.service.name,
        ).toHaveLength(1);
    }
  });
});

describe('the alarm topic', () => {
  // exampleDeployInputs: SHOP_ALARM_EMAIL=oncall@shop.example; packaging refuses a shared stage without one.
  it('has its subscriber on a shared stage, and none unless asked on a personal one', () => {
    const subscriptions = (templates: PackagedTemplates) =>
      Object.values(templateOf(templates, 'users').Resources)
        .filter(
          (resource) =>
            resource.Type === 'AWS::SNS::Subscription' && resource.Properties?.Protocol === 'email',
        )
        .map((resource) => resource.Properties);
    expect(subscriptions(packaged)).toEqual([
      { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: 'oncall@shop.example' },
    ]);
    expect(subscriptions(personal)).toEqual([]);
  });
});

describe('one base URL per stage', () => {
  it('is one HTTP API, owned by users, that every other service attaches its routes to', () => {
    const apis = packaged.services.flatMap((item) =>
      Object.entries(item.template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Api')
        .map(([id]) => `${item.service.name}/${id}`),
    );
    expect(apis).toEqual(['users/HttpApi']);
    for (const item of withFunctions(packaged).filter((candidate) => candidate.service.name !== 'users')) {
      const apiIds = Object.values(item.template.Resources)
        .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
        .map((resource) => resource.Properties?.ApiId);
      expect(apiIds.length, item.service.name).toBeGreaterThan(0);
      // The compose placeholder of ${users.HttpApiId}; osls compose passes the real id.
      expect(new Set(apiIds), item.service.name).toEqual(new Set(['compose-placeholder-users-HttpApiId']));
    }
  });

  it("throttles the stage at the ceiling of stages.yml and writes an access log kept like the functions' logs", () => {
    const users = packaged.services.find((item) => item.service.name === 'users');
    const stage = Object.values(users?.template.Resources ?? {}).find(
      (resource) => resource.Type === 'AWS::ApiGatewayV2::Stage',
    );
    expect(stage?.Properties?.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 1000,
      ThrottlingBurstLimit: 2000,
    });
    const accessLog = stage?.Properties?.AccessLogSettings as { DestinationArn?: unknown; Format?: string };
    expect(accessLog.DestinationArn).toEqual({ 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] });
    const format = accessLog.Format ?? '';
    expect(accessLogFindings(format)).toEqual([]);
    // Whatever an error message holds, the line stays JSON and carries it whole.
    const hostile = 'Internal "server" error \\ {"status":200}\n\t</script> ünïcødé \u0000';
    const line = JSON.parse(
      renderAccessLog(format, {
        'context.requestId': 'Jz8f1hLbIAMEbyQ=',
        'context.routeKey': 'POST /cart/checkout',
        'context.status': '502',
        'context.error.messageString': hostile,
      }),
    );
    expect(line).toMatchObject({
      requestId: 'Jz8f1hLbIAMEbyQ=',
      routeKey: 'POST /cart/checkout',
      status: '502',
    });
    expect(line.error).toBe(hostile);
    expect(Object.keys(line)).toEqual(
      expect.arrayContaining([
        'requestId',
        'routeKey',
        'status',
        'responseLatency',
        'integrationStatus',
        'error',
      ]),
    );
    // A request without error: every value API Gateway lacks is "-".
    expect(JSON.parse(renderAccessLog(format, {})).error).toBe('-');
    expect(users?.template.Resources.HttpApiLogGroup?.Properties?.RetentionInDays).toBe(90);
  });
});

describe('CORS in the packaged prod templates', () => {
  // exampleDeployInputs: SHOP_STOREFRONT_URL=https://shop.example.
  it("lets only the stage's storefront origin call the HTTP API", () => {
    const api = packaged.services
      .flatMap((item) => Object.values(item.template.Resources))
      .find((resource) => resource.Type === 'AWS::ApiGatewayV2::Api');
    expect(api?.Properties?.CorsConfiguration).toMatchObject({ AllowOrigins: ['https://shop.example'] });
  });

  it('lets the storefront send the headers it sends, the store of a store-scoped route included', () => {
    const api = packaged.services
      .flatMap((item) => Object.values(item.template.Resources))
      .find((resource) => resource.Type === 'AWS::ApiGatewayV2::Api');
    const allowed = (api?.Properties?.CorsConfiguration as { AllowHeaders?: string[] } | undefined)
      ?.AllowHeaders;
    // A preflight that refuses one of them makes the browser refuse the call itself.
    expect(allowed?.map((name) => name.toLowerCase())).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-store-id']),
    );
  });

  it('gives every function the same origins as CORS_ALLOWED_ORIGINS', () => {
    const functions = packaged.services.flatMap((item) =>
      Object.entries(item.template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
        .map(([id, resource]) => ({
          id: `${item.service.name}/${id}`,
          origins: (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
            ?.Variables?.CORS_ALLOWED_ORIGINS,
        })),
    );
    expect(functions.length).toBeGreaterThan(30);
    for (const fn of functions)
      expect(fn.origins, fn.id).toEqual({ 'Fn::Join': [',', ['https://shop.example']] });
  });
});

describe("the stage's email", () => {
  // exampleDeployInputs: SHOP_SES_SENDER=orders@mail.shop.example, SHOP_SES_IDENTITY=mail.shop.example.
  it("goes out in prod through the SES identity verified by hand, Cognito's mail included", () => {
    const pool = Object.values(templateOf(packaged, 'users').Resources).find(
      (resource) => resource.Type === 'AWS::Cognito::UserPool',
    );
    expect(pool?.Properties?.EmailConfiguration).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
        'Fn::Sub': 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/mail.shop.example',
      },
      From: 'orders@mail.shop.example',
    });
    const notifications = templateOf(packaged, 'notifications');
    // The identity exists already: the stack creates none, so it cannot fail on it.
    expect(
      Object.values(activeResources(notifications)).filter(
        (resource) => resource.Type === 'AWS::SES::EmailIdentity',
      ),
    ).toEqual([]);
    expect(functionEnvironment(notifications, 'SendNotificationsLambdaFunction').SES_SENDER).toBe(
      'orders@mail.shop.example',
    );
    const role = JSON.stringify(notifications.Resources.SendNotificationsIamRoleLambdaExecution);
    expect(role).toContain(':identity/mail.shop.example');
    expect(role).toContain('"ses:FromAddress":"orders@mail.shop.example"');
  });

  it("goes out on a personal stage from that stage's own identity, which its stack creates", () => {
    const pool = Object.values(templateOf(personal, 'users').Resources).find(
      (resource) => resource.Type === 'AWS::Cognito::UserPool',
    );
    expect(pool?.Properties?.EmailConfiguration).toEqual({ EmailSendingAccount: 'COGNITO_DEFAULT' });
    const identities = Object.values(activeResources(templateOf(personal, 'notifications'))).filter(
      (resource) => resource.Type === 'AWS::SES::EmailIdentity',
    );
    expect(identities.map((identity) => identity.Properties?.EmailIdentity)).toEqual([
      'shop-alice@example.com',
    ]);
    const notifications = templateOf(personal, 'notifications');
    expect(functionEnvironment(notifications, 'SendNotificationsLambdaFunction').SES_SENDER).toBe(
      'shop-alice@example.com',
    );
    expect(JSON.stringify(notifications.Resources.SendNotificationsIamRoleLambdaExecution)).toContain(
      ':identity/shop-alice@example.com',
    );
  });
});

describe('the edge (CloudFront and WAF in front of the HTTP API)', () => {
  const resourcesOf = (templates: PackagedTemplates) => templateOf(templates, 'edge').Resources;
  type Rule = { Name: string; Action: unknown; Statement: { RateBasedStatement: Record<string, unknown> } };
  const rule = (templates: PackagedTemplates, name: string): Rule => {
    const rules = (resourcesOf(templates).ApiWebAcl?.Properties?.Rules ?? []) as Rule[];
    const found = rules.find((candidate) => candidate.Name === name);
    if (!found) throw new Error(`the web ACL has no rule ${name}`);
    return found;
  };

  it("limits /auth/* and POST /cart/checkout per client IP over 5 minutes, with the stage's counts", () => {
    expect(resourcesOf(packaged).ApiWebAcl?.Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
    const auth = rule(packaged, 'auth-requests-per-ip');
    expect(auth.Statement.RateBasedStatement).toMatchObject({
      Limit: 500,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
      ScopeDownStatement: {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'STARTS_WITH',
          SearchString: '/auth/',
        },
      },
    });
    const checkout = rule(packaged, 'checkout-requests-per-ip');
    expect(checkout.Statement.RateBasedStatement).toMatchObject({
      Limit: 150,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
    expect(JSON.stringify(checkout.Statement.RateBasedStatement.ScopeDownStatement)).toMatch(
      /"Method":\{\}.*"SearchString":"POST".*"UriPath":\{\}.*"PositionalConstraint":"EXACTLY","SearchString":"\/cart\/checkout"/,
    );
    // A personal stage has its own (lower) counts: stages.yml default.
    expect(rule(personal, 'auth-requests-per-ip').Statement.RateBasedStatement.Limit).toBe(100);
    expect(rule(personal, 'checkout-requests-per-ip').Statement.RateBasedStatement.Limit).toBe(30);
  });

  it('answers a limited client 429 with a problem body and Retry-After', () => {
    const acl = resourcesOf(packaged).ApiWebAcl?.Properties as {
      CustomResponseBodies: Record<string, { ContentType: string; Content: string }>;
    };
    for (const name of ['auth-requests-per-ip', 'checkout-requests-per-ip']) {
      const response = (rule(packaged, name).Action as { Block: { CustomResponse: Record<string, unknown> } })
        .Block.CustomResponse;
      expect(response).toMatchObject({
        ResponseCode: 429,
        ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
      });
      const body = acl.CustomResponseBodies[String(response.CustomResponseBodyKey)];
      expect(JSON.parse(body?.Content ?? '')).toMatchObject({ status: 429, title: 'Too Many Requests' });
    }
  });

  it("puts an uncached distribution with the web ACL in front of the users stack's HTTP API", () => {
    const config = resourcesOf(packaged).ApiDistribution?.Properties?.DistributionConfig as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      WebACLId: { 'Fn::GetAtt': ['ApiWebAcl', 'Arn'] },
      // The compose placeholder of ${users.HttpApiDomain}; osls compose passes the real domain.
      Origins: [
        {
          Id: 'http-api',
          DomainName: 'compose-placeholder-users-HttpApiDomain',
          CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
        },
      ],
      DefaultCacheBehavior: {
        TargetOriginId: 'http-api',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      },
    });
    expect(templateOf(packaged, 'edge').Outputs?.ApiBaseUrl?.Value).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
      'Fn::Sub': 'https://${ApiDistribution.DomainName}',
    });
  });

  it("serves the public catalog reads from its cache for the stage's catalogCacheSeconds, nothing else", () => {
    // The stage param (stages.yml default, which prod inherits); the products' answers say the same.
    const seconds = Number(
      /^ {2}catalogCacheSeconds: (\d+)$/m.exec(
        readFileSync(join(import.meta.dirname, '../../../stages.yml'), 'utf8'),
      )?.[1],
    );
    expect(seconds).toBeGreaterThan(0);
    for (const templates of [packaged, personal]) {
      const resources = resourcesOf(templates);
      const config = resources.ApiDistribution?.Properties?.DistributionConfig as {
        CacheBehaviors: Array<Record<string, unknown>>;
        DefaultCacheBehavior: Record<string, unknown>;
      };
      expect(config.CacheBehaviors.map((behaviour) => behaviour.PathPattern)).toEqual([
        '/products',
        '/products/*',
      ]);
      for (const behaviour of config.CacheBehaviors)
        expect(behaviour).toMatchObject({
          TargetOriginId: 'http-api',
          ViewerProtocolPolicy: 'https-only',
          CachedMethods: ['GET', 'HEAD'],
          CachePolicyId: { Ref: 'CatalogCachePolicy' },
          OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
        });
      // Everything else stays uncached (managed CachingDisabled).
      expect(config.DefaultCacheBehavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
      const policy = resources.CatalogCachePolicy;
      expect(policy?.Type).toBe('AWS::CloudFront::CachePolicy');
      expect(policy?.Properties?.CachePolicyConfig).toMatchObject({
        MinTTL: 0,
        DefaultTTL: seconds,
        MaxTTL: seconds,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          // One cached catalog page per store (issue 15).
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Origin', 'X-Store-Id'] },
          CookiesConfig: { CookieBehavior: 'none' },
        },
      });
      expect(JSON.stringify(policy)).not.toMatch(/authorization/i);
      const products = templateOf(templates, 'products');
      for (const fn of ['ListProductsLambdaFunction', 'GetProductLambdaFunction'])
        expect(String(functionEnvironment(products, fn).CATALOG_CACHE_SECONDS)).toBe(String(seconds));
    }
  });

  it("stays in us-east-1, where CloudFront's web ACLs live, whatever the stage's region", () => {
    const region = (templates: PackagedTemplates, service: string) => {
      const dir = templates.services.find((item) => item.service.name === service)?.dir as string;
      return (
        JSON.parse(readFileSync(join(dir, 'serverless-state.json'), 'utf8')) as {
          service: { provider: { region: string } };
        }
      ).service.provider.region;
    };
    expect(region(personal, 'users')).toBe('eu-west-1');
    expect(region(personal, 'edge')).toBe('us-east-1');
    expect(region(packaged, 'users')).toBe('us-east-1');
  });
});

describe('the web stack (storefront on S3 behind CloudFront)', () => {
  it('lets its distribution list the bucket, so a missing file is 404 and not 403', () => {
    const policy = templateOf(packaged, 'web').Resources.WebBucketPolicy?.Properties?.PolicyDocument as {
      Statement: Array<Record<string, unknown>>;
    };
    const forCloudFront = policy.Statement.filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        JSON.stringify(statement.Principal) === '{"Service":"cloudfront.amazonaws.com"}',
    );
    const sourceArn = {
      StringEquals: {
        'AWS:SourceArn': {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
          'Fn::Sub': 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${WebDistribution}',
        },
      },
    };
    expect(forCloudFront).toEqual([
      expect.objectContaining({ Action: 's3:GetObject', Condition: sourceArn }),
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': ['WebBucket', 'Arn'] },
        Condition: sourceArn,
      }),
    ]);
  });

  it('answers page paths with index.html and leaves a path with an extension to the bucket', () => {
    const code = String(
      templateOf(packaged, 'web').Resources.WebSpaRewriteFunction?.Properties?.FunctionCode ?? '',
    );
    const handler = new Function(`${code}; return handler;`)() as (event: { request: { uri: string } }) => {
      uri: string;
    };
    expect(handler({ request: { uri: '/orders/ord-1' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/old-1a2b.js' } }).uri).toBe('/assets/old-1a2b.js');
    expect(handler({ request: { uri: '/config.json' } }).uri).toBe('/config.json');
  });
});

describe('the CI deploy role (packages/ops/deploy-role/deploy-policy.json)', () => {
  const account = '123456789012';
  const stacksOf = (templates: PackagedTemplates, stage: string, region: string) =>
    templates.services.map((item) => ({
      service: item.service.name,
      stackName: `shop-${item.service.name}-${stage}`,
      // The edge and web stacks stay in us-east-1 whatever the stage's region.
      region: ['edge', 'web'].includes(item.service.name) ? 'us-east-1' : region,
      template: item.template,
    }));

  it('allows every request a deploy of the prod and a personal stage makes, the web stack included', () => {
    const policy = readDeployPolicy();
    const requests = [
      ...deployRequests(stacksOf(packaged, 'prod', 'us-east-1'), account),
      ...deployRequests(stacksOf(personal, 'alice', 'eu-west-1'), account),
    ];
    // Every type of every template was walked, the web stack's and the edge's too.
    const types = new Set(requests.map((request) => request.why.replace(/^.*\((.*)\)$/, '$1')));
    for (const type of [
      'AWS::WAFv2::WebACL',
      'AWS::CloudFront::Function',
      'AWS::SES::EmailIdentity',
      'AWS::Cognito::UserPool',
    ])
      expect(types).toContain(type);
    const refused = requests
      .filter((request) => !deployPolicyAllows(policy, request, account))
      .map((request) => `${request.why}: ${request.action} on ${request.resource}`);
    expect([...new Set(refused)]).toEqual([]);
    expect(requests.length).toBeGreaterThan(1000);
  });

  it('fits in a role as an inline policy (10,240 characters without spaces)', () => {
    const text = readFileSync(deployPolicyFile, 'utf8').replace(/\s/g, '');
    expect(text.length).toBeLessThanOrEqual(10_240);
  });
});
