import { describe, expect, it } from 'vitest';
import { addObservability } from '../src/osls-observability-plugin.ts';

type Template = Parameters<typeof addObservability>[0];
const template = (): Template => ({
  Resources: {
    WorkQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-orders-prod-saga' } },
    WorkDeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-orders-prod-saga-dlq' } },
    ListLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: 'shop-orders-prod-list' },
    },
    HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
  },
});
const options = { dlqDepth: 0, api5xxPercent: 1, apiP99LatencyMs: 1500 };

describe('the observability plugin', () => {
  it('alarms on every dead-letter queue and on no other queue', () => {
    const compiled = template();
    addObservability(compiled, 'shop-orders', 'prod', { ...options, alarmTopicArn: 'arn:topic' });
    const alarm = compiled.Resources.WorkDeadLetterQueueDepthAlarm?.Properties;
    expect(alarm).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['WorkDeadLetterQueue', 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: ['arn:topic'],
    });
    expect(compiled.Resources.WorkQueueDepthAlarm).toBeUndefined();
  });

  it("alarms on the HTTP API's 5xx rate and p99 latency with the stage's thresholds", () => {
    const compiled = template();
    addObservability(compiled, 'shop-orders', 'prod', { ...options, alarmTopicArn: 'arn:topic' });
    expect(compiled.Resources.HttpApi5xxRateAlarm?.Properties).toMatchObject({ Threshold: 1 });
    expect(compiled.Resources.HttpApiLatencyAlarm?.Properties).toMatchObject({
      ExtendedStatistic: 'p99',
      Threshold: 1500,
      Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
    });
  });

  it('creates the alarm topic, its output and an email subscription only when asked', () => {
    const compiled = template();
    addObservability(compiled, 'shop-users', 'dev', { ...options, createAlarmTopic: true, alarmEmail: '' });
    expect(compiled.Resources.AlarmTopic?.Properties).toEqual({ TopicName: 'shop-dev-alarms' });
    expect(compiled.Resources.AlarmEmailSubscription).toBeUndefined();
    expect(compiled.Outputs?.AlarmTopicArn).toEqual({ Value: { Ref: 'AlarmTopic' } });

    const withEmail = template();
    addObservability(withEmail, 'shop-users', 'dev', {
      createAlarmTopic: true,
      alarmEmail: 'ops@example.com',
    });
    expect(withEmail.Resources.AlarmEmailSubscription?.Properties).toMatchObject({ Protocol: 'email' });
  });

  it('refuses a stack with no alarm topic', () => {
    expect(() => addObservability(template(), 'shop-orders', 'prod', options)).toThrow(/alarmTopicArn/);
  });

  it('adds a dashboard that charts the functions and the dead-letter queues', () => {
    const compiled = template();
    addObservability(compiled, 'shop-orders', 'prod', { ...options, alarmTopicArn: 'arn:topic' });
    const dashboard = compiled.Resources.Dashboard?.Properties as {
      DashboardName: string;
      DashboardBody: { 'Fn::Sub': string };
    };
    expect(dashboard.DashboardName).toBe('shop-prod-orders');
    const body = JSON.parse(dashboard.DashboardBody['Fn::Sub']) as {
      widgets: Array<{ properties: { metrics: unknown[][] } }>;
    };
    const metrics = JSON.stringify(body.widgets.map((widget) => widget.properties.metrics));
    expect(metrics).toContain('shop-orders-prod-list');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a template literal
    expect(metrics).toContain('${WorkDeadLetterQueue.QueueName}');
  });
});
