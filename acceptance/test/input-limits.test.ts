// Input limits through the base URL, as a browser or a script meets them: a body over 64 KB is 413
// before anything parses it, and a 400 never grows with the request.
import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInUser, shopClient } from '../src/client.ts';
import { shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);

let customer: SignedInUser;
beforeAll(async () => {
  customer = await api.newCustomer('limits');
});

const PROBLEM = 'application/problem+json';

describe('a body over 64 KB', () => {
  it('is refused with 413 on a public route, before it is parsed', async () => {
    const answer = await api.request('POST', '/auth/login', {
      rawBody: `{"email":"a@example.com","password":"${'x'.repeat(70_000)}`,
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toContain(PROBLEM);
    expect(answer.body).toMatchObject({
      type: 'https://shop.example/problems/payload-too-large',
      status: 413,
    });
  });

  it('is refused with 413 on a customer route, and the profile is unchanged', async () => {
    const answer = await api.request('PUT', '/users/me', {
      token: customer.accessToken,
      body: { name: 'n'.repeat(70_000) },
    });
    expect(answer.status).toBe(413);
    const me = await api.request('GET', '/users/me', { token: customer.accessToken });
    expect(me.body.name).toBe('limits');
  });

  it('is still accepted just under the limit (and judged by its schema)', async () => {
    const answer = await api.request('PUT', '/users/me', {
      token: customer.accessToken,
      body: { name: 'n'.repeat(60_000) },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual(['name']);
  });
});

describe('a body of many unknown fields', () => {
  it('gets a 400 listing 20 of them, a few KB long whatever it sent', async () => {
    const extra = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`${'k'.repeat(150)}${i}`, i]));
    const answer = await api.request('POST', '/auth/signup', {
      body: { email: 'limits@example.com', password: 'Limits-pass-1', name: 'Limits', ...extra },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveLength(20);
    expect(answer.body.detail).toMatch(/280 more field errors are not listed/);
    expect(answer.text.length).toBeLessThan(8_000);
  });
});

describe('a refused field', () => {
  // The schemas are zod/mini, which loads no locale: the functions must still answer zod's English.
  it("is named with zod's English message, as it was before zod/mini", async () => {
    const answer = await api.request('POST', '/auth/signup', {
      body: { email: 'not-an-email', password: '', name: 'x'.repeat(101) },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain(PROBLEM);
    expect(answer.body.errors).toEqual([
      { field: 'email', message: 'Invalid email address' },
      { field: 'password', message: 'Too small: expected string to have >=1 characters' },
      { field: 'name', message: 'Too big: expected string to have <=100 characters' },
    ]);
  });

  it('is accepted once it is right: a query-string limit still coerces to a number', async () => {
    const answer = await api.request('GET', '/products?limit=2');
    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeLessThanOrEqual(2);
  });
});
