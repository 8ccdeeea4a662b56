import { describe, expect, it } from 'vitest';
import { httpEvent, snsNotification, sqsRecord } from '../src/index.ts';

describe('httpEvent', () => {
  it('fills the route path with the path parameters and sends a body as JSON with a bearer token', () => {
    const event = httpEvent('PUT /cart/items/{productId}', {
      pathParameters: { productId: 'p-1' },
      body: { quantity: 2 },
      token: 'abc',
      query: { limit: '2' },
    });
    expect(event).toMatchObject({
      routeKey: 'PUT /cart/items/{productId}',
      rawPath: '/cart/items/p-1',
      rawQueryString: 'limit=2',
      queryStringParameters: { limit: '2' },
      pathParameters: { productId: 'p-1' },
      body: '{"quantity":2}',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      requestContext: { http: { method: 'PUT', path: '/cart/items/p-1' } },
    });
  });

  it('sends a string body as it is, and lets explicit headers win over the token', () => {
    const event = httpEvent('POST /products', {
      body: 'name=lamp',
      token: 'abc',
      headers: { authorization: 'Basic eA==' },
    });
    expect(event.body).toBe('name=lamp');
    expect(event.headers.authorization).toBe('Basic eA==');
    expect(event).not.toHaveProperty('queryStringParameters');
  });
});

describe('sqsRecord', () => {
  it('carries an object as JSON and a string as it is, under the given message id', () => {
    expect(sqsRecord({ type: 'X' }, { messageId: 'm-1' })).toMatchObject({
      messageId: 'm-1',
      receiptHandle: 'm-1',
      body: '{"type":"X"}',
    });
    expect(sqsRecord('{not json').body).toBe('{not json');
  });

  it('wraps a message as SNS does without raw delivery', () => {
    expect(JSON.parse(snsNotification({ type: 'X' }))).toMatchObject({
      Type: 'Notification',
      Message: '{"type":"X"}',
    });
  });
});
