// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are compose and CloudFormation ${...} syntax, not JS.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  declaresFunctions,
  deploymentOrder,
  missingOutputs,
  paramArguments,
  parseComposeServices,
  placeholderFor,
  readCompose,
} from '../../src/packaging/compose.ts';

const services = parseComposeServices({
  notifications: {
    path: 'services/notifications',
    params: { orderEventsTopicArn: '${orders.OrderEventsTopicArn}' },
  },
  orders: { path: 'services/orders', params: { userPoolId: '${users.UserPoolId}', retention: 7 } },
  users: { path: 'services/users' },
});

describe('the compose file reader', () => {
  it('turns ${service.Output} params into dependencies and keeps literals', () => {
    const orders = services.find((service) => service.name === 'orders');
    expect(orders?.dependsOn).toEqual(['users']);
    expect(orders?.params).toEqual({
      userPoolId: { kind: 'output', service: 'users', output: 'UserPoolId' },
      retention: { kind: 'literal', value: '7' },
    });
  });

  it('orders services after the services whose outputs they read', () => {
    expect(deploymentOrder(services).map((service) => service.name)).toEqual([
      'users',
      'orders',
      'notifications',
    ]);
  });

  it('rejects a cycle and a reference to an unknown service', () => {
    const cyclic = parseComposeServices({
      a: { path: 'a', params: { x: '${b.X}' } },
      b: { path: 'b', params: { y: '${a.Y}' } },
    });
    expect(() => deploymentOrder(cyclic)).toThrow(/cycle/);
    expect(() => parseComposeServices({ a: { path: 'a', params: { x: '${ghost.X}' } } })).toThrow(
      /unknown ghost/,
    );
  });

  it('gives placeholders that say what they stand for, ARN-shaped for ARN outputs', () => {
    expect(placeholderFor('users', 'UserPoolId')).toBe('compose-placeholder-users-UserPoolId');
    expect(placeholderFor('orders', 'OrderEventsTopicArn')).toBe(
      'arn:aws:sns:us-east-1:000000000000:compose-placeholder-orders-OrderEventsTopicArn',
    );
  });

  it('builds --param arguments', () => {
    const orders = services.find((service) => service.name === 'orders');
    expect(orders && paramArguments(orders, (service, output) => `${service}:${output}`)).toEqual([
      '--param',
      'userPoolId=users:UserPoolId',
      '--param',
      'retention=7',
    ]);
  });

  it('names the params whose output the producing service does not declare', () => {
    const declared: Record<string, string[]> = { users: ['UserPoolId'], orders: [] };
    expect(missingOutputs(services, (name) => declared[name])).toEqual([
      'notifications.orderEventsTopicArn: ${orders.OrderEventsTopicArn} (orders declares no OrderEventsTopicArn)',
    ]);
  });
});

describe("this repository's compose services", () => {
  it('run functions, all but the edge (CloudFront and WAF), which the local run leaves out', () => {
    const root = fileURLToPath(new URL('../../../..', import.meta.url));
    const running = readCompose(root).filter((service) => declaresFunctions(root, service));
    expect(running.map((service) => service.name).sort()).toEqual([
      'carts',
      'notifications',
      'orders',
      'products',
      'reviews',
      'stores',
      'users',
    ]);
  });
});
