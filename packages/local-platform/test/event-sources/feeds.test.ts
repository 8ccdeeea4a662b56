import { describe, expect, it } from 'vitest';
import { planFeeds } from '../../src/event-sources/feeds.ts';
import type { EventSourceTrigger } from '../../src/provisioning/lambda.ts';
import type { ProvisionedStack } from '../../src/provisioning/stack.ts';

const queueArn = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`;
const streamArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000';

const trigger = (logicalId: string, sourceArn: string, enabled = true): EventSourceTrigger => ({
  logicalId,
  kind: sourceArn.includes(':sqs:') ? 'sqs' : 'dynamodb-stream',
  functionName: `fn-${logicalId}`,
  sourceArn,
  batchSize: 10,
  reportBatchItemFailures: true,
  enabled,
  startingPosition: 'LATEST',
  maximumRetryAttempts: -1,
  filterPatterns: [],
});

const stack = (
  stackName: string,
  queues: string[],
  triggers: EventSourceTrigger[] = [],
): ProvisionedStack => ({
  stackName,
  resources: Object.fromEntries(
    queues.map((name) => [
      name,
      {
        type: 'AWS::SQS::Queue',
        ref: `http://127.0.0.1:4566/123456789012/${name}`,
        attributes: { Arn: queueArn(name) },
      },
    ]),
  ),
  outputs: {},
  functions: {},
  triggers,
});

const orders = { name: 'orders', lambdaPort: 4001 };
const carts = { name: 'carts', lambdaPort: 4002 };

describe('which poller feeds which function', () => {
  it("feeds each running service's enabled mappings, a queue of another stack included", () => {
    const stacks = {
      orders: stack(
        'shop-orders-local',
        ['checkout'],
        [
          trigger('Checkout', queueArn('checkout')),
          trigger('Outbox', streamArn),
          trigger('Paused', queueArn('checkout'), false),
        ],
      ),
      carts: stack('shop-carts-local', [], [trigger('OrderPlaced', queueArn('checkout'))]),
    };
    const feeds = planFeeds([orders, carts], stacks);
    expect(feeds.map((feed) => [feed.service.name, feed.trigger.logicalId, feed.queueUrl])).toEqual([
      ['orders', 'Checkout', 'http://127.0.0.1:4566/123456789012/checkout'],
      ['orders', 'Outbox', undefined],
      ['carts', 'OrderPlaced', 'http://127.0.0.1:4566/123456789012/checkout'],
    ]);
  });

  it('feeds nothing of a service that is not running', () => {
    const stacks = {
      orders: stack('shop-orders-local', ['checkout'], [trigger('Checkout', queueArn('checkout'))]),
    };
    expect(planFeeds([carts], stacks)).toEqual([]);
  });

  it('refuses a queue mapping whose queue no stack holds, naming it', () => {
    const stacks = {
      orders: stack('shop-orders-local', ['checkout'], [trigger('Lost', queueArn('elsewhere'))]),
    };
    expect(() => planFeeds([orders], stacks)).toThrow(`Lost: no local queue ${queueArn('elsewhere')}`);
  });
});
