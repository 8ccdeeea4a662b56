import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { contractViolations, type Exchange, operationFor, strictView } from '../src/contract-check.ts';

const product = {
  productId: 'p-0123456789abcdef',
  storeId: 'main',
  name: 'Lamp',
  description: 'A lamp.',
  category: 'home-and-kitchen',
  price: 1999,
  currency: 'USD',
  stock: 3,
  // v1.1: a product without options shows its one variant and its rating.
  options: [],
  variants: [
    { variantId: 'p-0123456789abcdef', sku: 'p-0123456789abcdef', options: {}, price: 1999, stock: 3 },
  ],
  rating: { average: 0, count: 0 },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};
const notFound = {
  type: 'https://shop.example/problems/not-found',
  title: 'Not Found',
  status: 404,
  detail: 'No product has the id "p-1".',
};

const json = (method: string, path: string, status: number, body: unknown): Exchange => ({
  method,
  path,
  status,
  contentType: status >= 400 ? 'application/problem+json' : 'application/json',
  text: JSON.stringify(body),
});

describe('the contract check of a live answer', () => {
  it('passes a documented success and a documented problem exactly as the contract has them', () => {
    expect(contractViolations(json('GET', '/products/p-1', 200, product))).toEqual([]);
    expect(contractViolations(json('GET', '/products/p-1', 404, notFound))).toEqual([]);
    expect(
      contractViolations(json('GET', '/products?limit=1', 200, { items: [product], nextCursor: 'abc' })),
    ).toEqual([]);
    expect(
      contractViolations({ method: 'DELETE', path: '/cart', status: 204, contentType: null, text: '' }),
    ).toEqual([]);
  });

  it('catches an extra field, at the top and deep inside a page', () => {
    expect(contractViolations(json('GET', '/products/p-1', 200, { ...product, revision: 3 }))).toEqual([
      'GET /products/{productId} 200 body: Unrecognized key: "revision"',
    ]);
    const page = { items: [product, { ...product, shelf: 'A' }], nextCursor: null };
    expect(contractViolations(json('GET', '/products', 200, page))).toEqual([
      'GET /products 200 body.items.1: Unrecognized key: "shelf"',
    ]);
    const problem = { ...notFound, errors: [{ field: 'productId', message: 'x', hint: 'y' }] };
    expect(contractViolations(json('GET', '/products/p-1', 404, problem))).toHaveLength(1);
  });

  it('catches a missing field', () => {
    const { stock: _stock, ...withoutStock } = product;
    expect(contractViolations(json('GET', '/products/p-1', 200, withoutStock))).toEqual([
      expect.stringMatching(/^GET \/products\/\{productId\} 200 body\.stock: /),
    ]);
    const { detail: _detail, ...withoutDetail } = notFound;
    expect(contractViolations(json('GET', '/products/p-1', 404, withoutDetail))).toEqual([
      expect.stringMatching(/body\.detail: /),
    ]);
  });

  it('catches a wrongly typed field, and one past its documented bounds', () => {
    expect(contractViolations(json('GET', '/products/p-1', 200, { ...product, price: '19.99' }))).toEqual([
      expect.stringMatching(/body\.price: .*number/),
    ]);
    expect(contractViolations(json('GET', '/products/p-1', 200, { ...product, price: 19.5 }))).toHaveLength(
      1,
    );
    expect(
      contractViolations(json('GET', '/products/p-1', 200, { ...product, createdAt: 'yesterday' })),
    ).toHaveLength(1);
    expect(
      contractViolations(json('GET', '/products/p-1', 200, { ...product, name: 'n'.repeat(201) })),
    ).toHaveLength(1);
  });

  it('catches a route the contract does not have', () => {
    expect(contractViolations(json('GET', '/wishlist', 200, {}))).toEqual([
      'GET /wishlist is no operation of the contract',
    ]);
    expect(contractViolations(json('PATCH', '/cart', 200, {}))).toEqual([
      'PATCH /cart is no operation of the contract',
    ]);
  });

  it('catches a status the operation does not document', () => {
    expect(contractViolations(json('GET', '/products/p-1', 409, { ...notFound, status: 409 }))).toEqual([
      expect.stringMatching(
        /^GET \/products\/\{productId\} answered 409, which the contract does not document/,
      ),
    ]);
    // A public route never answers 401; a success status other than the documented one is no success.
    expect(contractViolations(json('GET', '/products', 401, { ...notFound, status: 401 }))).toHaveLength(1);
    expect(contractViolations(json('POST', '/products', 200, product))).toHaveLength(1);
  });

  it('catches a body of another media type than documented, and a body where none is documented', () => {
    expect(
      contractViolations({ ...json('GET', '/products/p-1', 404, notFound), contentType: 'application/json' }),
    ).toEqual([expect.stringContaining('documented as application/problem+json')]);
    expect(
      contractViolations({
        method: 'DELETE',
        path: '/cart',
        status: 204,
        contentType: 'application/json',
        text: '{}',
      }),
    ).toHaveLength(1);
    expect(
      contractViolations({ ...json('GET', '/products/p-1', 200, product), text: '{"productId":' }),
    ).toEqual([expect.stringContaining('is not the JSON its content type says')]);
  });

  it("accepts API Gateway's own `{ message }` where the gateway may answer first", () => {
    const throttled: Exchange = {
      method: 'GET',
      path: '/products',
      status: 429,
      contentType: 'application/json',
      text: '{"message":"Too Many Requests"}',
    };
    expect(contractViolations(throttled)).toEqual([]);
    expect(
      contractViolations({ ...throttled, text: '{"message":"Too Many Requests","retry":1}' }),
    ).toHaveLength(1);
  });
});

describe('finding the operation of a request', () => {
  it('matches path templates one segment per parameter, the query left out, literal paths first', () => {
    expect(operationFor('POST', '/orders/o-1/cancel?x=1')?.path).toBe('/orders/{orderId}/cancel');
    expect(operationFor('get', '/orders/o-1')?.path).toBe('/orders/{orderId}');
    expect(operationFor('GET', '/users/me')?.path).toBe('/users/me');
    expect(operationFor('GET', '/orders/o-1/extra')).toBeUndefined();
    expect(operationFor('GET', '/products/')).toBeUndefined();
  });
});

describe('the strict view of a schema', () => {
  it('refuses undeclared keys at every level and keeps bounds, leaving the schema itself as it was', () => {
    const schema = z.object({
      a: z.array(z.object({ b: z.string().check(z.maxLength(2)) })).check(z.maxLength(1)),
      c: z.optional(z.number()),
    });
    expect(schema.safeParse({ a: [{ b: 'x', extra: 1 }] }).success).toBe(true);
    expect(strictView(schema).safeParse({ a: [{ b: 'x', extra: 1 }] }).success).toBe(false);
    expect(strictView(schema).safeParse({ a: [{ b: 'xyz' }] }).success).toBe(false);
    expect(strictView(schema).safeParse({ a: [{ b: 'x' }, { b: 'y' }] }).success).toBe(false);
    expect(strictView(schema).safeParse({ a: [{ b: 'x' }], c: 1 }).success).toBe(true);
  });

  it('keeps an object declared open open', () => {
    const open = z.looseObject({ openapi: z.string() });
    expect(strictView(open).safeParse({ openapi: '3.1.0', paths: {} }).success).toBe(true);
    expect(strictView(open).safeParse({ paths: {} }).success).toBe(false);
  });

  it('refuses to check a kind of schema it cannot make strict', () => {
    const lazy = z.lazy(() => z.object({ a: z.string() }));
    expect(() => strictView(lazy)).toThrow(/lazy/);
  });
});
