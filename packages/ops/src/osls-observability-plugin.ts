/**
 * osls plugin (`plugins: ['@shop/ops/osls-observability']`): at package time, after the service's own
 * resources are merged, it adds what every service needs to be watched, generated from the template
 * rather than copied per queue:
 * - an alarm on every dead-letter queue (a queue whose name ends in `-dlq`) holding more than
 *   `dlqDepth` messages (ApproximateNumberOfMessagesVisible);
 * - for the stack's HTTP API (if it owns one): an alarm on its 5xx rate (percent of requests, metric
 *   math) and one on its p99 latency;
 * - all of them to the stage's alarm topic: created here with `createAlarmTopic: true` (the users
 *   stack, first in compose order; output AlarmTopicArn, email subscription if `alarmEmail` is set),
 *   else the `alarmTopicArn` param from compose;
 * - a CloudWatch dashboard `shop-<stage>-<service>`: functions (invocations, errors, throttles, p99
 *   duration), queues (oldest message age, DLQ depth), the HTTP API, and `businessMetrics` (EMF).
 *
 * custom.observability: { createAlarmTopic?, alarmEmail?, alarmTopicArn?, dlqDepth, api5xxPercent,
 *   apiP99LatencyMs, businessMetrics?: [{ title, metrics: [[namespace, name, ...dimensions]], stat? }] }
 */
type Json = Record<string, unknown>;
type Resources = Record<string, { Type: string; Properties?: Json; [key: string]: unknown }>;

interface ObservabilityOptions {
  createAlarmTopic?: boolean;
  alarmEmail?: string;
  alarmTopicArn?: string;
  dlqDepth?: number;
  api5xxPercent?: number;
  apiP99LatencyMs?: number;
  businessMetrics?: Array<{ title: string; metrics: unknown[][]; stat?: string }>;
}

interface Serverless {
  service: {
    service: string;
    custom?: { observability?: ObservabilityOptions };
    provider: {
      stage: string;
      compiledCloudFormationTemplate: { Resources: Resources; Outputs?: Json };
    };
  };
  getProvider(name: string): { getStage(): string };
}

/** Adds alarms, the alarm topic and a dashboard to a compiled template; exported for tests. */
export function addObservability(
  template: { Resources: Resources; Outputs?: Json },
  service: string,
  stage: string,
  options: ObservabilityOptions,
): void {
  const resources = template.Resources;
  let topic: unknown = options.alarmTopicArn;
  if (options.createAlarmTopic) {
    resources.AlarmTopic = { Type: 'AWS::SNS::Topic', Properties: { TopicName: `shop-${stage}-alarms` } };
    if (options.alarmEmail) {
      resources.AlarmEmailSubscription = {
        Type: 'AWS::SNS::Subscription',
        Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: options.alarmEmail },
      };
    }
    template.Outputs = { ...template.Outputs, AlarmTopicArn: { Value: { Ref: 'AlarmTopic' } } };
    topic = { Ref: 'AlarmTopic' };
  }
  if (!topic) throw new Error(`${service}: custom.observability needs alarmTopicArn or createAlarmTopic`);
  const actions = { AlarmActions: [topic], OKActions: [topic], TreatMissingData: 'notBreaching' };
  const prefix = `shop-${stage}-${service.replace(/^shop-/, '')}`;

  const queues = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue');
  const deadLetterQueues = queues.filter(([, resource]) =>
    /-dlq(\.fifo)?$/.test(String(resource.Properties?.QueueName)),
  );
  for (const [logicalId, resource] of deadLetterQueues) {
    resources[`${logicalId}DepthAlarm`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `${resource.Properties?.QueueName} has messages`,
        AlarmDescription: `Messages that failed 5 times wait in ${resource.Properties?.QueueName}. Fix the cause, then: npm run redrive -- --queue ${resource.Properties?.QueueName} --stage ${stage}`,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId, 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: Number(options.dlqDepth ?? 0),
        ComparisonOperator: 'GreaterThanThreshold',
        ...actions,
      },
    };
  }

  const api = Object.entries(resources).find(
    ([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Api',
  )?.[0];
  if (api) {
    const apiId = { Ref: api };
    resources.HttpApi5xxRateAlarm = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `${prefix} HTTP API 5xx rate`,
        AlarmDescription: `More than ${options.api5xxPercent ?? 5}% of requests answered 5xx over 5 minutes (a 5xx is always a bug).`,
        Metrics: [
          {
            Id: 'errors',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName: '5xx',
                Dimensions: [{ Name: 'ApiId', Value: apiId }],
              },
              Period: 300,
              Stat: 'Sum',
            },
          },
          {
            Id: 'requests',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName: 'Count',
                Dimensions: [{ Name: 'ApiId', Value: apiId }],
              },
              Period: 300,
              Stat: 'Sum',
            },
          },
          {
            Id: 'rate',
            Label: '5xx percent',
            ReturnData: true,
            Expression: 'IF(requests > 0, 100 * errors / requests, 0)',
          },
        ],
        EvaluationPeriods: 1,
        Threshold: Number(options.api5xxPercent ?? 5),
        ComparisonOperator: 'GreaterThanThreshold',
        ...actions,
      },
    };
    resources.HttpApiLatencyAlarm = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `${prefix} HTTP API p99 latency`,
        AlarmDescription: `p99 latency above ${options.apiP99LatencyMs ?? 3000} ms over 5 minutes.`,
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        Dimensions: [{ Name: 'ApiId', Value: apiId }],
        ExtendedStatistic: 'p99',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: Number(options.apiP99LatencyMs ?? 3000),
        ComparisonOperator: 'GreaterThanThreshold',
        ...actions,
      },
    };
  }

  // The dashboard body is JSON with ${…} references that Fn::Sub fills in (queue names, API id, region).
  const functions = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function')
    .map((resource) => resource.Properties?.FunctionName)
    .filter((name): name is string => typeof name === 'string');
  const fn = (metric: string) => functions.map((name) => ['AWS/Lambda', metric, 'FunctionName', name]);
  const widget = (title: string, metrics: unknown[][], stat = 'Sum', extra: Json = {}) => ({
    type: 'metric',
    width: 12,
    height: 6,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
    properties: { title, region: '${AWS::Region}', stat, period: 300, view: 'timeSeries', metrics, ...extra },
  });
  const widgets = [
    widget('Invocations', fn('Invocations')),
    widget('Errors', fn('Errors')),
    widget('Throttles', fn('Throttles')),
    widget('Duration p99 (ms)', fn('Duration'), 'p99'),
    ...(queues.length > 0
      ? [
          widget(
            'Oldest message age (s)',
            queues
              .filter((queue) => !deadLetterQueues.includes(queue))
              .map(([id]) => [
                'AWS/SQS',
                'ApproximateAgeOfOldestMessage',
                'QueueName',
                `\${${id}.QueueName}`,
              ]),
            'Maximum',
          ),
          widget(
            'Dead-letter queue depth',
            deadLetterQueues.map(([id]) => [
              'AWS/SQS',
              'ApproximateNumberOfMessagesVisible',
              'QueueName',
              `\${${id}.QueueName}`,
            ]),
            'Maximum',
          ),
        ]
      : []),
    ...(api
      ? [
          widget(
            'HTTP API requests and errors',
            ['Count', '4xx', '5xx'].map((metric) => ['AWS/ApiGateway', metric, 'ApiId', `\${${api}}`]),
          ),
          widget(
            'HTTP API latency (ms)',
            [
              ['AWS/ApiGateway', 'Latency', 'ApiId', `\${${api}}`, { stat: 'p50' }],
              ['...', { stat: 'p99' }],
            ],
            'p99',
          ),
        ]
      : []),
    ...(options.businessMetrics ?? []).map((chart) =>
      widget(chart.title, chart.metrics, chart.stat ?? 'Sum'),
    ),
  ];
  resources.Dashboard = {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: {
      DashboardName: prefix,
      DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets }) },
    },
  };
}

export default class ObservabilityPlugin {
  hooks: Record<string, () => void>;
  constructor(serverless: Serverless) {
    this.hooks = {
      'before:aws:package:finalize:saveServiceState': () => {
        const { service } = serverless;
        addObservability(
          service.provider.compiledCloudFormationTemplate,
          service.service,
          serverless.getProvider('aws').getStage(),
          service.custom?.observability ?? {},
        );
      },
    };
  }
}
