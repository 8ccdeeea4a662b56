import { describe, expect, it } from 'vitest';
import { type GatewayRoute, matchRoute, parseRouteKey, routeKeys } from '../../src/gateway/routes.ts';

const route = (key: string, service = 'products', port = 1): GatewayRoute => ({
  ...parseRouteKey(key),
  service,
  port,
});

describe('the routes of a template', () => {
  it('are its ApiGatewayV2 route keys, nothing else', () => {
    const keys = routeKeys({
      Resources: {
        Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'shop' } },
        GetOrder: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /orders/{orderId}' } },
        PlaceOrder: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'POST /orders' } },
        // A key built from intrinsics cannot be served locally; it is not guessed at.
        Computed: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: { RouteKey: { 'Fn::Join': [' ', ['GET', '/x']] } },
        },
        Orders: { Type: 'AWS::DynamoDB::Table', Properties: { RouteKey: 'GET /not-a-route' } },
      },
    });
    expect(keys).toEqual(['GET /orders/{orderId}', 'POST /orders']);
  });

  it('split into method and path, $default taking every request', () => {
    expect(parseRouteKey('get  /products/{productId}')).toEqual({
      method: 'GET',
      path: '/products/{productId}',
    });
    expect(parseRouteKey('$default')).toEqual({ method: 'ANY', path: '/{proxy+}' });
  });

  it('refuse a key that is no method and path', () => {
    expect(() => parseRouteKey('GET products')).toThrow(/unsupported route key "GET products"/);
    expect(() => parseRouteKey('/products')).toThrow(/unsupported route key/);
  });
});

describe('route matching', () => {
  const routes = [
    route('GET /products'),
    route('POST /products'),
    route('GET /products/{productId}'),
    route('GET /products/search'),
    route('ANY /files/{proxy+}', 'files'),
  ];

  it('prefers literal segments over path parameters', () => {
    expect(matchRoute(routes, 'GET', '/products/search')).toEqual({ route: routes[3] });
    expect(matchRoute(routes, 'GET', '/products/p-1')).toEqual({ route: routes[2] });
  });

  it('lists the allowed methods when only the method is wrong', () => {
    expect(matchRoute(routes, 'DELETE', '/products')).toEqual({ allowed: ['GET', 'POST'] });
  });

  it('matches greedy paths and ANY, and nothing else', () => {
    expect(matchRoute(routes, 'PUT', '/files/a/b')).toEqual({ route: routes[4] });
    expect(matchRoute(routes, 'GET', '/nope')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/products/a/b')).toBeUndefined();
  });
});
