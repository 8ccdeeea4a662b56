// Issue 6: token attacks on every protected route, cross-user reads, and customers on admin routes.
// The route list is the gateway's own table (from the packaged templates' HTTP API routes): every
// route not in PUBLIC must refuse each forged token with the same 401, so a new route is covered
// the day it is added, and a route made public by mistake fails here.
import {
  AdminInitiateAuthCommand,
  CreateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, mapLimit, type SignedInUser, shopClient } from '../src/client.ts';
import { emulator } from '../src/emulator.ts';
import { output, shopUnderTest } from '../src/shop-under-test.ts';

const shop = shopUnderTest();
const api = shopClient(shop.baseUrl);
const aws = emulator(shop);

/** Routes anyone may call (API.md). Everything else in the route table needs an access token. */
const PUBLIC = new Set([
  'POST /auth/signup',
  'POST /auth/confirm',
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/logout',
  'GET /products',
  'GET /products/{productId}',
  'GET /products/facets',
  // A product's reviews (API.md "Reviews": anyone).
  'GET /products/{productId}/reviews',
  'GET /stores',
  'GET /stores/{storeId}',
  // A store's shipping options and tax rates (API.md "Money at checkout": anyone).
  'GET /shipping-options',
  'GET /tax-rates',
  // The API's own description (OpenAPI document and its viewer).
  'GET /openapi.json',
  'GET /docs',
]);
/** Routes (and queries) only the admin may call (API.md). */
const ADMIN_ONLY = [
  'GET /users',
  'POST /products',
  'PATCH /products/{productId}',
  'DELETE /products/{productId}',
  'POST /orders/{orderId}/ship',
  'POST /orders/{orderId}/deliver',
  'GET /orders?scope=all',
  // Stores: the platform admin only (a store's own admin may PATCH it; a customer may not).
  'POST /stores',
  'PATCH /stores/{storeId}',
  'PUT /stores/{storeId}/admins/{email}',
  'DELETE /stores/{storeId}/admins/{email}',
];

const protectedRoutes = shop.routes.filter((route) => !PUBLIC.has(`${route.method} ${route.path}`));

let owner: SignedInUser;
let stranger: SignedInUser;
let productId: string;
let orderId: string;
const tokens: Record<string, string> = {};

/** A plausible body per route, so that nothing but the token can be the reason for a refusal. */
const bodyFor = (method: string, path: string): unknown => {
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (path === '/cart/items/{productId}' && method === 'PUT') return { quantity: 1 };
  if (path === '/cart/checkout') return { shippingAddress: ADDRESS };
  if (path === '/users/me') return { name: 'Mallory' };
  if (path === '/products' && method === 'POST')
    return { name: 'Forged', description: 'x', category: 'books', price: 1, stock: 1 };
  if (path === '/products/{productId}') return { price: 1 };
  if (path === '/stores' && method === 'POST')
    return { storeId: 'forged-store', name: 'Forged', currency: 'USD', country: 'US' };
  if (path === '/stores/{storeId}') return { name: 'Forged' };
  return {};
};

const pathOf = (path: string) =>
  path
    .replace('{productId}', productId)
    .replace('{orderId}', orderId)
    .replace('{storeId}', 'main')
    .replace('{email}', stranger.email);

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  const admin = await api.admin();
  owner = await api.newCustomer('owner');
  stranger = await api.newCustomer('attacker');
  const product = await api.newProduct(admin.accessToken, { stock: 5, price: 700 }, owner.accessToken);
  productId = product.productId;
  await api.request('PUT', `/cart/items/${productId}`, { token: owner.accessToken, body: { quantity: 1 } });
  const accepted = await api.request('POST', '/cart/checkout', {
    token: owner.accessToken,
    body: { shippingAddress: ADDRESS },
    headers: { 'idempotency-key': crypto.randomUUID() },
  });
  orderId = accepted.body.orderId;
  expect((await api.settledOrder(orderId, owner.accessToken)).status).toBe('CONFIRMED');

  const [header, payload, signature] = owner.accessToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  // A signature of the right length with its first bytes changed.
  const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
  tokens['tampered signature'] = `${header}.${payload}.${flipped}`;
  tokens['tampered claims'] = `${header}.${base64url({ ...claims, sub: stranger.userId })}.${signature}`;
  tokens['alg none'] = `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
  tokens['malformed'] = 'not-a-jwt';
  tokens['id token'] = owner.idToken;
  tokens['admin claim forged'] =
    `${header}.${base64url({ ...claims, 'cognito:groups': ['admin'] })}.${signature}`;

  // Another app client of the same user pool: a real, well-signed token for another audience.
  const userPoolId = output(shop, 'users', 'UserPoolId');
  const { UserPoolClient } = await aws.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: `acceptance-other-client-${Date.now()}`,
      ExplicitAuthFlows: [
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
    }),
  );
  const auth = await aws.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: userPoolId,
      ClientId: UserPoolClient?.ClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: owner.email, PASSWORD: owner.password },
    }),
  );
  const otherClientToken = auth.AuthenticationResult?.AccessToken;
  expect(otherClientToken).toBeTruthy();
  tokens["another app client's token"] = otherClientToken as string;
});

describe('token attacks on every protected route', () => {
  it('derives a non-empty protected route list from the gateway', () => {
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(15);
    expect(protectedRoutes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'GET /cart',
        'POST /cart/checkout',
        'GET /orders/{orderId}',
        'GET /notifications',
        'GET /users/me',
      ]),
    );
  });

  it('answers 401 with one identical problem body to no token, a malformed, tampered, alg-none, ID or foreign-client token', async () => {
    const refusals: Array<{ route: string; attack: string; status: number; text: string }> = [];
    const attacks: Array<[string, Record<string, string>]> = [
      ['no Authorization header', {}],
      [
        'a non-Bearer scheme',
        { authorization: `Basic ${Buffer.from('admin:Admin-pass-1').toString('base64')}` },
      ],
      ['an empty Bearer', { authorization: 'Bearer ' }],
      ...Object.entries(tokens).map(([name, token]): [string, Record<string, string>] => [
        name,
        { authorization: `Bearer ${token}` },
      ]),
    ];
    await mapLimit(protectedRoutes, 2, async (route) => {
      for (const [attack, headers] of attacks) {
        const body = bodyFor(route.method, route.path);
        const answer = await api.request(route.method, pathOf(route.path), {
          body,
          headers: {
            ...headers,
            ...(route.path === '/cart/checkout' ? { 'idempotency-key': crypto.randomUUID() } : {}),
          },
        });
        refusals.push({
          route: `${route.method} ${route.path}`,
          attack,
          status: answer.status,
          text: answer.text,
        });
      }
    });
    const wrong = refusals.filter((refusal) => refusal.status !== 401);
    expect(wrong.map(({ route, attack, status }) => `${route} with ${attack}: ${status}`)).toEqual([]);
    // One body for every refusal: nothing tells an attacker which check failed.
    expect(new Set(refusals.map((refusal) => refusal.text))).toEqual(new Set([refusals[0]?.text]));
    expect(JSON.parse(refusals[0]?.text as string)).toMatchObject({ status: 401, title: expect.any(String) });

    // Nothing the forged tokens tried took effect.
    expect((await api.request('GET', `/orders/${orderId}`, { token: owner.accessToken })).body.status).toBe(
      'CONFIRMED',
    );
    expect((await api.request('GET', `/products/${productId}`)).body.price).toBe(700);
    expect((await api.request('GET', '/users/me', { token: owner.accessToken })).body.name).toBe('owner');
  });

  it('answers 403 to a customer on every admin route and query, and changes nothing', async () => {
    for (const route of ADMIN_ONLY) {
      const [method, path] = route.split(' ') as [string, string];
      const answer = await api.request(method, pathOf(path), {
        token: stranger.accessToken,
        body: bodyFor(method, path.split('?')[0] as string),
      });
      expect(`${route}: ${answer.status}`).toBe(`${route}: 403`);
    }
    expect((await api.request('GET', `/products/${productId}`)).body).toMatchObject({ price: 700, stock: 4 });
    expect((await api.request('GET', '/stores/forged-store')).status).toBe(404);
    expect((await api.request('GET', '/stores/main')).body.name).not.toBe('Forged');
    expect((await api.request('GET', `/orders/${orderId}`, { token: owner.accessToken })).body.status).toBe(
      'CONFIRMED',
    );
    // The admin's own token passes the same routes' checks (so the 403s are about the role).
    const admin = await api.admin();
    expect((await api.request('GET', '/users', { token: admin.accessToken })).status).toBe(200);
    expect((await api.request('GET', '/orders?scope=all', { token: admin.accessToken })).status).toBe(200);
  });

  it("reads nothing of another customer's order, cart or notifications", async () => {
    const asStranger = (method: string, path: string) =>
      api.request(method, path, { token: stranger.accessToken });
    expect((await asStranger('GET', `/orders/${orderId}`)).status).toBe(404);
    expect((await asStranger('POST', `/orders/${orderId}/cancel`)).status).toBe(404);
    expect((await asStranger('GET', '/orders')).body.items).toEqual([]);
    expect((await asStranger('GET', `/orders?status=CONFIRMED`)).body.items).toEqual([]);
    expect((await asStranger('GET', '/cart')).body.items).toEqual([]);
    const mail = await asStranger('GET', '/notifications');
    expect(mail.body.items.every((item: { to: string }) => item.to === stranger.email)).toBe(true);
    expect((await asStranger('GET', '/users/me')).body.userId).toBe(stranger.userId);
    expect((await api.request('GET', `/orders/${orderId}`, { token: owner.accessToken })).body.status).toBe(
      'CONFIRMED',
    );
  });
});
